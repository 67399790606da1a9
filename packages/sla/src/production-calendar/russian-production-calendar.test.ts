import { describe, expect, it } from "vitest";
import { isWeekend, parseIsoDate } from "../time/civil-date.js";
import { OFFICIAL_YEARS } from "./official-years.js";
import { russianProductionCalendar } from "./russian-production-calendar.js";

const at = (text: string): Date => new Date(text);
const office = russianProductionCalendar();

function yearNorm(year: number): { workingDays: number; hours: number } {
  let workingDays = 0;
  for (let day = parseIsoDate(`${year}-01-01`); day < parseIsoDate(`${year + 1}-01-01`); day++) {
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    if (office.dayKind(date) !== "non-working") workingDays++;
  }
  const hours =
    office.workingMinutesBetween(at(`${year}-01-01T00:00:00+07:00`), at(`${year + 1}-01-01T00:00:00+07:00`)) /
    60;
  return { workingDays, hours };
}

describe("the Russian production calendar as decreed", () => {
  // Norms of working time for a 40-hour week as published with each year's calendar.
  it.each([
    [2021, 247, 1972],
    [2022, 247, 1973],
    [2023, 247, 1973],
    [2024, 248, 1979],
    [2025, 247, 1972],
    [2026, 247, 1972],
  ])("has the official number of working days and hours in %i", (year, workingDays, hours) => {
    expect(yearNorm(year)).toEqual({ workingDays, hours });
  });

  it("moves rest days only from weekend days onto weekdays", () => {
    for (const record of OFFICIAL_YEARS.values()) {
      for (const [from, to] of record.transfers) {
        expect(isWeekend(parseIsoDate(`${record.year}-${from}`)), `${record.year}-${from}`).toBe(true);
        expect(isWeekend(parseIsoDate(`${record.year}-${to}`)), `${record.year}-${to}`).toBe(false);
      }
    }
  });

  it("keeps the New Year block of 2026 closed through the transferred 9 January", () => {
    for (let day = 1; day <= 11; day++) {
      expect(office.dayKind(`2026-01-${String(day).padStart(2, "0")}`)).toBe("non-working");
    }
    expect(office.dayKind("2025-12-31")).toBe("non-working");
    expect(office.dayKind("2026-01-12")).toBe("working");
    // A comment on 30 December at 16:30 with 9 working hours due: 30 minutes that day (not shortened:
    // 31 December is a transferred rest day), 8 hours on 12 January, the last 30 minutes on the 13th.
    expect(office.addWorkingMinutes(at("2025-12-30T16:30:00+07:00"), 540)).toEqual(
      at("2026-01-13T08:30:00+07:00"),
    );
  });

  it("shortens the working Saturday 2025-11-01 that stands in for the pre-holiday 3 November", () => {
    expect(office.describeDay("2025-11-01")).toMatchObject({
      kind: "shortened",
      hours: [
        ["08:00", "12:00"],
        ["13:00", "16:00"],
      ],
    });
    expect(office.dayKind("2025-11-03")).toBe("non-working");
    expect(office.dayKind("2025-11-04")).toBe("non-working");
    expect(office.addWorkingMinutes(at("2025-11-01T15:00:00+07:00"), 60)).toEqual(
      at("2025-11-01T16:00:00+07:00"),
    );
    expect(office.addWorkingMinutes(at("2025-11-01T15:00:00+07:00"), 61)).toEqual(
      at("2025-11-05T08:01:00+07:00"),
    );
  });

  it("does not shorten the day before a transferred rest day (2025-05-07 before 8 May)", () => {
    expect(office.dayKind("2025-05-07")).toBe("working");
    expect(office.dayKind("2025-05-08")).toBe("non-working");
    expect(office.dayKind("2025-04-30")).toBe("shortened");
  });

  it("shortens the Friday before a Saturday holiday (2025-03-07)", () => {
    expect(office.dayKind("2025-03-07")).toBe("shortened");
    expect(office.dayKind("2025-03-10")).toBe("working"); // the decree moved this rest day to 13 June
    expect(office.dayKind("2025-06-13")).toBe("non-working");
  });

  it("names the decree of each official year and reports other years as provisional", () => {
    expect(office.decreeFor(2025)).toMatch(/№ 1335/);
    expect(office.isProvisional(2025)).toBe(false);
    expect(office.isProvisional(2027)).toBe(true);
    expect(office.decreeFor(2027)).toBeUndefined();
  });
});

describe("provisional years follow art. 112", () => {
  it("moves a weekend holiday to the next working day, but not within 1–8 January", () => {
    // 2027: 1 May is a Saturday, 9 May a Sunday, 12 June a Saturday; 2–3 January fall on a weekend.
    expect(office.dayKind("2027-05-03")).toBe("non-working");
    expect(office.dayKind("2027-05-10")).toBe("non-working");
    expect(office.dayKind("2027-06-14")).toBe("non-working");
    expect(office.dayKind("2027-01-11")).toBe("working");
  });

  it("shortens the working day right before a holiday, including 31 December", () => {
    expect(office.dayKind("2027-02-20")).toBe("non-working"); // a Saturday: nothing to shorten
    expect(office.dayKind("2027-02-22")).toBe("shortened");
    expect(office.dayKind("2027-11-03")).toBe("shortened");
    expect(office.dayKind("2027-12-31")).toBe("shortened");
  });

  it("shortens the Friday before a Saturday holiday and works the day after the transferred rest", () => {
    // 2027: 12 June is a Saturday, so its rest moves to Monday 14 June.
    expect(office.dayKind("2027-06-11")).toBe("shortened");
    expect(office.dayKind("2027-06-14")).toBe("non-working");
    expect(office.dayKind("2027-06-15")).toBe("working");
  });
});

describe("calendar options", () => {
  it("adds regional holidays, shortening the day before", () => {
    const khakassia = russianProductionCalendar({
      regionalHolidays: [{ date: "07-03", name: "Day of the Republic" }],
    });
    expect(khakassia.describeDay("2025-07-03")).toMatchObject({
      kind: "non-working",
      name: "Day of the Republic",
    });
    expect(khakassia.dayKind("2025-07-02")).toBe("shortened");
    expect(khakassia.dayKind("2027-07-03")).toBe("non-working"); // a Saturday: nothing moves
    expect(khakassia.dayKind("2027-07-05")).toBe("working");
  });

  it("takes its own hours and time zone", () => {
    const moscow = russianProductionCalendar({
      timeZone: "Europe/Moscow",
      hours: { mon: [["09:00", "18:00"]] },
    });
    expect(moscow.addWorkingMinutes(at("2026-01-12T17:00:00+03:00"), 120)).toEqual(
      at("2026-01-19T10:00:00+03:00"),
    );
  });

  it("lets per-date overrides win over the production calendar", () => {
    const calendar = russianProductionCalendar({ overrides: [{ date: "2026-01-09", kind: "working" }] });
    expect(calendar.dayKind("2026-01-09")).toBe("working");
  });
});
