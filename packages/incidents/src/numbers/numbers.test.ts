import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRegistrationNumber, parseRegistrationNumber } from "./registration-number.js";
import { isTrackingToken, newTrackingToken } from "./tracking-token.js";

describe("registration numbers", () => {
  it("are written as year and a six-digit sequence", () => {
    expect(formatRegistrationNumber({ year: 2026, sequence: 4215 })).toBe("2026-004215");
  });

  it("are read back however a citizen types them", () => {
    for (const text of ["2026-004215", "2026 4215", "№ 2026/004215", " 2026—4215 "]) {
      expect(parseRegistrationNumber(text)).toEqual({ year: 2026, sequence: 4215 });
    }
    expect(parseRegistrationNumber("inc_01J9")).toBeNull();
  });

  it("round-trip for every valid number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 9999 }),
        fc.integer({ min: 1, max: 999_999 }),
        (year, sequence) => {
          expect(parseRegistrationNumber(formatRegistrationNumber({ year, sequence }))).toEqual({
            year,
            sequence,
          });
        },
      ),
    );
  });

  it("refuse numbers out of range", () => {
    expect(() => formatRegistrationNumber({ year: 2026, sequence: 0 })).toThrow(RangeError);
  });
});

describe("tracking tokens", () => {
  it("carry 128 bits as 22 base64url characters and differ every time", () => {
    const tokens = Array.from({ length: 1000 }, () => newTrackingToken());
    expect(tokens.every(isTrackingToken)).toBe(true);
    expect(new Set(tokens).size).toBe(1000);
  });

  it("encode the random bytes they were given", () => {
    expect(newTrackingToken(() => new Uint8Array(16).fill(255))).toBe("_____________________w");
  });
});
