/** `MM-DD` within the year of the record. */
export type MonthDay = string;

/**
 * One year of the Russian production calendar as decreed: the rest-day transfers of the
 * Government decree (and those art. 112 part 2 makes automatically) and the shortened days.
 * Everything else follows from art. 112 and the five-day week.
 */
export interface OfficialYear {
  readonly year: number;
  /** The Government decree on transferring rest days for the year. */
  readonly decree: string;
  /**
   * Rest days moved `[from, to]`: `to` becomes non-working; a `from` that is an ordinary Saturday or
   * Sunday becomes a working day. Includes moves made by art. 112 part 2 without a decree.
   */
  readonly transfers: readonly (readonly [from: MonthDay, to: MonthDay])[];
  /** Working days one hour shorter (art. 95): pre-holiday days and working Saturdays that replace one. */
  readonly shortened: readonly MonthDay[];
}
