/**
 * A deliberately naive oracle for differential testing: a table with one flag per UTC minute of
 * 2021–2027 saying whether that minute is working time, built without the library's interval code
 * (offsets read hourly from `Intl` via a different format, days resolved from the weekly template
 * and the calendar's day kinds), and queried by walking it minute by minute.
 */
import type { DayKind } from "../calendar/day-override.js";
import type { WeeklyHours } from "../calendar/weekly-hours.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export interface MinuteOracleOptions {
  readonly timeZone: string;
  readonly hours: WeeklyHours;
  /** The calendar's classification of each local date (the data under test elsewhere). */
  readonly dayKind: (date: string) => DayKind;
  readonly firstYear: number;
  readonly lastYear: number;
  readonly shortenedDayMinutes?: number;
}

export class MinuteOracle {
  /** First and last instant (exclusive) the table answers for. */
  readonly from: number;
  readonly to: number;
  private readonly working: Uint8Array;

  constructor(options: MinuteOracleOptions) {
    this.from = Date.UTC(options.firstYear, 0, 1) - 14 * HOUR;
    this.to = Date.UTC(options.lastYear + 1, 0, 1) + 14 * HOUR;
    const minutes = (this.to - this.from) / MINUTE;
    this.working = new Uint8Array(minutes);
    const offsetFormat = new Intl.DateTimeFormat("en-GB", {
      timeZone: options.timeZone,
      timeZoneName: "longOffset",
    });
    const shorten = options.shortenedDayMinutes ?? 60;
    const dayFlags = new Map<number, Uint8Array>();
    const flagsOf = (dayNumber: number): Uint8Array => {
      let flags = dayFlags.get(dayNumber);
      if (flags) return flags;
      flags = new Uint8Array(1440);
      const date = new Date(dayNumber * DAY);
      const kind = options.dayKind(date.toISOString().slice(0, 10));
      const ownHours = options.hours[WEEKDAY_KEYS[date.getUTCDay()]!] ?? [];
      const ordinary =
        (["mon", "tue", "wed", "thu", "fri"] as const)
          .map((day) => options.hours[day] ?? [])
          .find((h) => h.length > 0) ?? [];
      const hours = ownHours.length > 0 ? ownHours : ordinary;
      if (kind !== "non-working") {
        for (const [start, end] of hours) {
          for (let minute = toMinutes(start); minute < toMinutes(end); minute++) flags[minute] = 1;
        }
        if (kind === "shortened") {
          let remaining = shorten;
          for (let minute = 1439; minute >= 0 && remaining > 0; minute--) {
            if (flags[minute]) {
              flags[minute] = 0;
              remaining--;
            }
          }
        }
      }
      dayFlags.set(dayNumber, flags);
      return flags;
    };
    for (let hourStart = this.from; hourStart < this.to; hourStart += HOUR) {
      const offset = readOffset(offsetFormat, hourStart);
      for (let minute = 0; minute < 60; minute++) {
        const instant = hourStart + minute * MINUTE;
        const wall = instant + offset;
        const dayNumber = Math.floor(wall / DAY);
        const minuteOfDay = Math.floor((wall - dayNumber * DAY) / MINUTE);
        this.working[(instant - this.from) / MINUTE] = flagsOf(dayNumber)[minuteOfDay]!;
      }
    }
  }

  /** Working minutes in `[from, to)`, walking minute by minute; both on whole minutes. */
  workingMinutesBetween(from: number, to: number): number {
    if (to < from) return -this.workingMinutesBetween(to, from);
    let count = 0;
    const last = (to - this.from) / MINUTE;
    for (let index = (from - this.from) / MINUTE; index < last; index++) count += this.working[index]!;
    return count;
  }

  /** The end of the `minutes`-th working minute at or after `from`; `from` itself for 0. */
  addWorkingMinutes(from: number, minutes: number): number {
    if (minutes === 0) return from;
    let remaining = minutes;
    for (let index = (from - this.from) / MINUTE; index < this.working.length; index++) {
      if (this.working[index] && --remaining === 0) return this.from + (index + 1) * MINUTE;
    }
    throw new RangeError("The oracle's table ends before the deadline");
  }

  isWorkingTime(instant: number): boolean {
    return this.working[Math.floor((instant - this.from) / MINUTE)] === 1;
  }
}

function toMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function readOffset(format: Intl.DateTimeFormat, instant: number): number {
  const name = format.formatToParts(instant).find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const sign = match[1] === "-" ? -1 : 1;
  return sign * (Number(match[2]) * HOUR + Number(match[3]) * MINUTE);
}
