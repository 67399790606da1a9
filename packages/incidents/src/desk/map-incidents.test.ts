import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import { listIncidentsForMap } from "./map-incidents.js";

const COUNT = 10_050;

describe.each(testBackends())("the map's incidents on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    // 10,050 incidents in one statement: every third without coordinates, every tenth closed, half in housing.
    await db.query(
      `INSERT INTO incidents (id, number, year, sequence, tracking_token, channel, text_original, text_clean,
         attachments, lat, lon, on_map, category, category_confidence, category_proposal, department_id, urgent,
         status, version, sla_events, due_at, sla_state, created_at, received_at, updated_at)
       SELECT 'inc_map_' || n, '2026-' || lpad(n::text, 6, '0'), 2026, n, 'token-' || n, 'platform',
         'Яма на дороге ' || n, 'яма на дороге ' || n, '[]'::jsonb,
         CASE WHEN n % 3 = 0 THEN NULL ELSE 53.70 + (n % 100) * 0.001 END,
         CASE WHEN n % 3 = 0 THEN NULL ELSE 91.40 + (n % 97) * 0.001 END,
         n % 3 <> 0, CASE WHEN n % 2 = 0 THEN 'roads' ELSE 'waste' END, 0.9, '{}'::jsonb,
         CASE WHEN n % 2 = 0 THEN $1 ELSE $2 END, n % 50 = 0,
         CASE WHEN n % 10 = 0 THEN 'closed' ELSE 'assigned' END, 1, '[]'::jsonb,
         timestamptz '2026-11-27 03:00:00+00' + n * interval '1 minute', 'running',
         now(), now(), now()
       FROM generate_series(1, ${COUNT}) AS n`,
      [world.departments.housing, world.departments.transport],
    );
  }, 180_000);
  afterAll(() => db.close());

  it("answers 10,000 incidents by default in one bounded read, nearest deadline first, and says more match", async () => {
    const started = performance.now();
    const answer = await listIncidentsForMap(world.operator, {});
    const milliseconds = performance.now() - started;
    expect(answer.items).toHaveLength(10_000);
    expect(answer.truncated).toBe(true);
    expect(answer.items[0]?.number).toBe("2026-000001");
    expect(answer.items.at(-1)?.number).toBe("2026-010000");
    // Every third has no coordinates: null, never a made-up point.
    expect(answer.notOnMap).toBe(3_333);
    expect(answer.items.find((item) => item.number === "2026-000003")).toMatchObject({
      lat: null,
      lon: null,
    });
    expect(answer.items.find((item) => item.number === "2026-000001")?.lat).toBeCloseTo(53.701);
    // A generous bound (a loaded CI machine), far above what it takes: one indexed scan of narrow columns.
    expect(milliseconds).toBeLessThan(10_000);
  });

  it("filters like the queue, keeps executors to their department and counts finished ones apart", async () => {
    const open = await listIncidentsForMap(world.operator, { open: "true", limit: 20_000 });
    expect(open.truncated).toBe(false);
    expect(open.items).toHaveLength(COUNT - Math.floor(COUNT / 10));
    expect(open.items.every((item) => item.status === "assigned")).toBe(true);
    const housingRoads = await listIncidentsForMap(world.executor, { category: "roads", limit: 20_000 });
    expect(housingRoads.items).toHaveLength(COUNT / 2);
    expect(housingRoads.items.every((item) => item.departmentId === world.departments.housing)).toBe(true);
    // The executor's scope wins over a filter naming another department.
    const elsewhere = await listIncidentsForMap(world.executor, {
      departmentId: world.departments.transport,
    });
    expect(elsewhere.items).toHaveLength(0);
    const urgent = await listIncidentsForMap(world.operator, { urgent: "true", limit: 1 });
    expect(urgent.items).toHaveLength(1);
    expect(urgent.items[0]?.urgent).toBe(true);
    expect(urgent.truncated).toBe(true);
  });

  it("refuses those without incident:read and a limit over the bound", async () => {
    const editor = world.as({
      kind: "user",
      userId: "usr_editor",
      roles: ["editor"],
      departmentId: null,
      sessionId: null,
      address: null,
    });
    await expect(listIncidentsForMap(editor, {})).rejects.toMatchObject({ code: "forbidden" });
    await expect(listIncidentsForMap(world.operator, { limit: 20_001 })).rejects.toMatchObject({
      name: "ZodError",
    });
  });
});
