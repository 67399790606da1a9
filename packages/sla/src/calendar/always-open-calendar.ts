import {
  formatIsoDate,
  type IsoDate,
  MILLISECONDS_PER_DAY,
  MILLISECONDS_PER_MINUTE,
  parseIsoDate,
} from "../time/civil-date.js";
import { type Instant, toEpochMilliseconds } from "../time/instant.js";
import { TimeZoneOffsets } from "../time/time-zone.js";
import type { BusinessCalendar, DayDescription } from "./business-calendar.js";
import type { DayKind } from "./day-override.js";

/** Options of {@link alwaysOpenCalendar}. */
export interface AlwaysOpenCalendarOptions {
  /** Time zone used only for local dates and working days. Default `"UTC"`. */
  readonly timeZone?: string;
}

/**
 * The 24/7 calendar: every instant is working time, so working minutes are real elapsed minutes,
 * also across DST changes (a 23-hour day has 1,380 minutes).
 */
export function alwaysOpenCalendar(options: AlwaysOpenCalendarOptions = {}): BusinessCalendar {
  const timeZone = options.timeZone ?? "UTC";
  const zone = TimeZoneOffsets.of(timeZone);
  const wholeDay: DayDescription["hours"] = [["00:00", "24:00"]];
  return {
    timeZone,
    alwaysOpen: true,
    dayKind(date: IsoDate): DayKind {
      parseIsoDate(date);
      return "working";
    },
    describeDay(date: IsoDate): DayDescription {
      return { date: formatIsoDate(parseIsoDate(date)), kind: "working", hours: wholeDay };
    },
    localDate(instant: Instant): IsoDate {
      return formatIsoDate(zone.localDayNumber(toEpochMilliseconds(instant)));
    },
    isWorkingTime(instant: Instant): boolean {
      toEpochMilliseconds(instant);
      return true;
    },
    nextWorkingTime(instant: Instant): Date {
      return new Date(toEpochMilliseconds(instant));
    },
    addWorkingMinutes(instant: Instant, minutes: number): Date {
      if (!Number.isFinite(minutes))
        throw new RangeError(`Working minutes must be a finite number, got ${minutes}`);
      return new Date(toEpochMilliseconds(instant) + Math.round(minutes * MILLISECONDS_PER_MINUTE));
    },
    workingMinutesBetween(from: Instant, to: Instant): number {
      return (toEpochMilliseconds(to) - toEpochMilliseconds(from)) / MILLISECONDS_PER_MINUTE;
    },
    addWorkingDays(instant: Instant, days: number): Date {
      const time = toEpochMilliseconds(instant);
      if (!Number.isInteger(days) || days < 0) {
        throw new RangeError(`Working days must be a whole number from 0, got ${days}`);
      }
      if (days === 0) return new Date(time);
      const closingDay = zone.localDayNumber(time) + days + 1;
      return new Date(zone.earliestInstantAtOrAfterWall(closingDay * MILLISECONDS_PER_DAY));
    },
  };
}
