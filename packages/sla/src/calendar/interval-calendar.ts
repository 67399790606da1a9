import {
  formatIsoDate,
  type IsoDate,
  MILLISECONDS_PER_MINUTE,
  parseIsoDate,
  weekdayIndex,
  yearOfDay,
} from "../time/civil-date.js";
import { type Instant, toEpochMilliseconds } from "../time/instant.js";
import { TimeZoneOffsets } from "../time/time-zone.js";
import type { BusinessCalendar, DayDescription } from "./business-calendar.js";
import { CalendarConfigurationError } from "./calendar-configuration-error.js";
import { type CompiledOverride, compileOverrides, type DayKind, type DayOverride } from "./day-override.js";
import {
  type DayMinutes,
  formatDayMinutes,
  parseWeeklyHours,
  shortenDay,
  type WeeklyHours,
} from "./weekly-hours.js";
import { WorkingTimeTable } from "./working-time-table.js";

const MINIMUM_YEAR = 1900;
const MAXIMUM_YEAR = 2999;
const EMPTY: DayMinutes = [];

/** Options of {@link createBusinessCalendar}. */
export interface BusinessCalendarOptions {
  /** IANA time zone of the hours, e.g. `"Asia/Krasnoyarsk"`. */
  readonly timeZone: string;
  /** Weekly template; an omitted weekday is a day off. */
  readonly hours: WeeklyHours;
  /** Per-date overrides; they win over `overridesForYear`. */
  readonly overrides?: readonly DayOverride[];
  /**
   * Overrides generated per year, asked for lazily the first time a year is needed
   * (a production calendar, say). Called at most once per year.
   */
  readonly overridesForYear?: (year: number) => readonly DayOverride[];
  /** How much shorter a `shortened` day is, in minutes. Default 60 (art. 95 of the Labour Code). */
  readonly shortenedDayMinutes?: number;
  /**
   * Years to precompute when the calendar is created, e.g. `[2021, 2030]`. Without it the first query
   * builds the years around it; either way a query outside the built years extends them.
   */
  readonly precomputeYears?: readonly [firstYear: number, lastYear: number];
}

/**
 * A calendar from a time zone, a weekly template and per-date overrides. Working time is kept as
 * precomputed intervals with prefix sums per range of years, built lazily on first use and
 * extended when a query reaches outside, so every query is a binary search.
 */
export function createBusinessCalendar(options: BusinessCalendarOptions): BusinessCalendar {
  return new IntervalCalendar(options);
}

class IntervalCalendar implements BusinessCalendar {
  readonly timeZone: string;
  readonly alwaysOpen = false;
  private readonly zone: TimeZoneOffsets;
  private readonly week: DayMinutes[];
  /** Hours given to a working weekend day: the first weekday (Mon–Fri) with working time. */
  private readonly ordinaryDay: DayMinutes;
  private readonly shortenedDayMinutes: number;
  private readonly overrides: Map<number, CompiledOverride>;
  private readonly overridesForYear: ((year: number) => readonly DayOverride[]) | undefined;
  private readonly yearOverrides = new Map<number, Map<number, CompiledOverride>>();
  private table: WorkingTimeTable | undefined;

  constructor(options: BusinessCalendarOptions) {
    if (typeof options?.timeZone !== "string") {
      throw new CalendarConfigurationError(
        'A calendar needs a timeZone, an IANA name such as "Asia/Krasnoyarsk"',
      );
    }
    this.zone = TimeZoneOffsets.of(options.timeZone);
    this.timeZone = options.timeZone;
    this.week = parseWeeklyHours(options.hours);
    this.ordinaryDay =
      this.week.slice(0, 5).find((day) => day.length > 0) ?? this.week.find((day) => day.length > 0)!;
    const shortenedDayMinutes = options.shortenedDayMinutes ?? 60;
    if (!Number.isInteger(shortenedDayMinutes) || shortenedDayMinutes < 0 || shortenedDayMinutes > 1440) {
      throw new CalendarConfigurationError(
        `shortenedDayMinutes must be a whole number of minutes from 0 to 1440, got ${shortenedDayMinutes}`,
      );
    }
    this.shortenedDayMinutes = shortenedDayMinutes;
    this.overrides = compileOverrides(options.overrides ?? []);
    this.overridesForYear = options.overridesForYear;
    if (options.precomputeYears !== undefined) {
      const [firstYear, lastYear] = options.precomputeYears;
      if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear) {
        throw new CalendarConfigurationError(
          `precomputeYears must be two whole years, first not after last, got [${firstYear}, ${lastYear}]`,
        );
      }
      this.extend(firstYear, lastYear);
    }
  }

  dayKind(date: IsoDate): DayKind {
    return this.resolveDay(parseIsoDate(date)).kind;
  }

  describeDay(date: IsoDate): DayDescription {
    const dayNumber = parseIsoDate(date);
    const { kind, hours, name } = this.resolveDay(dayNumber);
    const description = { date: formatIsoDate(dayNumber), kind, hours: formatDayMinutes(hours) };
    return name === undefined ? description : { ...description, name };
  }

  localDate(instant: Instant): IsoDate {
    return formatIsoDate(this.zone.localDayNumber(toEpochMilliseconds(instant)));
  }

  isWorkingTime(instant: Instant): boolean {
    const time = toEpochMilliseconds(instant);
    return this.tableCovering(time).isWorking(time);
  }

  nextWorkingTime(instant: Instant): Date {
    const time = toEpochMilliseconds(instant);
    let table = this.tableCovering(time);
    for (;;) {
      const next = table.nextWorking(time);
      if (!Number.isNaN(next)) return new Date(next);
      table = this.extend(table.firstYear, table.lastYear + yearsToGrow(table));
    }
  }

  addWorkingMinutes(instant: Instant, minutes: number): Date {
    const time = toEpochMilliseconds(instant);
    if (!Number.isFinite(minutes))
      throw new RangeError(`Working minutes must be a finite number, got ${minutes}`);
    const amount = Math.round(minutes * MILLISECONDS_PER_MINUTE);
    if (amount === 0) return new Date(time);
    let table = this.tableCovering(time);
    for (;;) {
      const result = amount > 0 ? table.addForward(time, amount) : table.addBackward(time, -amount);
      if (!Number.isNaN(result)) return new Date(result);
      table =
        amount > 0
          ? this.extend(table.firstYear, table.lastYear + yearsToGrow(table))
          : this.extend(table.firstYear - yearsToGrow(table), table.lastYear);
    }
  }

  workingMinutesBetween(from: Instant, to: Instant): number {
    const start = toEpochMilliseconds(from);
    const end = toEpochMilliseconds(to);
    let table = this.tableCovering(start);
    if (!table.covers(end)) table = this.tableCovering(end);
    return (table.workingBefore(end) - table.workingBefore(start)) / MILLISECONDS_PER_MINUTE;
  }

  addWorkingDays(instant: Instant, days: number): Date {
    const time = toEpochMilliseconds(instant);
    if (!Number.isInteger(days) || days < 0) {
      throw new RangeError(`Working days must be a whole number from 0, got ${days}`);
    }
    if (days === 0) return new Date(time);
    const dayNumber = this.zone.localDayNumber(time);
    let table = this.tableCovering(time);
    for (;;) {
      const close = table.closeOfWorkingDayAfter(dayNumber, days);
      if (!Number.isNaN(close)) return new Date(close);
      table = this.extend(table.firstYear, table.lastYear + yearsToGrow(table));
    }
  }

  /** The day's working time in minutes; the fast path of resolveDay for days without overrides. */
  private hoursOf(dayNumber: number): DayMinutes {
    const override = this.overrides.get(dayNumber) ?? this.generatedOverride(dayNumber);
    return override === undefined ? this.week[weekdayIndex(dayNumber)]! : this.resolveDay(dayNumber).hours;
  }

  /** The day's working time in minutes after applying overrides. */
  private resolveDay(dayNumber: number): { kind: DayKind; hours: DayMinutes; name: string | undefined } {
    const override = this.overrides.get(dayNumber) ?? this.generatedOverride(dayNumber);
    const template = this.week[weekdayIndex(dayNumber)]!;
    if (override === undefined) {
      return { kind: template.length > 0 ? "working" : "non-working", hours: template, name: undefined };
    }
    const name = override.name;
    switch (override.kind) {
      case "non-working":
        return { kind: "non-working", hours: EMPTY, name };
      case "working": {
        const hours = template.length > 0 ? template : this.ordinaryDay;
        return { kind: "working", hours, name };
      }
      case "shortened": {
        const hours = shortenDay(template.length > 0 ? template : this.ordinaryDay, this.shortenedDayMinutes);
        return { kind: hours.length > 0 ? "shortened" : "non-working", hours, name };
      }
      case "hours": {
        const hours = override.hours ?? EMPTY;
        return { kind: hours.length > 0 ? "working" : "non-working", hours, name };
      }
    }
  }

  private generatedOverride(dayNumber: number): CompiledOverride | undefined {
    if (this.overridesForYear === undefined) return undefined;
    const year = yearOfDay(dayNumber);
    let map = this.yearOverrides.get(year);
    if (map === undefined) {
      map = compileOverrides(this.overridesForYear(year));
      this.yearOverrides.set(year, map);
    }
    return map.get(dayNumber);
  }

  private tableCovering(instant: number): WorkingTimeTable {
    const table = this.table;
    if (table?.covers(instant)) return table;
    const year = new Date(instant).getUTCFullYear();
    if (table === undefined) return this.extend(year - 1, year + 1);
    return instant < table.coverageStart
      ? this.extend(Math.min(year - 1, table.firstYear - 1), table.lastYear)
      : this.extend(table.firstYear, Math.max(year + 1, table.lastYear + 1));
  }

  private extend(firstYear: number, lastYear: number): WorkingTimeTable {
    if (firstYear < MINIMUM_YEAR || lastYear > MAXIMUM_YEAR) {
      throw new RangeError(
        `Working time is computed for the years ${MINIMUM_YEAR}–${MAXIMUM_YEAR} only; the query needs ${firstYear < MINIMUM_YEAR ? firstYear : lastYear}`,
      );
    }
    this.table = new WorkingTimeTable(this.zone, firstYear, lastYear, (dayNumber) => this.hoursOf(dayNumber));
    return this.table;
  }
}

function yearsToGrow(table: WorkingTimeTable): number {
  return Math.max(2, Math.ceil((table.lastYear - table.firstYear + 1) / 2));
}
