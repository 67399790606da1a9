import { describe, expect, it } from "vitest";
import { type DigestIncident, dailyDigestLines, groupDailyDigests, groupWeeklyDigest } from "./digest.js";

const ZONE = "Asia/Krasnoyarsk";
const incident = (overrides: Partial<DigestIncident> & { id: string }): DigestIncident => ({
  number: overrides.id.toUpperCase(),
  title: `Обращение ${overrides.id}`,
  departmentId: "dep_housing",
  open: true,
  dueAt: null,
  breached: false,
  createdAt: new Date("2026-11-24T03:00:00Z"),
  resolvedAt: null,
  ...overrides,
});

describe("digests", () => {
  // 08:00 Friday 27 November in Abakan.
  const now = new Date("2026-11-27T01:00:00Z");
  const incidents = [
    incident({ id: "a", dueAt: new Date("2026-11-27T10:00:00Z") }), // 17:00 today
    incident({ id: "b", dueAt: new Date("2026-11-27T18:00:00Z") }), // 01:00 tomorrow local
    incident({ id: "c", dueAt: new Date("2026-11-26T10:00:00Z"), breached: true }),
    incident({ id: "d", open: false, dueAt: new Date("2026-11-27T05:00:00Z") }),
    incident({ id: "e", departmentId: "dep_roads", dueAt: new Date("2026-11-27T04:00:00Z") }),
    incident({ id: "f", departmentId: null }),
  ];

  it("group a department head's day: open, due today (local date), breached", () => {
    const digests = groupDailyDigests({ incidents, now, timeZone: ZONE });
    expect(digests.map((digest) => digest.departmentId)).toEqual(["dep_housing", "dep_roads"]);
    const housing = digests[0]!;
    expect(housing.date).toBe("2026-11-27");
    expect(housing.open.map((item) => item.id)).toEqual(["c", "a", "b"]);
    expect(housing.dueToday.map((item) => item.id)).toEqual(["a"]);
    expect(housing.breached.map((item) => item.id)).toEqual(["c"]);
    expect(dailyDigestLines(housing)).toBe("! C Обращение c\n• A Обращение a");
  });

  it("sum up the office's week per department", () => {
    const week = groupWeeklyDigest({
      incidents: [...incidents, incident({ id: "old", createdAt: new Date("2026-11-10T03:00:00Z") })],
      weekStart: "2026-11-23",
      timeZone: ZONE,
    });
    expect(week).toMatchObject({ total: 6, onTime: 1, breached: 1 });
    expect(week.departments).toEqual([
      { departmentId: null, total: 1, resolved: 0, breached: 0 },
      { departmentId: "dep_housing", total: 4, resolved: 1, breached: 1 },
      { departmentId: "dep_roads", total: 1, resolved: 0, breached: 0 },
    ]);
  });
});
