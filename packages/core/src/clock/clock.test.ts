import { expect, it } from "vitest";
import { manualClock } from "./clock.js";

it("a manual clock stands still until moved", () => {
  const clock = manualClock("2026-11-27T00:00:00Z");
  expect(clock.now().toISOString()).toBe("2026-11-27T00:00:00.000Z");
  clock.advance(90_000);
  expect(clock.now().toISOString()).toBe("2026-11-27T00:01:30.000Z");
  const seen = clock.now();
  seen.setFullYear(2000);
  expect(clock.now().getUTCFullYear()).toBe(2026);
});
