/**
 * Civil (wall-calendar) dates as whole day numbers: days since 1970-01-01.
 * Working with integers keeps date arithmetic exact and allocation-free.
 */

export const MILLISECONDS_PER_MINUTE = 60_000;
export const MILLISECONDS_PER_DAY = 86_400_000;

/** An ISO calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** The weekdays, Monday first, as used in weekly hours. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a civil date, by arithmetic alone (Howard Hinnant's days-from-civil). */
export function dayNumberFromParts(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses `YYYY-MM-DD` into a day number, or returns undefined when it is not a real date. */
export function tryParseIsoDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumberFromParts(year, month, day);
}

/** Parses `YYYY-MM-DD` into a day number; throws a RangeError naming the text otherwise. */
export function parseIsoDate(text: string): number {
  const dayNumber = tryParseIsoDate(text);
  if (dayNumber === undefined) throw new RangeError(`"${text}" is not a date in the form YYYY-MM-DD`);
  return dayNumber;
}

export function formatIsoDate(dayNumber: number): IsoDate {
  const year = yearOfDay(dayNumber);
  let month = 1;
  while (month < 12 && dayNumberFromParts(year, month + 1, 1) <= dayNumber) month++;
  const day = dayNumber - dayNumberFromParts(year, month, 1) + 1;
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** The year of a day number, by arithmetic alone (Howard Hinnant's civil-from-days). */
export function yearOfDay(dayNumber: number): number {
  const shifted = dayNumber + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0);
}

export function isWeekend(dayNumber: number): boolean {
  return weekdayIndex(dayNumber) >= 5;
}
