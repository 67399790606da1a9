import { describe, expect, it } from "vitest";
import {
  addMonths,
  byCityDay,
  cityDay,
  cityInstant,
  dayAfterKey,
  isoToLocalInput,
  localInputToIso,
  periodDays,
  periodRange,
} from "./calendar-model.js";

const CITY = "Asia/Krasnoyarsk";

describe("the publishing calendar on the city's clock", () => {
  it("reads instants as Krasnoyarsk days (UTC+7), not the browser's", () => {
    expect(cityDay("2026-11-27T16:59:59Z", CITY)).toBe("2026-11-27");
    expect(cityDay("2026-11-27T17:00:00Z", CITY)).toBe("2026-11-28");
    expect(cityInstant("2026-11-28", "00:00", CITY).toISOString()).toBe("2026-11-27T17:00:00.000Z");
    expect(localInputToIso("2026-11-28T09:30:15", CITY)).toBe("2026-11-28T02:30:15.000Z");
    expect(localInputToIso("2026-11-28T09:30", CITY)).toBe("2026-11-28T02:30:00.000Z");
    expect(localInputToIso("", CITY)).toBeUndefined();
    expect(isoToLocalInput("2026-11-28T02:30:15.000Z", CITY)).toBe("2026-11-28T09:30:15");
    // A zone with daylight saving time: the offset of the day itself is used.
    expect(cityInstant("2026-07-01", "12:00", "Europe/Berlin").toISOString()).toBe(
      "2026-07-01T10:00:00.000Z",
    );
    expect(cityInstant("2026-01-01", "12:00", "Europe/Berlin").toISOString()).toBe(
      "2026-01-01T11:00:00.000Z",
    );
  });

  it("lays out a Monday week and the whole weeks of a month", () => {
    expect(periodDays("week", "2026-11-28")).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
    const november = periodDays("month", "2026-11-28");
    expect(november[0]).toBe("2026-10-26");
    expect(november.at(-1)).toBe("2026-12-06");
    expect(november).toHaveLength(42);
    expect(periodRange(periodDays("week", "2026-11-28"), CITY)).toEqual({
      from: "2026-11-22T17:00:00.000Z",
      to: "2026-11-29T17:00:00.000Z",
    });
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
  });

  it("moves the focused day by keys", () => {
    expect(dayAfterKey("month", "2026-11-28", "ArrowDown")).toBe("2026-12-05");
    expect(dayAfterKey("week", "2026-11-28", "ArrowDown")).toBeUndefined();
    expect(dayAfterKey("week", "2026-11-28", "ArrowLeft")).toBe("2026-11-27");
    expect(dayAfterKey("week", "2026-11-28", "Home")).toBe("2026-11-23");
    expect(dayAfterKey("week", "2026-11-28", "End")).toBe("2026-11-29");
    expect(dayAfterKey("month", "2026-11-28", "PageDown")).toBe("2026-12-28");
    expect(dayAfterKey("week", "2026-11-28", "PageUp")).toBe("2026-11-21");
    expect(dayAfterKey("week", "2026-11-28", "a")).toBeUndefined();
  });

  it("groups entries by the city's day", () => {
    const days = byCityDay(
      [{ at: "2026-11-27T16:00:00Z" }, { at: "2026-11-27T18:00:00Z" }, { at: "2026-11-28T01:00:00Z" }],
      CITY,
    );
    expect([...days.entries()].map(([day, entries]) => [day, entries.length])).toEqual([
      ["2026-11-27", 1],
      ["2026-11-28", 2],
    ]);
  });
});
