import type { DayOverride } from "../calendar/day-override.js";
import { dayNumberFromParts, formatIsoDate, isWeekend } from "../time/civil-date.js";
import type { OfficialYear } from "./official-year.js";
import { isNewYearBlock, RUSSIAN_FIXED_HOLIDAYS } from "./russian-holidays.js";

const PRE_HOLIDAY = "Pre-holiday day, one hour shorter";

function holidayDays(year: number): Map<number, string> {
  return new Map(
    RUSSIAN_FIXED_HOLIDAYS.map((holiday) => [
      dayNumberFromParts(year, holiday.month, holiday.day),
      holiday.name,
    ]),
  );
}

function dayOf(year: number, monthDay: string): number {
  const [month, day] = monthDay.split("-").map(Number);
  return dayNumberFromParts(year, month!, day!);
}

/** Day overrides of a year transcribed from its decree. */
export function officialYearOverrides(record: OfficialYear): DayOverride[] {
  const { year } = record;
  const overrides = new Map<number, DayOverride>();
  const holidays = holidayDays(year);
  for (const [dayNumber, name] of holidays) {
    overrides.set(dayNumber, { date: formatIsoDate(dayNumber), kind: "non-working", name });
  }
  for (const [fromText, toText] of record.transfers) {
    const from = dayOf(year, fromText);
    const to = dayOf(year, toText);
    overrides.set(to, {
      date: formatIsoDate(to),
      kind: "non-working",
      name: `Rest day transferred from ${formatIsoDate(from)}`,
    });
    if (!holidays.has(from) && isWeekend(from)) {
      overrides.set(from, {
        date: formatIsoDate(from),
        kind: "working",
        name: `Working day; its rest moved to ${formatIsoDate(to)}`,
      });
    }
  }
  for (const text of record.shortened) {
    const dayNumber = dayOf(year, text);
    const previous = overrides.get(dayNumber);
    const name = previous?.kind === "working" ? `${previous.name}; one hour shorter` : PRE_HOLIDAY;
    overrides.set(dayNumber, { date: formatIsoDate(dayNumber), kind: "shortened", name });
  }
  return [...overrides.values()];
}

/**
 * Day overrides of a year without a decree, by the rules of the Labour Code alone: the holidays of
 * art. 112; a holiday on a Saturday or Sunday moves that rest day to the next working day, except
 * in January 1–8 (those moves need a decree, so they are not guessed); the working day right before
 * a holiday is one hour shorter (art. 95), but not the day before a transferred rest day.
 */
export function provisionalYearOverrides(year: number): DayOverride[] {
  const holidays = holidayDays(year);
  const transferred = new Map<number, number>();
  for (const holiday of RUSSIAN_FIXED_HOLIDAYS) {
    const dayNumber = dayNumberFromParts(year, holiday.month, holiday.day);
    if (!isWeekend(dayNumber) || isNewYearBlock(holiday.month, holiday.day)) continue;
    let target = dayNumber + 1;
    while (isWeekend(target) || holidays.has(target) || transferred.has(target)) target++;
    transferred.set(target, dayNumber);
  }
  const overrides: DayOverride[] = [];
  for (const [dayNumber, name] of holidays) {
    overrides.push({ date: formatIsoDate(dayNumber), kind: "non-working", name });
  }
  for (const [target, source] of transferred) {
    overrides.push({
      date: formatIsoDate(target),
      kind: "non-working",
      name: `Rest day transferred from ${formatIsoDate(source)}`,
    });
  }
  // Include 1 January of the next year: 31 December precedes a holiday.
  const nextNewYear = dayNumberFromParts(year + 1, 1, 1);
  for (const holiday of [...holidays.keys(), nextNewYear]) {
    const before = holiday - 1;
    const isWorkingDay = !isWeekend(before) && !holidays.has(before) && !transferred.has(before);
    if (isWorkingDay && before < nextNewYear) {
      overrides.push({ date: formatIsoDate(before), kind: "shortened", name: PRE_HOLIDAY });
    }
  }
  return overrides;
}
