import { describe, expect, it } from "vitest";
import { formatInstant } from "./format-instant.js";

describe("formatInstant", () => {
  const tenUtc = new Date("2026-11-27T10:05:00Z");

  it("shows the city's wall clock, not the server's", () => {
    expect(formatInstant(tenUtc, "ru", "Asia/Krasnoyarsk")).toMatch(/27 ноября 2026.*17:05/);
    expect(formatInstant(tenUtc, "en", "Asia/Krasnoyarsk")).toMatch(/27 November 2026.*17:05/);
  });

  it("crosses midnight in the city's zone", () => {
    expect(formatInstant(new Date("2026-12-31T18:30:00Z"), "ru", "Asia/Krasnoyarsk")).toMatch(
      /1 января 2027.*01:30/,
    );
  });
});
