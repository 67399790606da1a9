import { type Clock, manualClock } from "@otklik/core";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { identityMigrations } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onIncidentAssigned, onIncidentCreated, onIncidentMoved, onSlaBreach } from "../intents/intents.js";
import { notificationsMigrations } from "../migrations.js";
import { type Organisation, seedOrganisation, TEST_ESCALATION } from "../testing/organisation.js";
import { runDueEscalations } from "./escalate.js";

describe.each(testBackends())("escalation on %s", (backend) => {
  let db: TestDatabase;
  let org: Organisation;

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [identityMigrations, notificationsMigrations] });
    org = await seedOrganisation(db);
  }, 60_000);
  afterAll(() => db?.close());

  /** Who got an escalation notice of the incident so far: level → recipient. */
  async function escalated(incidentId: string): Promise<string[]> {
    const rows = await db.query<{ who: string; level: number }>(
      `SELECT coalesce(recipient_user_id, address) AS who, (payload->>'level')::int AS level FROM notifications
        WHERE kind = 'escalation' AND payload->>'incidentId' = $1 AND channel IN ('in_app', 'email')
          AND (recipient_user_id IS NULL OR channel = 'in_app')
        ORDER BY level`,
      [incidentId],
    );
    return rows.map((row) => `${row.level}:${row.who}`);
  }

  async function breachedIncident(clock: ReturnType<typeof manualClock>, incidentId: string, urgent = false) {
    const deps = { db, clock: clock as Clock, settings: TEST_ESCALATION };
    await onIncidentCreated(deps, {
      incidentId,
      number: `А-${incidentId}`,
      departmentId: org.departmentId,
      urgent,
    });
    await onIncidentAssigned(
      deps,
      { incidentId, departmentId: org.departmentId, assigneeId: org.executorId },
      `evt_${incidentId}`,
    );
    clock.advance(60_000);
    const breach = await onSlaBreach(deps, {
      incidentId,
      metric: "first-reply",
      cycle: 0,
      dueAt: clock.now().toISOString(),
      departmentId: org.departmentId,
    });
    return { deps, breach };
  }

  it("goes executor → head → deputy head after the delays while the incident stands still", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z"); // 10:00 Friday, within duty hours
    const { deps, breach } = await breachedIncident(clock, "inc_still");
    expect(breach.escalationId).not.toBeNull();
    // The breach itself reaches the executor and the head at once (critical).
    expect(breach.notifications.map((item) => item.channel).sort()).toEqual([
      "email",
      "email",
      "in_app",
      "in_app",
    ]);
    // The same breach event again starts nothing new.
    expect(
      (
        await onSlaBreach(deps, {
          incidentId: "inc_still",
          metric: "first-reply",
          cycle: 0,
          dueAt: clock.now().toISOString(),
          departmentId: org.departmentId,
        })
      ).escalationId,
    ).toBeNull();

    expect(await runDueEscalations(db, clock, TEST_ESCALATION)).toBe(1);
    expect(await escalated("inc_still")).toEqual([`1:${org.executorId}`]);
    clock.advance(29 * 60_000);
    expect(await runDueEscalations(db, clock, TEST_ESCALATION)).toBe(0);
    clock.advance(60_000);
    expect(await runDueEscalations(db, clock, TEST_ESCALATION)).toBe(1);
    expect(await escalated("inc_still")).toEqual([`1:${org.executorId}`, `2:${org.headId}`]);
    clock.advance(59 * 60_000);
    expect(await runDueEscalations(db, clock, TEST_ESCALATION)).toBe(0);
    clock.advance(60_000);
    expect(await runDueEscalations(db, clock, TEST_ESCALATION)).toBe(1);
    expect(await escalated("inc_still")).toEqual([
      `1:${org.executorId}`,
      `2:${org.headId}`,
      `3:${org.deputyEmail}`,
    ]);
    const [state] = await db.query<{ state: string }>(
      "SELECT state FROM notification_escalations WHERE id = $1",
      [breach.escalationId],
    );
    expect(state!.state).toBe("completed");
  });

  it("stops as soon as the incident moves", async () => {
    const clock = manualClock("2026-11-27T03:00:00Z");
    const { deps } = await breachedIncident(clock, "inc_moves");
    await runDueEscalations(db, clock, TEST_ESCALATION);
    clock.advance(10 * 60_000);
    expect(await onIncidentMoved(deps, { incidentId: "inc_moves", reason: "status: in_progress" })).toBe(1);
    clock.advance(3 * 60 * 60_000);
    expect(await runDueEscalations(db, clock, TEST_ESCALATION)).toBe(0);
    expect(await escalated("inc_moves")).toEqual([`1:${org.executorId}`]);
    const steps = await db.query<{ state: string }>(
      `SELECT s.state FROM notification_escalation_steps s JOIN notification_escalations e ON e.id = s.escalation_id
        WHERE e.incident_id = 'inc_moves' ORDER BY position`,
    );
    expect(steps.map((step) => step.state)).toEqual(["done", "cancelled", "cancelled"]);
  });

  it("waits for the next duty period outside duty hours unless the incident is urgent", async () => {
    const clock = manualClock("2026-11-27T15:59:00Z"); // 22:59 Friday: duty closed
    await breachedIncident(clock, "inc_night");
    await breachedIncident(manualClock("2026-11-27T15:59:00Z"), "inc_urgent", true);
    expect(await runDueEscalations(db, clock, TEST_ESCALATION)).toBe(1);
    expect(await escalated("inc_night")).toEqual([]);
    expect(await escalated("inc_urgent")).toEqual([`1:${org.executorId}`]);
    clock.set("2026-11-28T02:00:00Z"); // 09:00 Saturday: duty opens
    await runDueEscalations(db, clock, TEST_ESCALATION);
    expect(await escalated("inc_night")).toEqual([`1:${org.executorId}`]);
  });
});
