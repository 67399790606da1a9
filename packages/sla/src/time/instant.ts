/** A point in time: a `Date` or epoch milliseconds. */
export type Instant = Date | number;

/** Epoch milliseconds of an instant; throws a RangeError for an invalid date. */
export function toEpochMilliseconds(instant: Instant): number {
  const value = typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(value))
    throw new RangeError("Invalid instant: expected a valid Date or epoch milliseconds");
  return value;
}
