import { describe, expect, it } from "vitest";
import {
  ACCOUNT_THROTTLE,
  afterFailure,
  type FailureCounter,
  lockedForSeconds,
} from "./sign-in-throttle-policy.js";

const start = new Date("2026-11-27T02:00:00Z");
const minutes = (count: number): Date => new Date(start.getTime() + count * 60_000);

function fail(times: number, at: (index: number) => Date, from?: FailureCounter): FailureCounter | undefined {
  let counter = from;
  for (let index = 0; index < times; index++) counter = afterFailure(counter, at(index), ACCOUNT_THROTTLE);
  return counter;
}

describe("sign-in throttling", () => {
  it("locks for 15 minutes at the fifth failure within 15 minutes", () => {
    const four = fail(4, (index) => minutes(index));
    expect(lockedForSeconds(four, minutes(4))).toBeUndefined();
    const five = afterFailure(four, minutes(4), ACCOUNT_THROTTLE);
    expect(lockedForSeconds(five, minutes(4))).toBe(15 * 60);
    expect(lockedForSeconds(five, minutes(18))).toBe(60);
    expect(lockedForSeconds(five, minutes(19))).toBeUndefined();
  });

  it("forgets failures spread wider than the window", () => {
    const spread = fail(10, (index) => minutes(index * 4));
    expect(lockedForSeconds(spread, minutes(36))).toBeUndefined();
  });

  it("starts counting afresh once a lock has run out", () => {
    const locked = fail(5, () => start);
    const after = afterFailure(locked, minutes(16), ACCOUNT_THROTTLE);
    expect(after.failures).toBe(1);
    expect(after.lockedUntil).toBeNull();
  });
});
