// GET /api/v1/incidents/map: every matching incident in one compact answer, scoped like the queue.
import { signPlatformBody } from "@otklik/channels";
import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi } from "../src/test-support.js";
import { type Browser, call, demoStaff } from "./support/staff-client.js";

const SECRET = "platform-demo-secret";

interface MapAnswer {
  items: {
    id: string;
    number: string;
    status: string;
    category: string;
    departmentId: string | null;
    urgent: boolean;
    lat: number | null;
    lon: number | null;
    address: string | null;
    dueAt: string | null;
    slaState: string;
  }[];
  notOnMap: number;
  truncated: boolean;
}

describe.each(testBackends())("the incidents' map over HTTP on %s", (backend) => {
  let api: Awaited<ReturnType<typeof createTestApi>>;
  let clock: ReturnType<typeof manualClock>;
  let browsers: Record<"operator" | "executor" | "editor" | "head", Browser>;
  let housing: string;
  const located: string[] = [];
  const unlocated: string[] = [];
  let counter = 0;

  async function newIncident(extra: Record<string, unknown>): Promise<string> {
    counter += 1;
    const raw = JSON.stringify({
      id: `map-${counter}`,
      createdAt: clock.now().toISOString(),
      text: "Во дворе дома не вывозят мусор уже неделю, контейнеры переполнены",
      source: { network: "vk" },
      ...extra,
    });
    const response = await api.app.request("/api/v1/intake/platform", {
      method: "POST",
      headers: { "content-type": "application/json", "x-otklik-signature": signPlatformBody(raw, SECRET) },
      body: raw,
    });
    expect(response.status).toBe(202);
    return ((await response.json()) as { incidentId: string }).incidentId;
  }

  const map = async (query: string, as: Browser) => {
    const response = await call(api.app, "GET", `/api/v1/incidents/map${query}`, { as });
    return { status: response.status, body: (await response.json()) as MapAnswer };
  };

  beforeAll(async () => {
    clock = manualClock("2026-11-27T02:00:00Z");
    const db = await createTestDatabase({ backend, migrations: migrationSets });
    api = await createTestApi({ db, clock: clock as Clock });
    const staff = await demoStaff(api.app, { db: api.db, clock });
    browsers = staff.browsers;
    housing = staff.demo.departmentIds.housing ?? "";
    for (const [lat, lon] of [
      [53.7213, 91.4424],
      [53.7156, 91.4291],
    ] as const) {
      located.push(await newIncident({ location: { lat, lon } }));
    }
    unlocated.push(await newIncident({}));
    // One of each kind goes to housing, so its executor sees exactly those two.
    for (const id of [located[0], unlocated[0]]) {
      const assigned = await call(api.app, "POST", `/api/v1/incidents/${id}/transitions`, {
        as: browsers.operator,
        body: { type: "assign", departmentKey: housing },
      });
      expect(assigned.status).toBe(200);
    }
  }, 120_000);
  afterAll(() => api?.db.close());

  it("answers every incident with its coordinates, or null ones counted as not on the map", async () => {
    const { status, body } = await map("", browsers.operator);
    expect(status).toBe(200);
    const ours = body.items.filter((item) => [...located, ...unlocated].includes(item.id));
    expect(ours).toHaveLength(3);
    const first = ours.find((item) => item.id === located[0]);
    expect(first).toMatchObject({ lat: 53.7213, lon: 91.4424, departmentId: housing });
    expect(first?.number).toMatch(/^\d{4}-\d{6}$/);
    const withoutPoint = ours.find((item) => item.id === unlocated[0]);
    expect(withoutPoint).toMatchObject({ lat: null, lon: null });
    expect(body.notOnMap).toBe(body.items.filter((item) => item.lat === null).length);
    expect(body.notOnMap).toBeGreaterThanOrEqual(1);
    expect(body.truncated).toBe(false);
    // No citizen's text or name travels with the map.
    expect(JSON.stringify(body)).not.toContain("мусор");
  });

  it("filters like the queue and limits the answer, saying it was truncated", async () => {
    const department = await map(`?departmentId=${housing}`, browsers.operator);
    expect(department.body.items.map((item) => item.id).sort()).toEqual([located[0], unlocated[0]].sort());
    const assigned = await map("?status=assigned", browsers.operator);
    expect(assigned.body.items.every((item) => item.status === "assigned")).toBe(true);
    expect(assigned.body.items.map((item) => item.id)).toContain(located[0]);
    const open = await map("?open=false", browsers.operator);
    expect(open.body.items.map((item) => item.id)).not.toContain(located[1]);
    const one = await map("?limit=1", browsers.operator);
    expect(one.body.items).toHaveLength(1);
    expect(one.body.truncated).toBe(true);
  });

  it("shows an executor their department's incidents only", async () => {
    const { status, body } = await map("", browsers.executor);
    expect(status).toBe(200);
    expect(body.items.every((item) => item.departmentId === housing)).toBe(true);
    expect(body.items.map((item) => item.id)).toEqual(expect.arrayContaining([located[0], unlocated[0]]));
    expect(body.items.map((item) => item.id)).not.toContain(located[1]);
  });

  it("refuses people without incident:read, anonymous callers and bad filters", async () => {
    expect((await call(api.app, "GET", "/api/v1/incidents/map", { as: browsers.editor })).status).toBe(403);
    expect((await call(api.app, "GET", "/api/v1/incidents/map", {})).status).toBe(401);
    const tooMany = await call(api.app, "GET", "/api/v1/incidents/map?limit=50000", {
      as: browsers.operator,
    });
    expect(tooMany.status).toBe(422);
    const badState = await call(api.app, "GET", "/api/v1/incidents/map?slaState=late", {
      as: browsers.operator,
    });
    expect(badState.status).toBe(422);
  });

  it("is documented in the OpenAPI document with its security", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, { get?: { security?: unknown[] } }>;
    };
    expect(document.paths["/api/v1/incidents/map"]?.get?.security?.length).toBeGreaterThan(0);
  });
});
