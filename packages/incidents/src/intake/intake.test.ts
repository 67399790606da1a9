import { eventOutbox } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { incidents } from "../schema.js";
import { storeAddressPoints } from "../storage/address-store.js";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import { receivePlatformIncident } from "./receive-platform-intake.js";

function intake(id: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: "incident" as const,
    id,
    createdAt: "2026-11-27T02:50:00Z",
    sentAt: "2026-11-27T02:55:00Z",
    text,
    source: { network: "vk" as const, authorName: "Иван", url: "https://vk.com/wall-1_2" },
    ...extra,
  };
}

describe.each(testBackends())("platform intake on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    await storeAddressPoints(db, [{ street: "Ленина", house: "70", lat: 53.72, lon: 91.44 }]);
  });
  afterAll(() => db.close());

  it("registers an incident: number, token, category, route, address on the map, clock from sentAt", async () => {
    const { incidentId, created } = await receivePlatformIncident(
      world.system,
      intake("p-1", "На улице Ленина 70 огромная яма на дороге, машины бьют колёса"),
    );
    expect(created).toBe(true);
    const [row] = await db.drizzle.select().from(incidents);
    expect(row?.id).toBe(incidentId);
    expect(row?.number).toBe("2026-000001");
    expect(row?.trackingToken).toHaveLength(22);
    expect(row?.category).toBe("roads");
    expect(row?.departmentId).toBe(world.departments.housing);
    expect(row?.street).toBe("Ленина");
    expect(row?.onMap).toBe(true);
    expect(row?.sentAt?.toISOString()).toBe("2026-11-27T02:55:00.000Z");
    expect(row?.dueAt).not.toBeNull();
    const events = await db.drizzle.select().from(eventOutbox);
    expect(events.map((event) => event.event)).toContain("incidents.created");
  });

  it("treats the same platform id twice — also at once — as one incident", async () => {
    const results = await Promise.all([
      receivePlatformIncident(world.system, intake("p-2", "Не горят фонари во дворе")),
      receivePlatformIncident(world.system, intake("p-2", "Не горят фонари во дворе")),
      receivePlatformIncident(world.system, intake("p-2", "Не горят фонари во дворе")),
    ]);
    expect(new Set(results.map((result) => result.incidentId)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const rows = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE external_id = 'p-2'",
    );
    expect(rows[0]?.n).toBe(1);
    const numbers = await db.query<{ number: string }>("SELECT number FROM incidents ORDER BY number");
    expect(numbers.map((row) => row.number)).toEqual(["2026-000001", "2026-000002"]);
  });

  it("marks urgent incidents and tells the duty dispatch service", async () => {
    await receivePlatformIncident(
      world.system,
      intake("p-3", "Оборван провод, висит над тротуаром, дети ходят рядом"),
    );
    const [row] = await db.query<{ urgent: boolean }>(
      "SELECT urgent FROM incidents WHERE external_id = 'p-3'",
    );
    expect(row?.urgent).toBe(true);
    const created = await db.query<{ payload: { notifyDepartmentIds: string[] } }>(
      "SELECT payload FROM event_outbox WHERE event = 'incidents.created' AND payload->>'urgent' = 'true'",
    );
    expect(created[0]?.payload.notifyDepartmentIds).toEqual([world.departments.edds]);
  });

  it("rework reopens a resolved incident; update only adds to the timeline", async () => {
    const { incidentId } = await receivePlatformIncident(
      world.system,
      intake("p-4", "Во дворе не вывезли мусор"),
    );
    await applyLifecycleCommand(world.operator, incidentId, {
      type: "assign",
      departmentKey: world.departments.housing,
    });
    await applyLifecycleCommand(world.executor, incidentId, { type: "start" });
    await applyLifecycleCommand(world.executor, incidentId, {
      type: "resolve",
      resolution: "fixed",
      comment: "Мусор вывезен",
      media: [{ kind: "photo", url: "https://example.test/after.jpg" }],
    });
    await receivePlatformIncident(world.system, {
      ...intake("p-4", ""),
      type: "update",
      comment: "Житель уточнил",
    });
    await receivePlatformIncident(world.system, {
      ...intake("p-4", ""),
      type: "rework",
      comment: "Нет фото",
    });
    const [row] = await db.query<{ status: string }>("SELECT status FROM incidents WHERE id = $1", [
      incidentId,
    ]);
    expect(row?.status).toBe("reopened");
    const kinds = await db.query<{ kind: string }>(
      "SELECT kind FROM incident_timeline WHERE incident_id = $1 ORDER BY at, id",
      [incidentId],
    );
    expect(kinds.map((entry) => entry.kind)).toContain("platform-update");
  });
});
