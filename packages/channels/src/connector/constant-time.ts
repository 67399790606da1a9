import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Compares two secrets without leaking, through timing, how many leading characters matched.
 * Both sides are hashed first so that strings of different lengths compare in constant time too.
 */
export function constantTimeEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const left = createHash("sha256").update(given, "utf8").digest();
  const right = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(left, right) && given.length === expected.length;
}
