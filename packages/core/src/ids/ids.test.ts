import { describe, expect, it } from "vitest";
import { idTime, isId, newId } from "./ids.js";

describe("newId", () => {
  it("carries its prefix and a 26-character body", () => {
    const id = newId("inc");
    expect(id).toMatch(/^inc_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isId(id, "inc")).toBe(true);
    expect(isId(id, "pub")).toBe(false);
  });

  it("sorts by creation time, also for many ids made in the same millisecond", () => {
    const at = new Date("2026-11-27T10:00:00Z");
    const ids = Array.from({ length: 1000 }, () => newId("evt", at));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
    const later = newId("evt", new Date("2026-11-27T10:00:00.001Z"));
    expect(later > ids[999]!).toBe(true);
  });

  it("encodes the instant it was made at", () => {
    const at = new Date("2031-02-03T04:05:06.789Z");
    expect(idTime(newId("pub", at)).toISOString()).toBe(at.toISOString());
  });

  it("rejects malformed ids", () => {
    expect(isId("inc_short")).toBe(false);
    expect(isId("INC_01JDQ8Z4X9M2N7K3T5V6W8Y0AB")).toBe(false);
    expect(isId(42)).toBe(false);
  });
});
