import { describe, expect, it } from "vitest";
import { createBusinessCalendar } from "../calendar/interval-calendar.js";
import { DEFAULT_OFFICE_HOURS } from "../calendar/weekly-hours.js";
import { russianProductionCalendar } from "../production-calendar/russian-production-calendar.js";
import { exportICalendar, importICalendarDays } from "./icalendar.js";
import { parseXmlCalendar } from "./xmlcalendar.js";

const XML_2025 = `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2025" lang="ru" date="2025.10.01">
  <holidays>
    <holiday id="1" title="Новогодние каникулы"/>
    <holiday id="8" title="День народного единства"/>
  </holidays>
  <days>
    <day d="01.01" t="1" h="1"/>
    <day d="03.07" t="2"/>
    <day d="05.08" t="1" f="02.23"/>
    <day d="11.01" t="2"/>
    <day d="11.03" t="1" f="11.01"/>
    <day d="11.04" t="1" h="8"/>
  </days>
</calendar>`;

describe("xmlcalendar import", () => {
  it("reads holidays, transferred rest days, shortened and working days", () => {
    const { year, overrides } = parseXmlCalendar(XML_2025);
    expect(year).toBe(2025);
    expect(overrides).toEqual([
      { date: "2025-01-01", kind: "non-working", name: "Новогодние каникулы" },
      { date: "2025-03-07", kind: "shortened" },
      { date: "2025-05-08", kind: "non-working", name: "Rest day transferred from 2025-02-23" },
      { date: "2025-11-01", kind: "shortened" },
      { date: "2025-11-03", kind: "non-working", name: "Rest day transferred from 2025-11-01" },
      { date: "2025-11-04", kind: "non-working", name: "День народного единства" },
    ]);
  });

  it("feeds a calendar: a shortened Saturday works an ordinary day less an hour", () => {
    const calendar = createBusinessCalendar({
      timeZone: "Asia/Krasnoyarsk",
      hours: DEFAULT_OFFICE_HOURS,
      overrides: parseXmlCalendar(XML_2025).overrides,
    });
    expect(calendar.describeDay("2025-11-01").hours).toEqual([
      ["08:00", "12:00"],
      ["13:00", "16:00"],
    ]);
  });

  it("names what is wrong with a file it cannot read", () => {
    expect(() => parseXmlCalendar("<html/>")).toThrow(/Not an xmlcalendar file/);
    expect(() =>
      parseXmlCalendar('<calendar year="2025"><days><day d="13.01" t="1"/></days></calendar>'),
    ).toThrow(/"13.01" is not a date/);
    expect(() =>
      parseXmlCalendar('<calendar year="2025"><days><day d="01.13" t="7"/></days></calendar>'),
    ).toThrow();
  });
});

describe("iCalendar import", () => {
  const ics = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "BEGIN:VEVENT",
    "DTSTART;VALUE=DATE:20260101",
    "DTEND;VALUE=DATE:20260112",
    "SUMMARY:Новогодние каникулы\\, Рождество",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART;VALUE=DATE:20260703",
    "SUMMARY:Day of the Repu",
    " blic",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART:20260305T100000Z",
    "DTEND:20260305T110000Z",
    "SUMMARY:Meeting",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART;VALUE=DATE:20260223",
    "RRULE:FREQ=YEARLY",
    "SUMMARY:Defender of the Fatherland Day",
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\r\n");

  it("turns all-day events into non-working days, one per day up to the exclusive end", () => {
    const { overrides, skipped } = importICalendarDays(ics);
    expect(overrides).toHaveLength(12);
    expect(overrides[0]).toEqual({
      date: "2026-01-01",
      kind: "non-working",
      name: "Новогодние каникулы, Рождество",
    });
    expect(overrides[10]?.date).toBe("2026-01-11");
    expect(overrides[11]).toEqual({ date: "2026-07-03", kind: "non-working", name: "Day of the Republic" });
    expect(skipped.map((event) => event.reason)).toEqual([
      "not an all-day event (DTSTART;VALUE=DATE:YYYYMMDD)",
      "recurring events are not expanded",
    ]);
  });
});

describe("iCalendar export", () => {
  const office = russianProductionCalendar();
  const exported = exportICalendar(office, {
    from: "2025-10-25",
    to: "2025-11-10",
    generatedAt: Date.UTC(2025, 9, 1),
    name: "Abakan",
  });

  it("writes the special days as all-day events with CRLF lines of at most 75 octets", () => {
    expect(exported.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(exported).toContain("DTSTART;VALUE=DATE:20251101\r\n");
    expect(exported).toContain("X-OTKLIK-DAY-KIND:shortened\r\n");
    expect(exported).toContain("DTSTAMP:20251001T000000Z\r\n");
    for (const line of exported.split("\r\n"))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it("round-trips through import into the same day kinds", () => {
    const { overrides, skipped } = importICalendarDays(exported);
    expect(skipped).toEqual([]);
    expect(overrides.map((override) => [override.date, override.kind])).toEqual([
      ["2025-11-01", "shortened"],
      ["2025-11-03", "non-working"],
      ["2025-11-04", "non-working"],
    ]);
  });
});
