/**
 * The two npm peers, configured with the calendar features they support: Monday–Friday with a
 * lunch break and whole-day holidays. Both work in the process's local time zone, so the benchmark
 * runs with TZ=Asia/Krasnoyarsk.
 */
import dayjs from "dayjs";
import dayjsBusinessTime from "dayjs-business-time";
import moment from "moment";
import "moment-business-time";

export interface WorkingTimeLibrary {
  readonly name: string;
  addWorkingMinutes(start: number, minutes: number): number;
  workingMinutesBetween(from: number, to: number): number;
}

interface MomentWithBusinessTime {
  addWorkingTime(amount: number, unit: "minutes"): MomentWithBusinessTime;
  workingDiff(other: MomentWithBusinessTime, unit: "minutes"): number;
  valueOf(): number;
}

interface DayjsWithBusinessTime {
  addBusinessMinutes(minutes: number): DayjsWithBusinessTime;
  businessMinutesDiff(other: DayjsWithBusinessTime): number;
  valueOf(): number;
}

const OFFICE = ["08:00:00", "12:00:00", "13:00:00", "17:00:00"];

/** moment-business-time with the office week and the holidays (`YYYY-MM-DD`). */
export function momentBusinessTime(holidays: readonly string[]): WorkingTimeLibrary {
  moment.updateLocale("en", {
    workinghours: { 0: null, 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE, 6: null },
    holidays: [...holidays],
  } as moment.LocaleSpecification);
  const of = (instant: number): MomentWithBusinessTime =>
    moment(instant) as unknown as MomentWithBusinessTime;
  return {
    name: "moment-business-time",
    addWorkingMinutes: (start, minutes) => of(start).addWorkingTime(minutes, "minutes").valueOf(),
    workingMinutesBetween: (from, to) => of(to).workingDiff(of(from), "minutes"),
  };
}

/** dayjs-business-time with the office week and the holidays (`YYYY-MM-DD`). */
export function dayjsBusinessTimeLibrary(holidays: readonly string[]): WorkingTimeLibrary {
  dayjs.extend(dayjsBusinessTime);
  const segments = [
    { start: "08:00:00", end: "12:00:00" },
    { start: "13:00:00", end: "17:00:00" },
  ];
  const factory = dayjs as unknown as {
    setHolidays(holidays: string[]): void;
    setBusinessTime(hours: Record<string, typeof segments | null>): void;
  };
  factory.setHolidays([...holidays]);
  factory.setBusinessTime({
    sunday: null,
    monday: segments,
    tuesday: segments,
    wednesday: segments,
    thursday: segments,
    friday: segments,
    saturday: null,
  });
  const of = (instant: number): DayjsWithBusinessTime => dayjs(instant) as unknown as DayjsWithBusinessTime;
  return {
    name: "dayjs-business-time",
    addWorkingMinutes: (start, minutes) => of(start).addBusinessMinutes(minutes).valueOf(),
    workingMinutesBetween: (from, to) => of(from).businessMinutesDiff(of(to)),
  };
}
