import { describe, expect, it } from "vitest";
import type { MapIncident } from "../map/map-model.js";
import { cityDay, departmentLists, ownDepartmentOnly } from "./department-model.js";

const ZONE = "Asia/Krasnoyarsk";

function incident(id: string, overrides: Partial<MapIncident> = {}): MapIncident {
  return {
    id,
    number: `2026-00000${id}`,
    status: "assigned",
    category: "roads",
    departmentId: "dep_housing",
    urgent: false,
    lat: null,
    lon: null,
    address: null,
    dueAt: null,
    slaState: "running",
    ...overrides,
  };
}

describe("the department view's lists", () => {
  it("reads the day on the city's calendar, not UTC's", () => {
    // 18:30 UTC on 27 November is 01:30 on 28 November in Krasnoyarsk (UTC+7).
    expect(cityDay("2026-11-27T18:30:00Z", ZONE)).toBe("2026-11-28");
    expect(cityDay(Date.parse("2026-11-27T16:59:00Z"), ZONE)).toBe("2026-11-27");
  });

  it("puts passed deadlines under overdue and the rest of today's under due today", () => {
    // 10:00 in Krasnoyarsk.
    const now = Date.parse("2026-11-28T03:00:00Z");
    const lists = departmentLists(
      [
        incident("1", { dueAt: "2026-11-28T02:00:00Z" }), // 09:00 today: passed
        incident("2", { dueAt: "2026-11-28T16:30:00Z" }), // 23:30 today
        incident("3", { dueAt: "2026-11-28T17:30:00Z" }), // 00:30 tomorrow
        incident("4", { dueAt: "2026-11-29T03:00:00Z", slaState: "breached" }), // another metric was breached
        incident("5", { dueAt: "2026-11-28T04:00:00Z", status: "resolved" }), // finished: in neither list
        incident("6", { dueAt: "2026-11-28T05:00:00Z" }), // 12:00 today
        incident("7"), // no deadline running
      ],
      now,
      ZONE,
    );
    expect(lists.overdue.map((item) => item.id)).toEqual(["1", "4"]);
    expect(lists.dueToday.map((item) => item.id)).toEqual(["6", "2"]);
    expect(lists.open.map((item) => item.id)).toEqual(["1", "6", "2", "3", "4", "7"]);
  });

  it("keeps executors and heads in their own department, lets desk-wide roles choose", () => {
    expect(ownDepartmentOnly(["executor"])).toBe(true);
    expect(ownDepartmentOnly(["head"])).toBe(true);
    expect(ownDepartmentOnly(["operator"])).toBe(false);
    expect(ownDepartmentOnly(["head", "analyst"])).toBe(false);
  });
});
