// The dashboards' series over HTTP: each figure on seeded data, CSV, bad input and a head's scope.
import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { DEMO_PASSWORD } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { abakan, seedIncident, seedPublication, seedPublisher } from "./support/analytics-seed.js";
import { type Browser, call, demoStaff, signInOverHttp } from "./support/staff-client.js";

const MARCH = "from=2026-03-01&to=2026-03-31";

describe.each(testBackends())("dashboards over HTTP on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let clock: ReturnType<typeof manualClock>;
  let browsers: Awaited<ReturnType<typeof demoStaff>>["browsers"];
  let housing: string;
  let transport: string;

  beforeAll(async () => {
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    clock = manualClock("2026-03-31T05:00:00Z");
    api = await createTestApi({ db, clock: clock as Clock });
    const staff = await demoStaff(api.app, { db: api.db, clock });
    browsers = staff.browsers;
    housing = staff.demo.departmentIds.housing ?? "";
    transport = staff.demo.departmentIds.transport ?? "";

    // Monday 2 March, 09:00: answered in 10 minutes, well within the platform's 9 hours; resolved.
    const kept = await seedIncident(api.db, clock, {
      at: "2026-03-02T09:00",
      channel: "vk",
      category: "roads",
      departmentId: housing,
      replyAfterMinutes: 10,
      platformDeadlineHours: 9,
      status: "resolved",
      slaState: "met",
    });
    // Monday 23:30 in Abakan (16:30 UTC): answered in 30 minutes.
    await seedIncident(api.db, clock, {
      at: "2026-03-02T23:30",
      channel: "telegram",
      category: "waste",
      departmentId: housing,
      replyAfterMinutes: 30,
      status: "in_progress",
      dueInHours: 24 * 60,
    });
    // Tuesday 00:30 in Abakan is still Monday in UTC: it counts on the 3rd. Answered in 3 hours, after
    // the platform's 2-hour deadline; a deadline has passed, so it is overdue.
    await seedIncident(api.db, clock, {
      at: "2026-03-03T00:30",
      channel: "vk",
      category: "roads",
      departmentId: transport,
      replyAfterMinutes: 180,
      platformDeadlineHours: 2,
      status: "assigned",
      dueInHours: 48,
    });
    // Tuesday 10 March: from the platform, answered in an hour; its SLA breached.
    await seedIncident(api.db, clock, {
      at: "2026-03-10T14:00",
      channel: "platform",
      category: "roads",
      departmentId: transport,
      replyAfterMinutes: 60,
      platformDeadlineHours: 9,
      status: "new",
      slaState: "breached",
      dueInHours: 24 * 60,
    });
    // Not answered at all; its deadline is still ahead.
    await seedIncident(api.db, clock, {
      at: "2026-03-10T15:00",
      channel: "vk",
      category: "snow",
      departmentId: housing,
      replyAfterMinutes: null,
      status: "new",
      dueInHours: 24 * 60,
    });
    // A merged duplicate and an incident of February: neither counts.
    await seedIncident(api.db, clock, {
      at: "2026-03-10T16:00",
      channel: "vk",
      category: "roads",
      departmentId: housing,
      replyAfterMinutes: 1,
      status: "closed",
      mergedIntoId: kept,
    });
    await seedIncident(api.db, clock, {
      at: "2026-02-20T10:00",
      channel: "vk",
      category: "roads",
      departmentId: housing,
      replyAfterMinutes: 5,
    });

    const administration = await seedPublisher(api.db, clock);
    const housingPublisher = await seedPublisher(api.db, clock, housing);
    await seedPublication(api.db, clock, {
      at: "2026-03-03T10:00",
      type: "news",
      publisherId: administration,
    });
    await seedPublication(api.db, clock, {
      at: "2026-03-11T10:00",
      type: "news",
      publisherId: housingPublisher,
      postedTo: ["vk", "telegram"],
    });
    await seedPublication(api.db, clock, {
      at: "2026-03-12T10:00",
      type: "news",
      publisherId: administration,
    });
    await seedPublication(api.db, clock, {
      at: "2026-04-01T10:00",
      type: "news",
      publisherId: administration,
    });
    clock.set("2026-03-31T05:00:00Z");
  }, 240_000);
  afterAll(() => api?.db.close());

  const get = async (path: string, as: Browser | undefined = browsers.analyst) =>
    call(api.app, "GET", path, { as });
  const body = async <T>(path: string, as?: Browser): Promise<T> => {
    const response = await get(path, as);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as T;
  };

  it("counts incidents per day on the city's calendar, by channel and by category", async () => {
    const data = await body<{
      period: { from: string; to: string; timeZone: string };
      days: string[];
      totals: number[];
      byChannel: { key: string; total: number; counts: number[] }[];
      byCategory: { key: string; total: number }[];
    }>(`/api/v1/dashboards/incidents-per-day?${MARCH}`);
    expect(data.period).toMatchObject({ from: "2026-03-01", to: "2026-03-31", timeZone: "Asia/Krasnoyarsk" });
    expect(data.days).toHaveLength(31);
    const on = (day: string) => data.totals[data.days.indexOf(day)];
    expect(on("2026-03-02")).toBe(2);
    expect(on("2026-03-03")).toBe(1);
    expect(on("2026-03-10")).toBe(2);
    expect(data.totals.reduce((sum, value) => sum + value, 0)).toBe(5);
    expect(Object.fromEntries(data.byChannel.map((series) => [series.key, series.total]))).toEqual({
      vk: 3,
      telegram: 1,
      platform: 1,
    });
    expect(Object.fromEntries(data.byCategory.map((series) => [series.key, series.total]))).toEqual({
      roads: 3,
      waste: 1,
      snow: 1,
    });
  });

  it("gives the shares answered within 2 hours and within the platform deadline, by department and week", async () => {
    type Shares = {
      twoHoursDue: number;
      withinTwoHours: number;
      shareWithinTwoHours: number | null;
      platformDue: number;
      withinPlatformDeadline: number;
      shareWithinPlatformDeadline: number | null;
    };
    const data = await body<{
      periods: string[];
      overall: Shares;
      departments: { departmentId: string; periods: Shares[]; overall: Shares }[];
    }>(`/api/v1/dashboards/reply-deadlines?${MARCH}&bucket=week`);
    expect(data.periods).toEqual([
      "2026-02-23",
      "2026-03-02",
      "2026-03-09",
      "2026-03-16",
      "2026-03-23",
      "2026-03-30",
    ]);
    expect(data.overall).toEqual({
      twoHoursDue: 5,
      withinTwoHours: 3,
      shareWithinTwoHours: 0.6,
      platformDue: 3,
      withinPlatformDeadline: 2,
      shareWithinPlatformDeadline: 2 / 3,
    });
    const ofHousing = data.departments.find((row) => row.departmentId === housing);
    const ofTransport = data.departments.find((row) => row.departmentId === transport);
    expect(ofHousing?.overall).toMatchObject({
      twoHoursDue: 3,
      withinTwoHours: 2,
      platformDue: 1,
      withinPlatformDeadline: 1,
    });
    expect(ofTransport?.overall).toMatchObject({
      twoHoursDue: 2,
      withinTwoHours: 1,
      shareWithinTwoHours: 0.5,
    });
    // Housing: two in the week of 2 March (both within 2 h), one unanswered in the week of 9 March.
    expect(ofHousing?.periods[1]).toMatchObject({ twoHoursDue: 2, withinTwoHours: 2 });
    expect(ofHousing?.periods[2]).toMatchObject({
      twoHoursDue: 1,
      withinTwoHours: 0,
      shareWithinTwoHours: 0,
    });
    expect(ofHousing?.periods[0]).toMatchObject({ twoHoursDue: 0, shareWithinTwoHours: null });
  });

  it("gives the first-reply distribution with the median and 90th percentile by percentile_cont", async () => {
    const data = await body<{
      replied: number;
      unanswered: number;
      medianMinutes: number;
      p90Minutes: number;
      buckets: { fromMinutes: number; count: number; label: { ru: string } }[];
    }>(`/api/v1/dashboards/first-reply-times?${MARCH}`);
    // Replies after 10, 30, 60 and 180 minutes: median (30 + 60) / 2; p90 = 60 + 0.7 × (180 − 60).
    expect(data).toMatchObject({ replied: 4, unanswered: 1, medianMinutes: 45, p90Minutes: 144 });
    expect(data.buckets.map((bucket) => bucket.count)).toEqual([1, 0, 1, 1, 1, 0, 0, 0, 0]);
    expect(data.buckets[0]?.label.ru).toBe("до 15 мин");
  });

  it("lists open and overdue incidents per department", async () => {
    const data = await body<{ departments: { departmentId: string; open: number; overdue: number }[] }>(
      `/api/v1/dashboards/open-overdue?${MARCH}`,
    );
    expect(
      data.departments.map(({ departmentId, open, overdue }) => ({ departmentId, open, overdue })),
    ).toEqual([
      { departmentId: transport, open: 2, overdue: 2 },
      { departmentId: housing, open: 2, overdue: 0 },
    ]);
  });

  it("counts publications per week on the site and each page, filtered by the publisher's department", async () => {
    type Weeks = { weeks: string[]; byChannel: { key: string; counts: number[]; total: number }[] };
    const all = await body<Weeks>(`/api/v1/dashboards/publications-per-week?${MARCH}`);
    const channel = (data: Weeks, key: string) => data.byChannel.find((series) => series.key === key);
    expect(all.weeks[1]).toBe("2026-03-02");
    expect(channel(all, "site")?.counts.slice(0, 3)).toEqual([0, 1, 2]);
    expect(channel(all, "vk")?.total).toBe(1);
    expect(channel(all, "telegram")?.total).toBe(1);
    expect(channel(all, "ok")?.total).toBe(0);
    const ofHousing = await body<Weeks>(
      `/api/v1/dashboards/publications-per-week?${MARCH}&departmentId=${housing}`,
    );
    expect(channel(ofHousing, "site")?.total).toBe(1);
  });

  it("draws the heat map by weekday and hour on the city's clock", async () => {
    const data = await body<{ cells: number[][]; max: number; total: number }>(
      `/api/v1/dashboards/heat-map?${MARCH}`,
    );
    expect(data.total).toBe(5);
    expect(data.cells[0]?.[9]).toBe(1); // Monday 09:00
    expect(data.cells[0]?.[23]).toBe(1); // Monday 23:30
    expect(data.cells[1]?.[0]).toBe(1); // Tuesday 00:30 (Monday in UTC)
    expect(data.cells[1]?.[14]).toBe(1);
    expect(data.cells[1]?.[15]).toBe(1);
    expect(data.max).toBe(1);
  });

  it("answers the same data as CSV in UTF-8 with a BOM", async () => {
    const response = await get(`/api/v1/dashboards/incidents-per-day?${MARCH}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get("content-disposition")).toContain(
      "incidents-per-day-2026-03-01-2026-03-31.csv",
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe("Дата / Date,Разрез / Dimension,Значение / Value,Обращений / Incidents");
    expect(lines).toContain("2026-03-03,channel,vk,1");
    expect(lines).toContain("2026-03-02,category,waste,1");
    const load = await (await get(`/api/v1/dashboards/open-overdue?${MARCH}&format=csv`)).text();
    expect(load).toContain(`${transport},`);
    const heat = await (await get(`/api/v1/dashboards/heat-map?${MARCH}&format=csv`)).text();
    expect(heat.split("\r\n")[1]?.split(",")).toHaveLength(25);
  });

  it("keeps a head to their department, whatever department they ask for", async () => {
    const own = await body<{ totals: number[] }>(
      `/api/v1/dashboards/incidents-per-day?${MARCH}`,
      browsers.head,
    );
    expect(own.totals.reduce((sum, value) => sum + value, 0)).toBe(3);
    const other = await body<{ totals: number[] }>(
      `/api/v1/dashboards/incidents-per-day?${MARCH}&departmentId=${transport}`,
      browsers.head,
    );
    expect(other.totals.reduce((sum, value) => sum + value, 0)).toBe(0);
    const load = await body<{ departments: { departmentId: string }[] }>(
      `/api/v1/dashboards/open-overdue?${MARCH}`,
      browsers.head,
    );
    expect(load.departments.map((row) => row.departmentId)).toEqual([housing]);
    // An analyst may choose any department.
    const chosen = await body<{ totals: number[] }>(
      `/api/v1/dashboards/incidents-per-day?${MARCH}&departmentId=${transport}`,
    );
    expect(chosen.totals.reduce((sum, value) => sum + value, 0)).toBe(2);
  });

  it("refuses bad periods with 422 in Russian and English, and strangers with 401/403", async () => {
    const backwards = await get("/api/v1/dashboards/heat-map?from=2026-03-31&to=2026-03-01");
    expect(backwards.status).toBe(422);
    const error = (
      (await backwards.json()) as {
        error: { code: string; message: string; details: { path: string[]; message: string }[] };
      }
    ).error;
    expect(error.code).toBe("validation_failed");
    expect(error.details[0]).toEqual({
      path: ["to"],
      message: "Конец периода раньше начала / The period ends before it starts",
    });
    for (const query of [
      "from=2026-02-30",
      "from=01.03.2026",
      "from=2020-01-01&to=2026-01-01",
      "format=pdf",
    ]) {
      const response = await get(`/api/v1/dashboards/incidents-per-day?${query}`);
      expect(response.status, query).toBe(422);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/ \/ /);
    }
    expect((await get(`/api/v1/dashboards/reply-deadlines?${MARCH}&bucket=year`)).status).toBe(422);
    expect((await call(api.app, "GET", `/api/v1/dashboards/heat-map?${MARCH}`)).status).toBe(401);
    expect((await get(`/api/v1/dashboards/heat-map?${MARCH}`, browsers.editor)).status).toBe(403);
    expect((await get(`/api/v1/dashboards/heat-map?${MARCH}`, browsers.executor)).status).toBe(403);
  });

  it("defaults to the last 30 days of the city's calendar", async () => {
    clock.set(abakan("2026-03-31T23:30"));
    const { browser } = await signInOverHttp(api.app, "analyst@demo.otklik.ru", DEMO_PASSWORD);
    const data = await body<{ period: { from: string; to: string }; days: string[] }>(
      "/api/v1/dashboards/incidents-per-day",
      browser,
    );
    expect(data.period).toMatchObject({ from: "2026-03-02", to: "2026-03-31" });
    expect(data.days).toHaveLength(30);
    clock.set("2026-03-31T05:00:00Z");
  });
});
