import { readFileSync } from "node:fs";
import { createBusinessCalendar, DEFAULT_OFFICE_HOURS, russianProductionCalendar } from "@otklik/sla";
import { describe, expect, it } from "vitest";
import { parseCsvRows, parseProductionCalendarCsv } from "./production-calendar-csv.js";

const SAMPLE_2026 = readFileSync(new URL("./fixtures/production-calendar-2026.csv", import.meta.url), "utf8");
const HEADER = SAMPLE_2026.split("\r\n")[0]!;
const ROW_2026 = SAMPLE_2026.split("\r\n")[1]!;

describe("the data.gov.ru production calendar", () => {
  const parsed = parseProductionCalendarCsv(SAMPLE_2026);
  const year = parsed.years[0]!;
  const kindOf = (date: string) => year.days.find((day) => day.date === date)?.kind;

  it("reads 2026 with the stated 247 working days and no problem", () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.years.map((y) => y.year)).toEqual([2026]);
    expect(year.workingDays).toBe(247);
    expect(year.statedWorkingDays).toBe(247);
  });

  it("finds the 2026 holidays, the transferred rest days and the shortened days", () => {
    for (const date of [
      "2026-01-01",
      "2026-01-02",
      "2026-01-05",
      "2026-01-06",
      "2026-01-07",
      "2026-01-08",
      "2026-02-23",
      "2026-03-09",
      "2026-05-01",
      "2026-05-11",
      "2026-06-12",
      "2026-11-04",
    ]) {
      expect(kindOf(date), date).toBe("non-working");
    }
    // 3 and 4 January fall on a weekend: moved to Friday 9 January and Thursday 31 December.
    expect(kindOf("2026-01-09")).toBe("non-working");
    expect(year.days.find((day) => day.date === "2026-01-09")?.note).toMatch(/Перенесённый выходной/);
    expect(kindOf("2026-12-31")).toBe("non-working");
    for (const date of ["2026-04-30", "2026-05-08", "2026-06-11", "2026-11-03"]) {
      expect(kindOf(date), date).toBe("shortened");
    }
    // An ordinary weekday and an ordinary weekend differ from nothing: they are not listed.
    expect(kindOf("2026-03-10")).toBeUndefined();
    expect(kindOf("2026-03-14")).toBeUndefined();
  });

  it("agrees day by day with the decree transcribed in @otklik/sla", () => {
    const fromFile = createBusinessCalendar({
      timeZone: "Asia/Krasnoyarsk",
      hours: DEFAULT_OFFICE_HOURS,
      overrides: year.days.map((day) => ({ date: day.date, kind: day.kind })),
    });
    const decree = russianProductionCalendar();
    const disagreements: string[] = [];
    for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2027, 0, 1); time += 86_400_000) {
      const date = new Date(time).toISOString().slice(0, 10);
      if (fromFile.dayKind(date) !== decree.dayKind(date)) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });

  it("takes a `+` on a weekend as a working day moved there, and a `*` on a weekend as a shortened working day", () => {
    const plusOnSaturday = parseProductionCalendarCsv(
      `${HEADER}\n${ROW_2026.replace('"4,5,11,12,18,19,25,26","1,2,8', '"4+,5,11,12,18,19,25,26","1,2,8').replace(",247,", ",248,")}`,
    );
    expect(plusOnSaturday.problems).toEqual([]);
    expect(plusOnSaturday.years[0]!.days.find((day) => day.date === "2026-07-04")?.kind).toBe("working");
    // Saturday 7 February marked `*`: it works, one hour shorter.
    const starOnSaturday = parseProductionCalendarCsv(
      `${HEADER}\n${ROW_2026.replace('"1,7,8,14', '"1,7*,8,14').replace(",247,", ",248,")}`,
    );
    expect(starOnSaturday.problems).toEqual([]);
    expect(starOnSaturday.years[0]!.days.find((day) => day.date === "2026-02-07")?.kind).toBe("shortened");
  });

  it("reports what it cannot read, by line and column, and imports nothing of that year", () => {
    const badDay = parseProductionCalendarCsv(`${HEADER}\n${ROW_2026.replace('"1,7,8,14', '"1,7,30,14')}`);
    expect(badDay.years).toEqual([]);
    expect(badDay.problems).toEqual([
      expect.objectContaining({ line: 2, column: "Февраль", message: expect.stringContaining("«30»") }),
    ]);
    const wrongTotal = parseProductionCalendarCsv(`${HEADER}\n${ROW_2026.replace(",247,", ",246,")}`);
    expect(wrongTotal.years).toEqual([]);
    expect(wrongTotal.problems[0]).toMatchObject({ line: 2, column: "Всего рабочих дней" });
    expect(parseProductionCalendarCsv("year,jan\n2026,1").problems[0]?.message).toMatch(/Год\/Месяц/);
    const twice = parseProductionCalendarCsv(`${HEADER}\n${ROW_2026}\n${ROW_2026}`);
    expect(twice.years).toHaveLength(1);
    expect(twice.problems[0]).toMatchObject({ line: 3, message: expect.stringContaining("2026") });
  });

  it("splits quoted CSV cells, with a BOM, CRLF and `;` separators", () => {
    expect(parseCsvRows('\uFEFFa;"b;c";"d ""e"""\r\n1;2;3\r\n')).toEqual([
      ["a", "b;c", 'd "e"'],
      ["1", "2", "3"],
    ]);
  });
});
