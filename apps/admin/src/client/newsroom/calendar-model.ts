// The publishing calendar's arithmetic on the city's clock: days are the city's calendar days
// ("YYYY-MM-DD"), weeks start on Monday, and instants go to the API in UTC. Pure, no React.

export type CalendarView = "week" | "month";

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The city's wall clock at an instant: [year, month (1-12), day, hour, minute, second]. */
function wallClock(instant: number, timeZone: string): number[] {
  const parts = partsFormatter(timeZone).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return [get("year"), get("month"), get("day"), get("hour"), get("minute"), get("second")];
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** How far the city's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = wallClock(instant, timeZone);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(instant / 1000) * 1000;
}

/** The city's calendar day of an instant. */
export function cityDay(instant: Date | string, timeZone: string): string {
  const [year = 0, month = 1, day = 1] = wallClock(new Date(instant).getTime(), timeZone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The instant at which the city's clock shows `day` and `time` ("HH:MM" or "HH:MM:SS"). */
export function cityInstant(day: string, time: string, timeZone: string): Date {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  const [hour = 0, minute = 0, second = 0] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, date, hour, minute, second);
  const first = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(first, timeZone));
}

/** A `datetime-local` value read on the city's clock, as an ISO instant; undefined when empty or invalid. */
export function localInputToIso(value: string, timeZone: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const instant = cityInstant(match[1], match[2], timeZone);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/** An instant as a `datetime-local` value on the city's clock (seconds kept). */
export function isoToLocalInput(iso: string, timeZone: string): string {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = wallClock(
    new Date(iso).getTime(),
    timeZone,
  );
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
}

/** `day` moved by `count` calendar days. */
export function addDays(day: string, count: number): string {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date + count)).toISOString().slice(0, 10);
}

/** 0 for Monday … 6 for Sunday. */
export function weekdayIndex(day: string): number {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  return (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7;
}

export function weekStart(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

/** `day` moved by whole months, kept within the target month (31 January + 1 month = 28/29 February). */
export function addMonths(day: string, count: number): string {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  const target = new Date(Date.UTC(year, month - 1 + count, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, last));
  return target.toISOString().slice(0, 10);
}

/** The days a view shows around `anchor`: a week, or the whole weeks that cover the month. */
export function periodDays(view: CalendarView, anchor: string): string[] {
  if (view === "week") return Array.from({ length: 7 }, (_, index) => addDays(weekStart(anchor), index));
  const first = `${anchor.slice(0, 8)}01`;
  const last = addDays(addMonths(first, 1), -1);
  const start = weekStart(first);
  const end = addDays(weekStart(last), 6);
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The instants bounding the days, for the API: from the first day's midnight to the day after the last. */
export function periodRange(days: readonly string[], timeZone: string): { from: string; to: string } {
  const first = days[0] ?? "1970-01-01";
  const last = days.at(-1) ?? first;
  return {
    from: cityInstant(first, "00:00", timeZone).toISOString(),
    to: cityInstant(addDays(last, 1), "00:00", timeZone).toISOString(),
  };
}

/** The anchor of the previous or next period. */
export function shiftPeriod(view: CalendarView, anchor: string, direction: -1 | 1): string {
  return view === "week" ? addDays(anchor, 7 * direction) : addMonths(anchor, direction);
}

/**
 * Where a key moves the focused day: arrows by a day or a week, Home/End to the week's ends,
 * Page Up/Down by a period. `undefined` for keys the calendar does not use.
 */
export function dayAfterKey(view: CalendarView, day: string, key: string): string | undefined {
  switch (key) {
    case "ArrowLeft":
      return addDays(day, -1);
    case "ArrowRight":
      return addDays(day, 1);
    case "ArrowUp":
      return view === "month" ? addDays(day, -7) : undefined;
    case "ArrowDown":
      return view === "month" ? addDays(day, 7) : undefined;
    case "Home":
      return weekStart(day);
    case "End":
      return addDays(weekStart(day), 6);
    case "PageUp":
      return shiftPeriod(view, day, -1);
    case "PageDown":
      return shiftPeriod(view, day, 1);
    default:
      return undefined;
  }
}

/** Entries grouped by the city's day of their instant. */
export function byCityDay<Entry extends { at: string }>(
  entries: readonly Entry[],
  timeZone: string,
): Map<string, Entry[]> {
  const days = new Map<string, Entry[]>();
  for (const entry of entries) {
    const day = cityDay(entry.at, timeZone);
    days.set(day, [...(days.get(day) ?? []), entry]);
  }
  return days;
}
