import { isOtklikError, manualClock } from "@otklik/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { withTransaction } from "../connection/transaction.js";
import { createJobs, type Jobs } from "../jobs/jobs.js";
import { createTestDatabase, type TestDatabase, testBackends } from "../testing/index.js";
import { defineEvent } from "./define-event.js";
import { emit } from "./emit.js";
import { IncidentRouted } from "./fixtures/incident-events.js";
import { type EventRelay, startEventRelay } from "./relay.js";
import { type DeliveredEvent, subscribe, subscribeBatch } from "./subscribe.js";

const within = { timeout: 10_000, interval: 20 };
type Routed = DeliveredEvent<z.output<typeof IncidentRouted.schema>>;

describe("defineEvent", () => {
  it("refuses a name that does not say which package it belongs to", () => {
    expect(() => defineEvent("Routed", z.object({}))).toThrow(
      'Event name "Routed" must look like "package.what_happened"',
    );
  });
});

describe.each(testBackends())("events on %s", (backend) => {
  let db: TestDatabase;
  let jobs: Jobs;
  let relay: EventRelay | undefined;
  beforeAll(async () => {
    db = await createTestDatabase({ backend });
  });
  afterAll(() => db.close());
  afterEach(async () => {
    await relay?.stop();
    await jobs?.stop();
    relay = undefined;
    await db.query("DELETE FROM event_outbox; DELETE FROM event_subscriptions");
  });

  const start = async (...subscriptions: Parameters<typeof startEventRelay>[2]["subscriptions"]) => {
    jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    relay = await startEventRelay(db, jobs, { subscriptions, intervalMs: 60_000 });
    return relay;
  };

  const pending = async (): Promise<number> =>
    (
      await db.query<{ n: number }>("SELECT count(*)::int AS n FROM event_outbox WHERE dispatched_at IS NULL")
    )[0]!.n;

  it("delivers an emitted event to every subscriber with its typed payload and id", async () => {
    const notifications: Routed[] = [];
    const reports: Routed[] = [];
    const relay = await start(
      subscribe(IncidentRouted, "notifications", async (event) => {
        notifications.push(event);
      }),
      subscribe(IncidentRouted, "reports", async (event) => {
        reports.push(event);
      }),
    );
    const clock = manualClock("2026-11-27T09:00:00+07:00");
    const id = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_1", departmentId: "dep_roads" }, { clock }),
    );
    expect(await relay.dispatchPending()).toBe(1);

    await vi.waitFor(() => expect([notifications.length, reports.length]).toEqual([1, 1]), within);
    const expected = {
      id,
      name: "incidents.routed",
      payload: { incidentId: "inc_1", departmentId: "dep_roads" },
      occurredAt: new Date("2026-11-27T02:00:00Z"),
      attempt: 1,
    };
    expect(notifications[0]).toEqual(expected);
    expect(reports[0]).toEqual(expected);
    expect(await pending()).toBe(0);
  });

  it("emits nothing when the transaction rolls back", async () => {
    const received: Routed[] = [];
    const relay = await start(
      subscribe(IncidentRouted, "notifications", async (event) => void received.push(event)),
    );
    await expect(
      withTransaction(db, async (tx) => {
        await emit(tx, IncidentRouted, { incidentId: "inc_2", departmentId: "dep_roads" });
        throw new Error("the routing was refused");
      }),
    ).rejects.toThrow("the routing was refused");

    expect(await relay.dispatchPending()).toBe(0);
    expect(await db.query("SELECT id FROM event_outbox")).toEqual([]);
    expect(received).toEqual([]);
  });

  it("refuses an invalid payload with a clear error and writes nothing", async () => {
    const attempt = withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "42", departmentId: "dep_roads" } as never),
    );
    const error = await attempt.catch((caught: unknown) => caught);
    expect(isOtklikError(error)).toBe(true);
    expect(error).toMatchObject({
      code: "validation_failed",
      details: [{ path: ["incidentId"], message: expect.any(String) }],
    });
    expect((error as Error).message).toMatch(/Event "incidents.routed".*invalid input \(incidentId\)/);
    expect(await db.query("SELECT id FROM event_outbox")).toEqual([]);
  });

  it("retries a failing subscriber while the others get the event once", async () => {
    const flakyAttempts: number[] = [];
    const steady: string[] = [];
    const relay = await start(
      subscribe(
        IncidentRouted,
        "flaky",
        async (event) => {
          flakyAttempts.push(event.attempt);
          if (event.attempt < 3) throw new Error("the mail server is down");
        },
        { retryDelaySeconds: 0, retryBackoff: false },
      ),
      subscribe(IncidentRouted, "steady", async (event) => void steady.push(event.id)),
    );
    const id = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_3", departmentId: "dep_roads" }),
    );
    await relay.dispatchPending();

    await vi.waitFor(() => expect(flakyAttempts).toEqual([1, 2, 3]), within);
    expect(steady).toEqual([id]);
  });

  it("does not deliver twice when a row is fanned out again (one job per event and subscriber)", async () => {
    const received: string[] = [];
    const relay = await start(
      subscribe(IncidentRouted, "notifications", async (event) => void received.push(event.id)),
    );
    const id = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_4", departmentId: "dep_roads" }),
    );
    await relay.dispatchPending();
    await vi.waitFor(() => expect(received).toEqual([id]), within);

    // As if a relay crashed after sending the jobs but before recording it.
    await db.query("UPDATE event_outbox SET dispatched_at = NULL WHERE id = $1", [id]);
    expect(await relay.dispatchPending()).toBe(1);
    await jobs.stop();
    expect(received).toEqual([id]);
    const jobsMade = await db.query("SELECT id FROM pgboss.job WHERE data->>'eventId' = $1", [id]);
    expect(jobsMade).toHaveLength(1);
  });

  it("delivers events emitted before the relay started as soon as it starts", async () => {
    const id = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_5", departmentId: "dep_roads" }),
    );
    const received: string[] = [];
    await start(subscribe(IncidentRouted, "notifications", async (event) => void received.push(event.id)));
    await vi.waitFor(() => expect(received).toEqual([id]), within);
  });

  it("hands a batched subscriber the events of one relay batch in one job, oldest first", async () => {
    const batches: Routed[][] = [];
    const single: string[] = [];
    const relay = await start(
      subscribeBatch(IncidentRouted, "watch", async (events) => void batches.push(events)),
      subscribe(IncidentRouted, "notifications", async (event) => void single.push(event.id)),
    );
    const ids: string[] = [];
    for (const n of [11, 12, 13]) {
      ids.push(
        await withTransaction(db, (tx) =>
          emit(tx, IncidentRouted, { incidentId: `inc_${n}`, departmentId: "dep_roads" }),
        ),
      );
    }
    expect(await relay.dispatchPending()).toBe(3);

    await vi.waitFor(() => expect(single).toHaveLength(3), within);
    await vi.waitFor(() => expect(batches).toHaveLength(1), within);
    expect(batches[0]!.map((event) => [event.id, event.payload.incidentId, event.attempt])).toEqual([
      [ids[0], "inc_11", 1],
      [ids[1], "inc_12", 1],
      [ids[2], "inc_13", 1],
    ]);
    const queued = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'events:incidents.routed:watch'",
    );
    expect(queued[0]!.n).toBe(1);
  });

  it("runs a failed batch again whole, and a batch fanned out again only once", async () => {
    const attempts: { ids: string[]; attempt: number }[] = [];
    const relay = await start(
      subscribeBatch(
        IncidentRouted,
        // A queue of its own: a queue keeps the retry options it was created with.
        "watch-retried",
        async (events) => {
          attempts.push({ ids: events.map((event) => event.id), attempt: events[0]!.attempt });
          if (events[0]!.attempt < 2) throw new Error("the watch table is locked");
        },
        { retryDelaySeconds: 0, retryBackoff: false },
      ),
    );
    const first = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_21", departmentId: "dep_roads" }),
    );
    const second = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_22", departmentId: "dep_roads" }),
    );
    await relay.dispatchPending();
    await vi.waitFor(() => expect(attempts).toHaveLength(2), within);
    expect(attempts).toEqual([
      { ids: [first, second], attempt: 1 },
      { ids: [first, second], attempt: 2 },
    ]);

    // As if a relay crashed after sending the batch's job but before recording it.
    await db.query("UPDATE event_outbox SET dispatched_at = NULL WHERE id = ANY($1::text[])", [
      [first, second],
    ]);
    expect(await relay.dispatchPending()).toBe(2);
    await jobs.stop();
    expect(attempts).toHaveLength(2);
  });

  it("gives a batched subscriber a single delivery sent before it became batched", async () => {
    const batches: string[][] = [];
    await start(
      subscribeBatch(IncidentRouted, "watch", async (events) => void batches.push(events.map((e) => e.id))),
    );
    const id = await withTransaction(db, (tx) =>
      emit(tx, IncidentRouted, { incidentId: "inc_31", departmentId: "dep_roads" }),
    );
    const [row] = await db.query<{ occurred_at: Date }>(
      "SELECT occurred_at FROM event_outbox WHERE id = $1",
      [id],
    );
    await jobs.send("events:incidents.routed:watch", {
      eventId: id,
      event: "incidents.routed",
      payload: { incidentId: "inc_31", departmentId: "dep_roads" },
      occurredAt: row!.occurred_at.toISOString(),
    });
    await vi.waitFor(() => expect(batches).toEqual([[id]]), within);
  });

  it("refuses the same subscriber twice for one event", async () => {
    jobs = createJobs(db, { schedule: false });
    await jobs.start();
    const handler = async (): Promise<void> => {};
    await expect(
      startEventRelay(db, jobs, {
        subscriptions: [
          subscribe(IncidentRouted, "twice", handler),
          subscribe(IncidentRouted, "twice", handler),
        ],
      }),
    ).rejects.toThrow('Subscriber "twice" is subscribed to "incidents.routed" twice');
  });
});
