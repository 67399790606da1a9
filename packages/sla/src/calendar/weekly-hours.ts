import { WEEKDAYS, type Weekday } from "../time/civil-date.js";
import { type ClockInterval, formatClockTime, tryParseClockTime } from "../time/clock-time.js";
import { CalendarConfigurationError } from "./calendar-configuration-error.js";

/**
 * Working hours per weekday: several half-open intervals a day, `24:00` allowed as an end.
 * An omitted day is a day off.
 */
export type WeeklyHours = Partial<Record<Weekday, readonly ClockInterval[]>>;

/** Monday to Friday, 08:00–12:00 and 13:00–17:00: a Russian municipal office with a lunch break. */
export const DEFAULT_OFFICE_HOURS: WeeklyHours = Object.freeze({
  mon: [
    ["08:00", "12:00"],
    ["13:00", "17:00"],
  ],
  tue: [
    ["08:00", "12:00"],
    ["13:00", "17:00"],
  ],
  wed: [
    ["08:00", "12:00"],
    ["13:00", "17:00"],
  ],
  thu: [
    ["08:00", "12:00"],
    ["13:00", "17:00"],
  ],
  fri: [
    ["08:00", "12:00"],
    ["13:00", "17:00"],
  ],
});

/** Every day, all day. */
export const ROUND_THE_CLOCK_HOURS: WeeklyHours = Object.freeze(
  Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, [["00:00", "24:00"]] as const])),
);

/**
 * A day's working time as a flat list of minute pairs `[start0, end0, start1, end1, …]`, sorted,
 * non-overlapping, with touching intervals merged.
 */
export type DayMinutes = readonly number[];

/**
 * Parses and validates one day's intervals. `where` names the day in error messages.
 */
export function parseDayIntervals(intervals: readonly ClockInterval[], where: string): DayMinutes {
  if (!Array.isArray(intervals)) {
    throw new CalendarConfigurationError(`Hours for ${where} must be a list of ["HH:MM", "HH:MM"] intervals`);
  }
  const parsed = intervals.map((interval) => {
    if (!Array.isArray(interval) || interval.length !== 2) {
      throw new CalendarConfigurationError(
        `Hours for ${where} must be a list of ["HH:MM", "HH:MM"] intervals`,
      );
    }
    const [startText, endText] = interval;
    const start = tryParseClockTime(startText);
    const end = tryParseClockTime(endText);
    for (const [text, value] of [
      [startText, start],
      [endText, end],
    ] as const) {
      if (value === undefined) {
        throw new CalendarConfigurationError(
          `"${String(text)}" on ${where} is not a clock time: expected HH:MM from 00:00 to 24:00`,
        );
      }
    }
    if (start! >= end!) {
      throw new CalendarConfigurationError(
        start === end
          ? `Interval ${startText}–${endText} on ${where} is empty`
          : `Interval ${startText}–${endText} on ${where} is reversed: it ends before it starts`,
      );
    }
    return [start!, end!] as const;
  });
  parsed.sort((left, right) => left[0] - right[0]);
  const minutes: number[] = [];
  for (let index = 0; index < parsed.length; index++) {
    const [start, end] = parsed[index]!;
    const previousEnd = minutes.length > 0 ? minutes[minutes.length - 1]! : -1;
    if (start < previousEnd) {
      const previous = parsed[index - 1]!;
      throw new CalendarConfigurationError(
        `Intervals ${formatClockTime(previous[0])}–${formatClockTime(previous[1])} and ` +
          `${formatClockTime(start)}–${formatClockTime(end)} on ${where} overlap`,
      );
    }
    if (start === previousEnd) minutes[minutes.length - 1] = end;
    else minutes.push(start, end);
  }
  return minutes;
}

/** Validates weekly hours into seven day schedules, Monday first. */
export function parseWeeklyHours(hours: WeeklyHours): DayMinutes[] {
  if (typeof hours !== "object" || hours === null) {
    throw new CalendarConfigurationError(
      "Weekly hours must be an object keyed by mon, tue, wed, thu, fri, sat, sun",
    );
  }
  for (const key of Object.keys(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      throw new CalendarConfigurationError(
        `Unknown weekday "${key}" in weekly hours: expected one of ${WEEKDAYS.join(", ")}`,
      );
    }
  }
  const week = WEEKDAYS.map((weekday) => parseDayIntervals(hours[weekday] ?? [], weekday));
  if (week.every((day) => day.length === 0)) {
    throw new CalendarConfigurationError(
      "The weekly hours contain no working time: at least one day needs an interval",
    );
  }
  return week;
}

/** Total minutes of a day schedule. */
export function totalMinutes(day: DayMinutes): number {
  let total = 0;
  for (let index = 0; index < day.length; index += 2) total += day[index + 1]! - day[index]!;
  return total;
}

/**
 * Removes `minutes` from the end of the day's working time, across intervals when the last one
 * is shorter. The pre-holiday day of art. 95 of the Labour Code is one hour shorter.
 */
export function shortenDay(day: DayMinutes, minutes: number): DayMinutes {
  const result = [...day];
  let remaining = minutes;
  while (remaining > 0 && result.length > 0) {
    const end = result[result.length - 1]!;
    const start = result[result.length - 2]!;
    if (end - start > remaining) {
      result[result.length - 1] = end - remaining;
      remaining = 0;
    } else {
      remaining -= end - start;
      result.length -= 2;
    }
  }
  return result;
}

export function formatDayMinutes(day: DayMinutes): ClockInterval[] {
  const intervals: ClockInterval[] = [];
  for (let index = 0; index < day.length; index += 2) {
    intervals.push([formatClockTime(day[index]!), formatClockTime(day[index + 1]!)]);
  }
  return intervals;
}
