import type { BusinessCalendar } from "../calendar/business-calendar.js";
import type { WeeklyHours } from "../calendar/weekly-hours.js";
import { russianProductionCalendar } from "../production-calendar/russian-production-calendar.js";
import { MinuteOracle } from "./minute-oracle.js";

/** Night hours on every day, crossing the 02:00–03:00 window in which Berlin's clocks change. */
export const BERLIN_NIGHT_SHIFT_HOURS: WeeklyHours = {
  mon: [
    ["00:00", "02:30"],
    ["08:00", "12:00"],
    ["13:00", "17:00"],
  ],
  tue: [
    ["08:00", "12:00"],
    ["13:00", "17:00"],
    ["22:00", "24:00"],
  ],
  wed: [
    ["00:00", "03:00"],
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
  sat: [["10:00", "14:00"]],
  sun: [
    ["01:30", "02:30"],
    ["02:45", "03:15"],
    ["22:00", "24:00"],
  ],
};

export interface DifferentialSubject {
  readonly name: string;
  readonly calendar: BusinessCalendar;
  readonly oracle: MinuteOracle;
}

/** The Russian production calendar in Abakan's zone and, with night hours, in Europe/Berlin. */
export function differentialSubjects(): DifferentialSubject[] {
  const subjects: { name: string; timeZone: string; hours?: WeeklyHours }[] = [
    { name: "Asia/Krasnoyarsk office", timeZone: "Asia/Krasnoyarsk" },
    { name: "Europe/Berlin night shift", timeZone: "Europe/Berlin", hours: BERLIN_NIGHT_SHIFT_HOURS },
  ];
  return subjects.map(({ name, timeZone, hours }) => {
    const calendar = russianProductionCalendar(hours ? { timeZone, hours } : { timeZone });
    const oracle = new MinuteOracle({
      timeZone,
      hours: hours ?? {
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
      },
      dayKind: (date) => calendar.dayKind(date),
      firstYear: 2021,
      lastYear: 2027,
    });
    return { name, calendar, oracle };
  });
}

/** A small seeded generator (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Disagreement {
  readonly subject: string;
  readonly operation: string;
  readonly from: string;
  readonly argument: string;
  readonly expected: string;
  readonly actual: string;
}

const MINUTE = 60_000;
const SPAN_MINUTES = 31 * 1440;

/**
 * Runs `cases` random comparisons per subject: starts on whole minutes in 2021–2027, spans up to
 * 31 days, both operations, and returns every disagreement.
 */
export function runDifferential(
  subjects: readonly DifferentialSubject[],
  cases: number,
  seed: number,
): Disagreement[] {
  const random = seededRandom(seed);
  const disagreements: Disagreement[] = [];
  const first = Date.UTC(2021, 0, 1) / MINUTE;
  const last = Date.UTC(2027, 9, 20) / MINUTE; // room for a reversed pair plus a 31-day deadline
  for (let index = 0; index < cases; index++) {
    const subject = subjects[index % subjects.length]!;
    const { calendar, oracle } = subject;
    const from = (first + Math.floor(random() * (last - first))) * MINUTE;
    const to = from + Math.floor(random() * SPAN_MINUTES) * MINUTE;
    const [a, b] = random() < 0.1 ? [to, from] : [from, to];
    const expectedBetween = oracle.workingMinutesBetween(a, b);
    const actualBetween = calendar.workingMinutesBetween(a, b);
    const report = (operation: string, argument: string, expected: string, actual: string): void => {
      disagreements.push({
        subject: subject.name,
        operation,
        from: new Date(a).toISOString(),
        argument,
        expected,
        actual,
      });
    };
    if (expectedBetween !== actualBetween) {
      report(
        "workingMinutesBetween",
        new Date(b).toISOString(),
        String(expectedBetween),
        String(actualBetween),
      );
    }
    const minutes = Math.floor(random() * Math.abs(expectedBetween) + (random() < 0.5 ? 1 : 0));
    const expectedAdd = oracle.addWorkingMinutes(a, minutes);
    const actualAdd = calendar.addWorkingMinutes(a, minutes).getTime();
    if (expectedAdd !== actualAdd) {
      report(
        "addWorkingMinutes",
        String(minutes),
        new Date(expectedAdd).toISOString(),
        new Date(actualAdd).toISOString(),
      );
    }
    if (oracle.isWorkingTime(a) !== calendar.isWorkingTime(a)) {
      report("isWorkingTime", "", String(oracle.isWorkingTime(a)), String(calendar.isWorkingTime(a)));
    }
  }
  return disagreements;
}
