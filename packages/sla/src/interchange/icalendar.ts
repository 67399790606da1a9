import type { BusinessCalendar } from "../calendar/business-calendar.js";
import type { DayKind, DayOverride } from "../calendar/day-override.js";
import { formatIsoDate, type IsoDate, parseIsoDate, tryParseIsoDate } from "../time/civil-date.js";
import { type Instant, toEpochMilliseconds } from "../time/instant.js";

/** The property our export writes, so that an import restores shortened and working days too. */
const KIND_PROPERTY = "X-OTKLIK-DAY-KIND";

/** An event an import could not turn into day overrides, and why. */
export interface SkippedCalendarEvent {
  readonly summary: string;
  readonly reason: string;
}

/** Day overrides read from an iCalendar file. */
export interface ICalendarImport {
  readonly overrides: DayOverride[];
  readonly skipped: SkippedCalendarEvent[];
}

/** Options of {@link importICalendarDays}. */
export interface ICalendarImportOptions {
  /** Kind for events without `X-OTKLIK-DAY-KIND`. Default `"non-working"` (a holiday feed). */
  readonly defaultKind?: DayKind;
}

interface ContentLine {
  readonly name: string;
  readonly parameters: string;
  readonly value: string;
}

function contentLines(text: string): ContentLine[] {
  // RFC 5545 §3.1: a line break followed by a space or tab continues the previous line.
  const unfolded = text.replace(/\r?\n[ \t]/g, "");
  const lines: ContentLine[] = [];
  for (const raw of unfolded.split(/\r?\n/)) {
    if (raw.trim() === "") continue;
    const colon = raw.indexOf(":");
    if (colon < 0) continue;
    const head = raw.slice(0, colon);
    const semicolon = head.indexOf(";");
    lines.push({
      name: (semicolon < 0 ? head : head.slice(0, semicolon)).toUpperCase(),
      parameters: semicolon < 0 ? "" : head.slice(semicolon + 1).toUpperCase(),
      value: raw.slice(colon + 1),
    });
  }
  return lines;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, character: string) =>
    character.toLowerCase() === "n" ? "\n" : character,
  );
}

function escapeText(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
}

function dateValue(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return match ? tryParseIsoDate(`${match[1]}-${match[2]}-${match[3]}`) : undefined;
}

/**
 * Reads all-day events (`DTSTART;VALUE=DATE`) of an iCalendar (RFC 5545) file as day overrides:
 * each day from DTSTART up to the exclusive DTEND. Timed and recurring events are skipped and
 * reported. `X-OTKLIK-DAY-KIND` (written by {@link exportICalendar}) sets the kind.
 */
export function importICalendarDays(text: string, options: ICalendarImportOptions = {}): ICalendarImport {
  const overrides = new Map<number, DayOverride>();
  const skipped: SkippedCalendarEvent[] = [];
  let event: ContentLine[] | undefined;
  for (const line of contentLines(text)) {
    if (line.name === "BEGIN" && line.value.toUpperCase() === "VEVENT") event = [];
    else if (line.name === "END" && line.value.toUpperCase() === "VEVENT" && event) {
      readEvent(event, options.defaultKind ?? "non-working", overrides, skipped);
      event = undefined;
    } else event?.push(line);
  }
  return { overrides: [...overrides.values()].sort((a, b) => (a.date < b.date ? -1 : 1)), skipped };
}

function readEvent(
  lines: readonly ContentLine[],
  defaultKind: DayKind,
  overrides: Map<number, DayOverride>,
  skipped: SkippedCalendarEvent[],
): void {
  const property = (name: string): ContentLine | undefined => lines.find((line) => line.name === name);
  const summary = unescapeText(property("SUMMARY")?.value ?? "");
  if (property("RRULE") || property("RDATE")) {
    skipped.push({ summary, reason: "recurring events are not expanded" });
    return;
  }
  const start = property("DTSTART");
  const first = start ? dateValue(start.value) : undefined;
  if (
    start === undefined ||
    first === undefined ||
    (start.parameters !== "" && !start.parameters.includes("VALUE=DATE"))
  ) {
    skipped.push({ summary, reason: "not an all-day event (DTSTART;VALUE=DATE:YYYYMMDD)" });
    return;
  }
  const end = property("DTEND");
  const afterLast = end ? dateValue(end.value) : first + 1;
  if (afterLast === undefined || afterLast <= first) {
    skipped.push({ summary, reason: "DTEND is not a date after DTSTART" });
    return;
  }
  const declared = property(KIND_PROPERTY)?.value.trim().toLowerCase();
  const kind =
    declared === "working" || declared === "shortened" || declared === "non-working" ? declared : defaultKind;
  for (let day = first; day < afterLast; day++) {
    const date = formatIsoDate(day);
    overrides.set(day, summary ? { date, kind, name: summary } : { date, kind });
  }
}

/** Options of {@link exportICalendar}. */
export interface ICalendarExportOptions {
  /** First and last date to export, inclusive. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** DTSTAMP of the events (RFC 5545 requires one); time is passed in, never read. */
  readonly generatedAt: Instant;
  /** Calendar name (`X-WR-CALNAME`). */
  readonly name?: string;
}

function foldLine(line: string): string {
  // RFC 5545 §3.1: lines longer than 75 octets are folded; never split a UTF-8 character.
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function compactDate(dayNumber: number): string {
  return formatIsoDate(dayNumber).replace(/-/g, "");
}

/**
 * Exports the days of a calendar that differ from an ordinary day (holidays, transferred rest days,
 * shortened and working weekend days: every day with a name or a shortened day) as all-day
 * iCalendar events, with `X-OTKLIK-DAY-KIND` so that {@link importICalendarDays} restores them.
 */
export function exportICalendar(calendar: BusinessCalendar, options: ICalendarExportOptions): string {
  const first = parseIsoDate(options.from);
  const last = parseIsoDate(options.to);
  const stamp = `${new Date(toEpochMilliseconds(options.generatedAt)).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Otklik//@otklik/sla//EN", "CALSCALE:GREGORIAN"];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  lines.push(`X-WR-TIMEZONE:${calendar.timeZone}`);
  for (let day = first; day <= last; day++) {
    const description = calendar.describeDay(formatIsoDate(day));
    if (description.name === undefined && description.kind !== "shortened") continue;
    const hours = description.hours.map(([start, end]) => `${start}–${end}`).join(", ");
    lines.push(
      "BEGIN:VEVENT",
      `UID:${description.date}-${description.kind}@otklik-sla`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(day)}`,
      `DTEND;VALUE=DATE:${compactDate(day + 1)}`,
      `SUMMARY:${escapeText(description.name ?? "Shortened day")}`,
      `DESCRIPTION:${escapeText(hours === "" ? "Non-working day" : `Working hours ${hours}`)}`,
      `TRANSP:${description.kind === "non-working" ? "OPAQUE" : "TRANSPARENT"}`,
      `${KIND_PROPERTY}:${description.kind}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
