import { createJobs, eventOutbox, type Jobs, withTransaction } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentContext } from "../context.js";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { incidents } from "../schema.js";
import { checkSlaDeadlines, SLA_QUEUE, scheduleSlaJobs } from "../sla/sla-jobs.js";
import { storeAddressPoints } from "../storage/address-store.js";
import { type DeskWorld, deskWorld, MIGRATIONS, START } from "../testing/world.js";
import { createIncidentInTransaction } from "./create-incident.js";
import { listInbox } from "./inbox.js";
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

describe.each(testBackends())("platform intake: storage, numbers and jobs on %s", (backend) => {
  let db: TestDatabase;
  let world: DeskWorld;
  let jobs: Jobs;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: MIGRATIONS });
    world = await deskWorld(db);
    jobs = createJobs(db);
    await jobs.start();
    await jobs.createQueue(SLA_QUEUE);
  });
  afterAll(async () => {
    await jobs.stop({ graceful: false });
    await db.close();
  });
  const withJobs = (): IncidentContext => ({ ...world.system, jobs });

  it("continues the year's numbers after the last one the older counter table handed out", async () => {
    await db.query("INSERT INTO incident_registration_counters (year, last_sequence) VALUES (2026, 41)");
    const { incidentId } = await receivePlatformIncident(withJobs(), intake("n-1", "Яма на дороге у школы"));
    const [row] = await db.query<{ number: string; year: number; sequence: number }>(
      "SELECT number, year, sequence FROM incidents WHERE id = $1",
      [incidentId],
    );
    expect(row).toEqual({ number: "2026-000042", year: 2026, sequence: 42 });
  });

  it("answers the incident exactly as stored, and the stored one for a re-delivery", async () => {
    const first = await withTransaction(db, (tx) =>
      createIncidentInTransaction(tx, withJobs(), {
        channel: "platform",
        externalId: "n-2",
        sourceNetwork: "ok",
        authorName: "Пётр",
        text: "Не вывозят мусор с контейнерной площадки на Ленина 70",
        attachments: [{ type: "photo", url: "https://ok.ru/photo/1" }],
        addressText: "ул. Ленина, 70",
        createdAt: new Date("2026-11-27T02:50:00Z"),
        sentAt: new Date("2026-11-27T02:55:00Z"),
        platformDeadlineAt: new Date("2026-11-30T10:00:00Z"),
      }),
    );
    const [stored] = await db.drizzle.select().from(incidents).where(eq(incidents.id, first.incident.id));
    expect(first.created).toBe(true);
    expect(first.incident).toEqual(stored);
    const events = await db.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM event_outbox WHERE event = 'incidents.created' AND payload->>'incidentId' = $1",
      [first.incident.id],
    );
    expect(events.map((event) => event.payload)).toEqual([
      {
        incidentId: first.incident.id,
        number: stored?.number,
        channel: "platform",
        category: stored?.category,
        departmentId: stored?.departmentId,
        urgent: false,
        notifyDepartmentIds: [],
      },
    ]);
    const again = await withTransaction(db, (tx) =>
      createIncidentInTransaction(tx, withJobs(), {
        channel: "platform",
        externalId: "n-2",
        text: "другой текст той же доставки",
        createdAt: new Date("2026-11-27T02:50:00Z"),
      }),
    );
    expect(again).toEqual({ incident: stored, created: false });
  });

  it("keeps the platform's payload whole in the inbox, decided as an incident and out of the undecided list", async () => {
    const payload = intake("n-3", "Не горят фонари на Пушкина", {
      attachments: [{ type: "photo", url: "https://vk.com/photo-1_2" }],
      rubric: "Освещение",
    });
    const { incidentId } = await receivePlatformIncident(withJobs(), payload);
    const [item] = await db.query<{
      raw: unknown;
      kind: string;
      decision: string;
      incident_id: string;
      text: string;
      decided_by: string;
    }>(
      "SELECT raw, kind, decision, incident_id, text, decided_by FROM incident_inbox WHERE channel = 'platform' AND external_id = 'n-3'",
    );
    expect(item).toEqual({
      raw: payload,
      kind: "incident",
      decision: "incident",
      incident_id: incidentId,
      text: "Не горят фонари на Пушкина",
      decided_by: "system:test",
    });
    const undecided = await listInbox(world.operator, {});
    expect(undecided.items.map((entry) => entry.externalId)).not.toContain("n-3");
    // A re-delivery keeps one inbox item too.
    await receivePlatformIncident(withJobs(), payload);
    const [count] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incident_inbox WHERE external_id = 'n-3'",
    );
    expect(count?.n).toBe(1);
  });

  it("schedules one SLA job per new incident, for its next checkpoint, exactly as scheduleSlaJobs would", async () => {
    const ids: string[] = [];
    for (const id of ["n-4", "n-5"]) {
      ids.push((await receivePlatformIncident(withJobs(), intake(id, "Яма на дороге у школы"))).incidentId);
    }
    const describeJobs = async (incidentId: string) =>
      db.query(
        `SELECT name, state, priority, start_after, retry_limit, retry_delay, retry_backoff, expire_in,
                keep_until, policy, dead_letter, singleton_key, data
           FROM pgboss.job WHERE name = $1 AND data->>'incidentId' = $2 ORDER BY start_after`,
        [SLA_QUEUE, incidentId],
      );
    const batched = await describeJobs(ids[0]!);
    // The first reply's first warning, an hour after the platform sent it (02:55 UTC), is the next checkpoint.
    expect(batched).toHaveLength(1);
    expect(new Date(batched[0]!.start_after as string).toISOString()).toBe("2026-11-27T03:55:00.000Z");
    // The second incident's jobs, dropped and scheduled again one by one, come back the same.
    const [row] = await db.drizzle.select().from(incidents).where(eq(incidents.id, ids[1]!));
    const before = await describeJobs(ids[1]!);
    await db.query("DELETE FROM pgboss.job WHERE name = $1 AND data->>'incidentId' = $2", [
      SLA_QUEUE,
      ids[1],
    ]);
    await withTransaction(db, (tx) => scheduleSlaJobs(tx, withJobs(), row!, world.clock.now()));
    const oneByOne = await describeJobs(ids[1]!);
    expect(before).toEqual(
      batched.map((job) => ({ ...job, data: { ...(job.data as object), incidentId: ids[1] } })),
    );
    expect(oneByOne.map(({ keep_until: _k, ...job }) => job)).toEqual(
      before.map(({ keep_until: _k, ...job }) => job),
    );
  });

  it("announces the warnings and deadline of an incident registered after they passed", async () => {
    // Sent by the platform three hours before it reached the city: the first reply is overdue on arrival.
    const sentAt = new Date(world.clock.now().getTime() - 3 * 3_600_000).toISOString();
    const { incidentId } = await receivePlatformIncident(
      withJobs(),
      intake("late-1", "Яма на дороге у школы", { createdAt: sentAt, sentAt }),
    );
    const jobs = await db.query<{ start_after: Date }>(
      "SELECT start_after FROM pgboss.job WHERE name = $1 AND data->>'incidentId' = $2 ORDER BY start_after",
      [SLA_QUEUE, incidentId],
    );
    expect(jobs).toHaveLength(2);
    expect(new Date(jobs[0]!.start_after).getTime()).toBeLessThanOrEqual(world.clock.now().getTime());
    expect(new Date(jobs[1]!.start_after).getTime()).toBeGreaterThan(world.clock.now().getTime());
    // What that job does when it runs: both first-reply warnings and the breach, once.
    expect(await checkSlaDeadlines(withJobs(), incidentId)).toBe(3);
    expect(await checkSlaDeadlines(withJobs(), incidentId)).toBe(0);
  });

  it("gives concurrent deliveries distinct numbers without gaps; the same item at once stays one incident", async () => {
    const before = await db.query<{ n: number }>("SELECT max(sequence)::int AS n FROM incidents");
    const ids = Array.from({ length: 12 }, (_, index) => `c-${index}`);
    const results = await Promise.all(
      [...ids, ...ids.slice(0, 6)].map((id) =>
        receivePlatformIncident(withJobs(), intake(id, "Во дворе не вывозят мусор")),
      ),
    );
    expect(results.filter((result) => result.created)).toHaveLength(12);
    const rows = await db.query<{ external_id: string; sequence: number }>(
      "SELECT external_id, sequence FROM incidents WHERE external_id LIKE 'c-%' ORDER BY sequence",
    );
    expect(rows).toHaveLength(12);
    const start = Number(before[0]?.n);
    expect(rows.map((row) => row.sequence)).toEqual(ids.map((_, index) => start + 1 + index));
  });

  it("leaves the number of a rolled-back intake unused (a gap) and stores nothing of it", async () => {
    const [last] = await db.query<{ n: number }>("SELECT max(sequence)::int AS n FROM incidents");
    await expect(
      withTransaction(db, async (tx) => {
        await createIncidentInTransaction(tx, withJobs(), {
          channel: "platform",
          externalId: "n-rolled-back",
          text: "Яма на дороге",
          createdAt: new Date(START),
        });
        throw new Error("the process died before the commit");
      }),
    ).rejects.toThrow("before the commit");
    const stored = await db.query("SELECT 1 FROM incidents WHERE external_id = 'n-rolled-back'");
    expect(stored).toHaveLength(0);
    const kept = await db.query("SELECT 1 FROM incident_inbox WHERE external_id = 'n-rolled-back'");
    expect(kept).toHaveLength(0);
    const { incidentId } = await receivePlatformIncident(withJobs(), intake("n-6", "Яма на дороге"));
    const [row] = await db.query<{ sequence: number }>("SELECT sequence FROM incidents WHERE id = $1", [
      incidentId,
    ]);
    expect(row?.sequence).toBe(Number(last?.n) + 2);
  });

  it("restarts the numbers on 1 January in the city's time zone", async () => {
    // 31 December, 23:59 in Abakan is still 2026; 00:30 on 1 January is 2027 (UTC: 16:59 and 17:30).
    world.clock.set("2026-12-31T16:59:00Z");
    const late = await receivePlatformIncident(withJobs(), intake("y-1", "Яма на дороге"));
    world.clock.set("2026-12-31T17:30:00Z");
    const early = await receivePlatformIncident(withJobs(), intake("y-2", "Яма на дороге"));
    const numbers = await db.query<{ id: string; number: string }>(
      "SELECT id, number FROM incidents WHERE id = ANY($1::text[])",
      [[late.incidentId, early.incidentId]],
    );
    const byId = new Map(numbers.map((row) => [row.id, row.number]));
    expect(byId.get(late.incidentId)).toMatch(/^2026-\d{6}$/);
    expect(byId.get(early.incidentId)).toBe("2027-000001");
  });

  it("makes a new year's sequence once when its first intakes arrive together", async () => {
    world.clock.set("2028-03-01T03:00:00Z");
    const results = await Promise.all(
      ["z-1", "z-2", "z-3", "z-4", "z-5"].map((id) =>
        receivePlatformIncident(withJobs(), intake(id, "Не вывозят мусор")),
      ),
    );
    const rows = await db.query<{ number: string }>(
      "SELECT number FROM incidents WHERE id = ANY($1::text[]) ORDER BY number",
      [results.map((result) => result.incidentId)],
    );
    expect(rows.map((row) => row.number)).toEqual([
      "2028-000001",
      "2028-000002",
      "2028-000003",
      "2028-000004",
      "2028-000005",
    ]);
  });
});
