import type { IsoDate } from "../time/civil-date.js";
import type { ClockInterval } from "../time/clock-time.js";
import type { Instant } from "../time/instant.js";
import type { DayKind } from "./day-override.js";

/** One local date as the calendar sees it. */
export interface DayDescription {
  readonly date: IsoDate;
  readonly kind: DayKind;
  /** The day's working intervals in wall-clock time; empty on a non-working day. */
  readonly hours: readonly ClockInterval[];
  /** The holiday or override name, when the day has one. */
  readonly name?: string;
}

/**
 * Working time in one time zone. Every method is pure: time is passed in, nothing reads the clock.
 * Instants are `Date` objects or epoch milliseconds; precision is one millisecond.
 */
export interface BusinessCalendar {
  /** The IANA time zone whose wall clock the hours are written in. */
  readonly timeZone: string;
  /** Whether the calendar counts every instant (24/7, real elapsed time). */
  readonly alwaysOpen: boolean;
  /** How a local date is classified. */
  dayKind(date: IsoDate): DayKind;
  /** A local date's kind, hours and name. */
  describeDay(date: IsoDate): DayDescription;
  /** The local date of an instant in the calendar's time zone. */
  localDate(instant: Instant): IsoDate;
  /** Whether the instant is inside working time (intervals are half-open: closing time is outside). */
  isWorkingTime(instant: Instant): boolean;
  /** The instant itself when inside working time, otherwise the next opening. */
  nextWorkingTime(instant: Instant): Date;
  /**
   * The earliest instant at which exactly `minutes` working minutes have passed since `instant`.
   * A deadline landing on closing time is that closing time; `0` returns `instant`; a negative
   * amount counts backwards to the latest instant that far before.
   */
  addWorkingMinutes(instant: Instant, minutes: number): Date;
  /** Working minutes from `from` to `to`; negative when `to` is before `from`. */
  workingMinutesBetween(from: Instant, to: Instant): number;
  /**
   * The closing time of the `days`-th working day after the local date of `instant`
   * (the day of `instant` itself is not counted); `0` returns `instant`.
   */
  addWorkingDays(instant: Instant, days: number): Date;
}
