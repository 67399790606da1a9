// The incident desk's events become notifications through the outbox relay, as the API wires them.
import { systemClock } from "@otklik/core";
import { createJobs, emit, startEventRelay, withTransaction } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { getDepartment, seedAbakanDemo, systemActor } from "@otklik/identity";
import { IncidentAssigned, IncidentSlaBreachDue, IncidentStatusChanged } from "@otklik/incidents";
import { DELIVERY_QUEUE } from "@otklik/notifications";
import { abakanCalendars } from "@otklik/sla";
import { describe, expect, it, vi } from "vitest";
import { notificationSubscriptions } from "../src/routes/notifications/workers.js";
import { migrationSets } from "../src/server/modules.js";
import { TEST_PASSWORD_HASHING } from "../src/test-support.js";

describe.each(testBackends())("incident events as notifications on %s", (backend) => {
  it("tells the department of an assignment and of a breach, and stops escalating once the incident moves", {
    timeout: 60_000,
  }, async () => {
    await using db = await createTestDatabase({ backend, migrations: migrationSets });
    const demo = await seedAbakanDemo({ db, clock: systemClock, passwordHashing: TEST_PASSWORD_HASHING });
    const context = { db, clock: systemClock, actor: systemActor("test") };
    const departments = await Promise.all(
      Object.values(demo.departmentIds).map((id) => getDepartment(context, id)),
    );
    const department = departments.find((each) => each.headUserId !== null)!;
    const departmentId = department.id;
    const jobs = createJobs(db, { pollingIntervalSeconds: 0.5, schedule: false });
    await jobs.start();
    try {
      const settings = {
        jobs,
        dutyCalendar: abakanCalendars().duty!,
        chain: [{ level: "head" as const, delayMinutes: 0 }],
      };
      // Delivery's queue (the workers make it in the app); the notifications are written with their jobs.
      await jobs.createQueue(DELIVERY_QUEUE);
      const relay = await startEventRelay(db, jobs, {
        subscriptions: notificationSubscriptions({ db, clock: systemClock, settings }),
      });
      await withTransaction(db, (tx) =>
        emit(tx, IncidentAssigned, { incidentId: "inc_events", departmentId, assigneeId: null }),
      );
      await relay.dispatchPending();
      const kindsFor = async (kind: string) =>
        db.query<{ recipient_user_id: string }>(
          "SELECT recipient_user_id FROM notifications WHERE kind = $1 AND channel = 'in_app' AND payload->>'incidentId' = 'inc_events'",
          [kind],
        );
      await vi.waitFor(
        async () =>
          expect(await kindsFor("incident_assigned")).toEqual([{ recipient_user_id: department.headUserId }]),
        {
          timeout: 20_000,
        },
      );
      await withTransaction(db, (tx) =>
        emit(tx, IncidentSlaBreachDue, {
          incidentId: "inc_events",
          metric: "first-reply",
          cycle: 0,
          dueAt: new Date().toISOString(),
          departmentId,
        } as never),
      );
      await relay.dispatchPending();
      await vi.waitFor(async () => expect(await kindsFor("sla_breach")).toHaveLength(1), { timeout: 20_000 });
      await withTransaction(db, (tx) =>
        emit(tx, IncidentStatusChanged, {
          incidentId: "inc_events",
          from: "routed",
          to: "in_progress",
          command: "start",
        }),
      );
      await relay.dispatchPending();
      await vi.waitFor(
        async () => {
          const [row] = await db.query<{ state: string }>(
            "SELECT state FROM notification_escalations WHERE incident_id = 'inc_events'",
          );
          expect(row?.state).toBe("stopped");
        },
        { timeout: 20_000 },
      );
    } finally {
      await jobs.stop();
    }
  });
});
