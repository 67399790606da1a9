import { type IsoDate, tryParseIsoDate } from "../time/civil-date.js";
import type { ClockInterval } from "../time/clock-time.js";
import { CalendarConfigurationError } from "./calendar-configuration-error.js";
import { type DayMinutes, parseDayIntervals } from "./weekly-hours.js";

/** How a day is classified: a full working day, a shortened one, or a day without working time. */
export type DayKind = "working" | "shortened" | "non-working";

/**
 * A change to one date's hours.
 *
 * - `non-working`: a holiday or transferred rest day: no working time.
 * - `working`: works; a weekend day gets an ordinary weekday's hours.
 * - `shortened`: works, and the day's last interval ends earlier (60 minutes by default); a weekend
 *   day is first given an ordinary weekday's hours.
 * - `hours`: works exactly the given intervals.
 */
export type DayOverride =
  | { readonly date: IsoDate; readonly kind: "non-working"; readonly name?: string }
  | { readonly date: IsoDate; readonly kind: "working"; readonly name?: string }
  | { readonly date: IsoDate; readonly kind: "shortened"; readonly name?: string }
  | {
      readonly date: IsoDate;
      readonly kind: "hours";
      readonly hours: readonly ClockInterval[];
      readonly name?: string;
    };

/** An override ready for use: its date as a day number and its hours parsed. */
export interface CompiledOverride {
  readonly dayNumber: number;
  readonly kind: DayOverride["kind"];
  readonly hours: DayMinutes | undefined;
  readonly name: string | undefined;
}

const KINDS = new Set(["non-working", "working", "shortened", "hours"]);

export function compileOverride(override: DayOverride): CompiledOverride {
  const dayNumber = tryParseIsoDate(String(override?.date));
  if (dayNumber === undefined) {
    throw new CalendarConfigurationError(
      `Override date "${String(override?.date)}" is not a date in the form YYYY-MM-DD`,
    );
  }
  if (!KINDS.has(override.kind)) {
    throw new CalendarConfigurationError(
      `Override for ${override.date} has unknown kind "${String(override.kind)}": expected non-working, working, shortened or hours`,
    );
  }
  const hours = override.kind === "hours" ? parseDayIntervals(override.hours, override.date) : undefined;
  return { dayNumber, kind: override.kind, hours, name: override.name };
}

/** Compiles a list of overrides into a map by day number; two overrides for one date are an error. */
export function compileOverrides(overrides: readonly DayOverride[]): Map<number, CompiledOverride> {
  const map = new Map<number, CompiledOverride>();
  for (const override of overrides) {
    const compiled = compileOverride(override);
    if (map.has(compiled.dayNumber)) {
      throw new CalendarConfigurationError(`Two overrides for ${override.date}: keep one`);
    }
    map.set(compiled.dayNumber, compiled);
  }
  return map;
}
