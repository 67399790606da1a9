import { describe, expect, it } from "vitest";
import { alwaysOpenCalendar } from "./always-open-calendar.js";
import { CalendarConfigurationError } from "./calendar-configuration-error.js";
import { createBusinessCalendar } from "./interval-calendar.js";
import { DEFAULT_OFFICE_HOURS } from "./weekly-hours.js";

const at = (text: string): Date => new Date(text);

describe("a calendar from weekly hours", () => {
  const office = createBusinessCalendar({ timeZone: "Asia/Krasnoyarsk", hours: DEFAULT_OFFICE_HOURS });

  it("treats intervals as half-open: opening is working time, closing is not", () => {
    expect(office.isWorkingTime(at("2024-03-04T08:00:00+07:00"))).toBe(true);
    expect(office.isWorkingTime(at("2024-03-04T11:59:59.999+07:00"))).toBe(true);
    expect(office.isWorkingTime(at("2024-03-04T12:00:00+07:00"))).toBe(false);
    expect(office.isWorkingTime(at("2024-03-04T17:00:00+07:00"))).toBe(false);
  });

  it("gives the instant itself as next working time when inside working time", () => {
    expect(office.nextWorkingTime(at("2024-03-04T09:30:00+07:00"))).toEqual(at("2024-03-04T09:30:00+07:00"));
    expect(office.nextWorkingTime(at("2024-03-04T12:15:00+07:00"))).toEqual(at("2024-03-04T13:00:00+07:00"));
    expect(office.nextWorkingTime(at("2024-03-08T18:00:00+07:00"))).toEqual(at("2024-03-11T08:00:00+07:00"));
  });

  it("ends a deadline that lands on closing time at closing time, not at the next opening", () => {
    expect(office.addWorkingMinutes(at("2024-03-04T16:00:00+07:00"), 60)).toEqual(
      at("2024-03-04T17:00:00+07:00"),
    );
    expect(office.addWorkingMinutes(at("2024-03-04T11:00:00+07:00"), 60)).toEqual(
      at("2024-03-04T12:00:00+07:00"),
    );
  });

  it("returns the instant itself for zero minutes, even outside working time", () => {
    expect(office.addWorkingMinutes(at("2024-03-09T03:00:00+07:00"), 0)).toEqual(
      at("2024-03-09T03:00:00+07:00"),
    );
  });

  it("skips the lunch break, the night and the weekend", () => {
    expect(office.addWorkingMinutes(at("2024-03-04T11:30:00+07:00"), 60)).toEqual(
      at("2024-03-04T13:30:00+07:00"),
    );
    expect(office.addWorkingMinutes(at("2024-03-08T16:30:00+07:00"), 60)).toEqual(
      at("2024-03-11T08:30:00+07:00"),
    );
  });

  it("counts backwards for a negative amount, to the latest instant that far before", () => {
    expect(office.addWorkingMinutes(at("2024-03-11T08:30:00+07:00"), -60)).toEqual(
      at("2024-03-08T16:30:00+07:00"),
    );
    expect(office.addWorkingMinutes(at("2024-03-11T08:00:00+07:00"), -60)).toEqual(
      at("2024-03-08T16:00:00+07:00"),
    );
  });

  it("measures working minutes between two instants, negative when reversed", () => {
    const from = at("2024-03-04T07:00:00+07:00");
    const to = at("2024-03-05T12:30:00+07:00");
    expect(office.workingMinutesBetween(from, to)).toBe(480 + 240);
    expect(office.workingMinutesBetween(to, from)).toBe(-720);
    expect(office.workingMinutesBetween(from, from)).toBe(0);
  });

  it("accepts epoch milliseconds as well as Date objects", () => {
    const instant = at("2024-03-04T16:00:00+07:00");
    expect(office.addWorkingMinutes(instant.getTime(), 30)).toEqual(office.addWorkingMinutes(instant, 30));
  });

  it("finds the closing time of the n-th working day after the local date", () => {
    expect(office.addWorkingDays(at("2024-03-04T10:00:00+07:00"), 1)).toEqual(
      at("2024-03-05T17:00:00+07:00"),
    );
    expect(office.addWorkingDays(at("2024-03-08T23:30:00+07:00"), 1)).toEqual(
      at("2024-03-11T17:00:00+07:00"),
    );
    expect(office.addWorkingDays(at("2024-03-04T10:00:00+07:00"), 5)).toEqual(
      at("2024-03-11T17:00:00+07:00"),
    );
  });

  it("extends its precomputed range on demand, in both directions", () => {
    expect(
      office.workingMinutesBetween(at("1999-01-04T00:00:00+07:00"), at("1999-01-05T00:00:00+07:00")),
    ).toBe(480);
    expect(office.addWorkingMinutes(at("2090-01-02T08:00:00+07:00"), 480 * 300).getTime()).toBeGreaterThan(
      at("2091-01-01T00:00:00+07:00").getTime(),
    );
  });

  it("allows 24:00 as an end and joins days that run through midnight", () => {
    const night = createBusinessCalendar({
      timeZone: "Asia/Krasnoyarsk",
      hours: { mon: [["20:00", "24:00"]], tue: [["00:00", "04:00"]] },
    });
    expect(night.addWorkingMinutes(at("2024-03-04T23:00:00+07:00"), 120)).toEqual(
      at("2024-03-05T01:00:00+07:00"),
    );
    expect(night.isWorkingTime(at("2024-03-05T00:00:00+07:00"))).toBe(true);
  });
});

describe("per-date overrides", () => {
  const calendar = createBusinessCalendar({
    timeZone: "Asia/Krasnoyarsk",
    hours: DEFAULT_OFFICE_HOURS,
    overrides: [
      { date: "2024-03-05", kind: "non-working", name: "Flood" },
      { date: "2024-03-06", kind: "shortened" },
      { date: "2024-03-09", kind: "working" },
      { date: "2024-03-10", kind: "shortened" },
      { date: "2024-03-11", kind: "hours", hours: [["10:00", "11:30"]] },
    ],
  });

  it("classifies each kind of day", () => {
    expect(calendar.dayKind("2024-03-04")).toBe("working");
    expect(calendar.dayKind("2024-03-05")).toBe("non-working");
    expect(calendar.dayKind("2024-03-06")).toBe("shortened");
    expect(calendar.dayKind("2024-03-09")).toBe("working");
    expect(calendar.dayKind("2024-03-16")).toBe("non-working");
  });

  it("ends a shortened day's last interval 60 minutes earlier", () => {
    expect(calendar.describeDay("2024-03-06").hours).toEqual([
      ["08:00", "12:00"],
      ["13:00", "16:00"],
    ]);
  });

  it("gives a working weekend day an ordinary weekday's hours, shortened when so marked", () => {
    expect(calendar.describeDay("2024-03-09").hours).toEqual(DEFAULT_OFFICE_HOURS.mon);
    expect(calendar.describeDay("2024-03-10")).toMatchObject({
      kind: "shortened",
      hours: [
        ["08:00", "12:00"],
        ["13:00", "16:00"],
      ],
    });
  });

  it("uses explicit hours and names", () => {
    expect(calendar.describeDay("2024-03-11")).toEqual({
      date: "2024-03-11",
      kind: "working",
      hours: [["10:00", "11:30"]],
    });
    expect(calendar.describeDay("2024-03-05").name).toBe("Flood");
  });
});

describe("configuration errors name the problem", () => {
  const make =
    (hours: object, timeZone = "Asia/Krasnoyarsk") =>
    () =>
      createBusinessCalendar({ timeZone, hours: hours as never });

  it("rejects a reversed interval", () => {
    expect(make({ mon: [["17:00", "08:00"]] })).toThrow(/17:00–08:00 on mon is reversed/);
  });
  it("rejects overlapping intervals", () => {
    expect(
      make({
        tue: [
          ["08:00", "12:00"],
          ["11:00", "13:00"],
        ],
      }),
    ).toThrow(/08:00–12:00 and 11:00–13:00 on tue overlap/);
  });
  it("rejects a week with no working time", () => {
    expect(make({})).toThrow(/no working time/);
  });
  it("rejects an unknown time zone", () => {
    expect(make(DEFAULT_OFFICE_HOURS, "Siberia/Abakan")).toThrow(/Unknown time zone "Siberia\/Abakan"/);
  });
  it("rejects malformed times and weekdays", () => {
    expect(make({ mon: [["8:00", "12:00"]] })).toThrow(/"8:00" on mon is not a clock time/);
    expect(make({ mon: [["08:00", "24:30"]] })).toThrow(/"24:30" on mon is not a clock time/);
    expect(make({ monday: [["08:00", "12:00"]] })).toThrow(/Unknown weekday "monday"/);
  });
  it("rejects duplicate and malformed overrides", () => {
    const duplicate = () =>
      createBusinessCalendar({
        timeZone: "UTC",
        hours: DEFAULT_OFFICE_HOURS,
        overrides: [
          { date: "2024-01-01", kind: "non-working" },
          { date: "2024-01-01", kind: "working" },
        ],
      });
    expect(duplicate).toThrow(/Two overrides for 2024-01-01/);
    const malformed = () =>
      createBusinessCalendar({
        timeZone: "UTC",
        hours: DEFAULT_OFFICE_HOURS,
        overrides: [{ date: "2024-02-30", kind: "working" }],
      });
    expect(malformed).toThrow(CalendarConfigurationError);
  });
});

describe("daylight saving time (Europe/Berlin)", () => {
  const nights = createBusinessCalendar({
    timeZone: "Europe/Berlin",
    hours: { sun: [["01:00", "04:00"]] },
  });

  it("counts a night that loses an hour to the spring gap as two real hours", () => {
    // 2024-03-31: 02:00 CET jumps to 03:00 CEST.
    expect(nights.workingMinutesBetween(at("2024-03-30T00:00:00Z"), at("2024-04-01T00:00:00Z"))).toBe(120);
    expect(nights.isWorkingTime(at("2024-03-31T01:30:00Z"))).toBe(true); // 03:30 CEST
  });

  it("counts a night that repeats an hour in the autumn overlap as four real hours", () => {
    // 2024-10-27: 03:00 CEST falls back to 02:00 CET; 02:00–03:00 happens twice.
    expect(nights.workingMinutesBetween(at("2024-10-26T00:00:00Z"), at("2024-10-28T00:00:00Z"))).toBe(240);
    expect(nights.addWorkingMinutes(at("2024-10-26T23:00:00Z"), 240)).toEqual(at("2024-10-27T03:00:00Z"));
  });

  it("has no working time for an interval that lies wholly inside the gap", () => {
    const gap = createBusinessCalendar({
      timeZone: "Europe/Berlin",
      hours: {
        sun: [
          ["02:15", "02:45"],
          ["05:00", "06:00"],
        ],
      },
    });
    expect(gap.workingMinutesBetween(at("2024-03-30T00:00:00Z"), at("2024-04-01T00:00:00Z"))).toBe(60);
    expect(gap.workingMinutesBetween(at("2024-03-23T00:00:00Z"), at("2024-03-25T00:00:00Z"))).toBe(90);
  });
});

describe("the always-open calendar", () => {
  const always = alwaysOpenCalendar({ timeZone: "Europe/Berlin" });

  it("measures real elapsed time across midnight and DST changes", () => {
    expect(always.workingMinutesBetween(at("2024-03-30T23:00:00Z"), at("2024-03-31T23:00:00Z"))).toBe(1440);
    expect(always.addWorkingMinutes(at("2024-03-04T23:30:00Z"), 120)).toEqual(at("2024-03-05T01:30:00Z"));
    expect(always.isWorkingTime(at("2024-12-31T23:59:59Z"))).toBe(true);
  });

  it("closes a working day at local midnight", () => {
    // 2024-03-31 has 23 hours in Berlin.
    expect(always.addWorkingDays(at("2024-03-30T12:00:00Z"), 1)).toEqual(at("2024-03-31T22:00:00Z"));
  });
});
