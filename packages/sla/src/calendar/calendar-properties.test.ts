import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { russianProductionCalendar } from "../production-calendar/russian-production-calendar.js";
import { WEEKDAYS } from "../time/civil-date.js";
import { formatClockTime } from "../time/clock-time.js";
import { alwaysOpenCalendar } from "./always-open-calendar.js";
import type { BusinessCalendar } from "./business-calendar.js";
import { createBusinessCalendar } from "./interval-calendar.js";
import type { WeeklyHours } from "./weekly-hours.js";

const MINUTE = 60_000;
const calendars: Record<string, BusinessCalendar> = {
  "production calendar, Asia/Krasnoyarsk": russianProductionCalendar(),
  "production calendar, Europe/Berlin, round the clock on Sundays": russianProductionCalendar({
    timeZone: "Europe/Berlin",
    hours: { mon: [["08:00", "17:00"]], sun: [["00:00", "24:00"]] },
  }),
  "always open, Europe/Berlin": alwaysOpenCalendar({ timeZone: "Europe/Berlin" }),
};

/** Instants with millisecond precision across 2021–2027. */
const instant = fc.integer({ min: Date.UTC(2021, 0, 1), max: Date.UTC(2027, 11, 1) });
const wholeMinutes = fc.integer({ min: 0, max: 20_000 });

/** Random valid weekly hours: up to three sorted, disjoint intervals on random days. */
const weeklyHours: fc.Arbitrary<WeeklyHours> = fc
  .array(fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2, maxLength: 6 }), {
    minLength: 7,
    maxLength: 7,
  })
  .map((days) => {
    const hours: Record<string, [string, string][]> = {};
    days.forEach((points, index) => {
      const sorted = [...points].sort((a, b) => a - b);
      const intervals: [string, string][] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2)
        intervals.push([formatClockTime(sorted[i]!), formatClockTime(sorted[i + 1]!)]);
      if (intervals.length > 0) hours[WEEKDAYS[index]!] = intervals;
    });
    if (Object.keys(hours).length === 0) hours.mon = [["09:00", "10:00"]];
    return hours;
  });

describe.each(Object.entries(calendars))("working-time arithmetic on the %s", (_name, calendar) => {
  it("measures exactly n working minutes up to addWorkingMinutes(t, n)", () => {
    fc.assert(
      fc.property(instant, wholeMinutes, (start, minutes) => {
        expect(calendar.workingMinutesBetween(start, calendar.addWorkingMinutes(start, minutes))).toBe(
          minutes,
        );
      }),
      { numRuns: 400 },
    );
  });

  it("returns the earliest such instant", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20_000 }), (start, minutes) => {
        const deadline = calendar.addWorkingMinutes(start, minutes).getTime();
        expect(calendar.workingMinutesBetween(start, deadline - 1)).toBeLessThan(minutes);
      }),
      { numRuns: 400 },
    );
  });

  it("counts backwards to the latest instant n working minutes before", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20_000 }), (end, minutes) => {
        const start = calendar.addWorkingMinutes(end, -minutes).getTime();
        expect(calendar.workingMinutesBetween(start, end)).toBe(minutes);
        expect(calendar.workingMinutesBetween(start + 1, end)).toBeLessThan(minutes);
      }),
      { numRuns: 400 },
    );
  });

  it("adds up over consecutive spans and changes sign when reversed", () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        const ab = calendar.workingMinutesBetween(a, b);
        expect(ab + calendar.workingMinutesBetween(b, c)).toBeCloseTo(
          calendar.workingMinutesBetween(a, c),
          9,
        );
        expect(calendar.workingMinutesBetween(b, a) + ab).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it("never counts more than the real time elapsed", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 * 1440 * MINUTE }), (start, length) => {
        const worked = calendar.workingMinutesBetween(start, start + length);
        expect(worked).toBeGreaterThanOrEqual(0);
        expect(worked).toBeLessThanOrEqual(length / MINUTE);
      }),
      { numRuns: 300 },
    );
  });

  it("gives a next working time that is working time with no working time before it", () => {
    fc.assert(
      fc.property(instant, (start) => {
        const next = calendar.nextWorkingTime(start).getTime();
        expect(calendar.isWorkingTime(next)).toBe(true);
        expect(calendar.workingMinutesBetween(start, next)).toBe(0);
        expect(next === start).toBe(calendar.isWorkingTime(start));
      }),
      { numRuns: 300 },
    );
  });
});

describe("arbitrary weekly hours in a DST zone", () => {
  it("keep the round trip and the earliest-deadline property", () => {
    fc.assert(
      fc.property(weeklyHours, instant, fc.integer({ min: 0, max: 5_000 }), (hours, start, minutes) => {
        const calendar = createBusinessCalendar({ timeZone: "Europe/Berlin", hours });
        const deadline = calendar.addWorkingMinutes(start, minutes).getTime();
        expect(calendar.workingMinutesBetween(start, deadline)).toBe(minutes);
        if (minutes > 0) expect(calendar.workingMinutesBetween(start, deadline - 1)).toBeLessThan(minutes);
      }),
      { numRuns: 150 },
    );
  });

  it("equal the real time elapsed when open round the clock", () => {
    const roundTheClock = createBusinessCalendar({
      timeZone: "Europe/Berlin",
      hours: Object.fromEntries(WEEKDAYS.map((day) => [day, [["00:00", "24:00"]]])),
    });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 * 1440 * MINUTE }), (start, length) => {
        expect(roundTheClock.workingMinutesBetween(start, start + length)).toBe(length / MINUTE);
      }),
      { numRuns: 300 },
    );
  });
});
