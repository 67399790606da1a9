import { CalendarConfigurationError } from "../calendar/calendar-configuration-error.js";
import type { DayOverride } from "../calendar/day-override.js";
import { tryParseIsoDate } from "../time/civil-date.js";

/** One year of day overrides read from an xmlcalendar.ru file. */
export interface XmlCalendarYear {
  readonly year: number;
  readonly overrides: DayOverride[];
}

const ATTRIBUTE = /([\w:-]+)\s*=\s*"([^"]*)"/g;

function attributes(tag: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const match of tag.matchAll(ATTRIBUTE)) result.set(match[1]!, decodeEntities(match[2]!));
  return result;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Reads the xmlcalendar.ru production-calendar format (`<calendar year>`, `<holiday id title>`,
 * `<day d="MM.DD" t="1|2|3" h f>`): type 1 is a non-working day, 2 a shortened working day, 3 a
 * working weekend day. Pass the result's overrides to a calendar.
 *
 * @example
 * const { overrides } = parseXmlCalendar(xml);
 * const calendar = createBusinessCalendar({ timeZone: "Asia/Krasnoyarsk", hours: DEFAULT_OFFICE_HOURS, overrides });
 */
export function parseXmlCalendar(xml: string): XmlCalendarYear {
  const calendarTag = /<calendar\b[^>]*>/.exec(xml);
  const year = Number(calendarTag ? attributes(calendarTag[0]).get("year") : Number.NaN);
  if (!Number.isInteger(year)) {
    throw new CalendarConfigurationError('Not an xmlcalendar file: expected <calendar year="YYYY" …>');
  }
  const holidays = new Map<string, string>();
  for (const match of xml.matchAll(/<holiday\b[^>]*>/g)) {
    const tag = attributes(match[0]);
    const id = tag.get("id");
    const title = tag.get("title");
    if (id !== undefined && title !== undefined) holidays.set(id, title);
  }
  const overrides: DayOverride[] = [];
  for (const match of xml.matchAll(/<day\b[^>]*>/g)) {
    const tag = attributes(match[0]);
    const day = tag.get("d") ?? "";
    const date = `${year}-${day.replace(".", "-")}`;
    if (!/^\d{2}\.\d{2}$/.test(day) || tryParseIsoDate(date) === undefined) {
      throw new CalendarConfigurationError(`xmlcalendar day "${day}" is not a date in the form MM.DD`);
    }
    const holiday = holidays.get(tag.get("h") ?? "");
    const from = tag.get("f");
    const name =
      holiday ?? (from ? `Rest day transferred from ${year}-${from.replace(".", "-")}` : undefined);
    const kind = { "1": "non-working", "2": "shortened", "3": "working" }[tag.get("t") ?? ""] as
      | "non-working"
      | "shortened"
      | "working"
      | undefined;
    if (kind === undefined) {
      throw new CalendarConfigurationError(
        `xmlcalendar day ${day} has unknown type t="${tag.get("t")}": expected 1, 2 or 3`,
      );
    }
    overrides.push(name === undefined ? { date, kind } : { date, kind, name });
  }
  return { year, overrides };
}
