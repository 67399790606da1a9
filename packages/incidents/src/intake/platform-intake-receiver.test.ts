import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeskWorld, deskWorld, MIGRATIONS } from "../testing/world.js";
import { createPlatformIntakeReceiver } from "./platform-intake-receiver.js";

function intake(id: string, text: string) {
  return {
    type: "incident" as const,
    id,
    createdAt: "2026-11-27T02:50:00Z",
    text,
    source: { network: "vk" as const, authorName: "Иван" },
  };
}

describe.each(testBackends())("the intake webhook's receiver on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
  });
  afterAll(() => db.close());

  it("writes incidents that arrive together in shared transactions, each once, under the id it answers", async () => {
    const receiver = createPlatformIntakeReceiver(world.system, { maxBatch: 16 });
    const ids = Array.from({ length: 40 }, (_, index) => `b-${index}`);
    // Every fourth item is delivered twice at once.
    const deliveries = [...ids, ...ids.filter((_, index) => index % 4 === 0)];
    const results = await Promise.all(
      deliveries.map((id) => receiver.receive(intake(id, `Яма на дороге у дома ${id}`))),
    );
    const rows = await db.query<{ id: string; external_id: string; sequence: number; tx: string }>(
      "SELECT id, external_id, sequence, xmin::text AS tx FROM incidents WHERE external_id LIKE 'b-%'",
    );
    expect(rows).toHaveLength(40);
    const byExternal = new Map(rows.map((row) => [row.external_id, row.id]));
    expect(results.map((result) => result.incidentId)).toEqual(deliveries.map((id) => byExternal.get(id)));
    expect(results.filter((result) => result.created)).toHaveLength(40);
    // Distinct numbers without gaps, and far fewer transactions than incidents.
    const sequences = rows.map((row) => Number(row.sequence)).sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, index) => sequences[0]! + index));
    const transactions = new Set(rows.map((row) => row.tx)).size;
    expect(transactions).toBeGreaterThanOrEqual(3);
    expect(transactions).toBeLessThan(10);
    for (const table of ["incident_reporters", "incident_timeline", "incident_inbox"]) {
      const [count] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} t JOIN incidents i ON i.id = t.incident_id
          WHERE i.external_id LIKE 'b-%'`,
      );
      expect(count?.n, table).toBe(40);
    }
    const [events] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM event_outbox WHERE event = 'incidents.created' AND payload->>'incidentId' = ANY($1::text[])",
      [rows.map((row) => row.id)],
    );
    expect(events?.n).toBe(40);
    await receiver.idle();
    expect(receiver.queued).toBe(0);
  });

  it("fails only the item the database refuses; the rest of its batch is stored", async () => {
    await db.query(`
      CREATE FUNCTION refuse_test_incident() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.text_original = 'отказать' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_test_incident BEFORE INSERT ON incidents
        FOR EACH ROW EXECUTE FUNCTION refuse_test_incident();`);
    try {
      const receiver = createPlatformIntakeReceiver(world.system);
      const outcomes = await Promise.allSettled(
        ["f-1", "f-2", "f-3", "f-4", "f-5"].map((id, index) =>
          receiver.receive(intake(id, index === 2 ? "отказать" : "Не горят фонари во дворе")),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        "fulfilled",
        "fulfilled",
        "rejected",
        "fulfilled",
        "fulfilled",
      ]);
      const stored = await db.query<{ external_id: string }>(
        "SELECT external_id FROM incidents WHERE external_id LIKE 'f-%' ORDER BY external_id",
      );
      expect(stored.map((row) => row.external_id)).toEqual(["f-1", "f-2", "f-4", "f-5"]);
      const kept = await db.query("SELECT 1 FROM incident_inbox WHERE external_id = 'f-3'");
      expect(kept).toHaveLength(0);
    } finally {
      await db.query("DROP TRIGGER refuse_test_incident ON incidents; DROP FUNCTION refuse_test_incident();");
    }
  });

  it("applies an update sent right after its incident only once the incident is stored", async () => {
    const receiver = createPlatformIntakeReceiver(world.system);
    const [created, updated] = await Promise.all([
      receiver.receive(intake("u-1", "Во дворе не вывезли мусор")),
      receiver.receive({ ...intake("u-1", ""), type: "update", comment: "Житель прислал фото" }),
    ]);
    expect(updated.incidentId).toBe(created.incidentId);
    const kinds = await db.query<{ kind: string; comment: string | null }>(
      "SELECT kind, comment FROM incident_timeline WHERE incident_id = $1 ORDER BY at, id",
      [created.incidentId],
    );
    expect(kinds).toContainEqual({ kind: "platform-update", comment: "Житель прислал фото" });
  });
});
