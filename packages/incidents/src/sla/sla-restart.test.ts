// SLA warnings and breaches as real pg-boss jobs, across a stop of the job runner and the database
// connection before the deadlines, downtime, and a restart: each fires exactly once.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manualClock } from "@otklik/core";
import { connect, createJobs, type Database, type Jobs } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { systemActor } from "@otklik/identity";
import { afterAll, describe, expect, it } from "vitest";
import type { IncidentContext } from "../context.js";
import { receivePlatformIncident } from "../intake/receive-platform-intake.js";
import { deskWorld, MIGRATIONS, START } from "../testing/world.js";
import { catchUpSlaDeadlines, SLA_QUEUE, workSlaDeadlines } from "./sla-jobs.js";

/** Waits (polling) until `condition` holds; fails after `timeoutMs`. Not a timing assertion. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(testBackends())("SLA deadline jobs across a restart on %s", (backend) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it("announces each warning and breach once: before the stop, by the catch-up and by the due jobs after it", async () => {
    // One database that outlives the "processes"; each process has its own connection.
    let template: TestDatabase;
    let open: () => Promise<Database>;
    if (backend === "pglite") {
      const dataDir = await mkdtemp(join(tmpdir(), "otklik-sla-restart-"));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      template = await createTestDatabase({ backend, migrations: MIGRATIONS, dataDir: join(dataDir, "db") });
      await template.close();
      open = () => connect({ dataDir: join(dataDir, "db") });
    } else {
      template = await createTestDatabase({ backend, migrations: MIGRATIONS });
      cleanup.push(() => template.close());
      const url = template.url as string;
      open = () => connect({ url, maxConnections: 4 });
    }

    const clock = manualClock(START); // Friday 10:00 in Abakan.
    /**
     * pg-boss starts a job when the database's `now()` passes its `start_after`. The desk's clock is
     * a manual one, so time moves for pg-boss the same way: jobs scheduled at or before the desk's
     * now are made due.
     */
    const advanceTo = async (db: Database, iso: string) => {
      clock.set(iso);
      await db.query(
        `UPDATE pgboss.job SET start_after = now() - interval '1 second'
          WHERE name = $1 AND state = 'created' AND start_after <= $2`,
        [SLA_QUEUE, clock.now()],
      );
    };
    const notices = async (db: Database) =>
      db.query<{ event: string; metric: string; n: number }>(
        `SELECT event, payload->>'metric' AS metric, count(*)::int AS n FROM event_outbox
          WHERE event LIKE 'incidents.sla_%' GROUP BY 1, 2 ORDER BY 1, 2`,
      );
    const pendingDue = async (db: Database) =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pgboss.job
            WHERE name = $1 AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
          [SLA_QUEUE],
        )
      )[0]?.n ?? 0;
    const startProcess = async (): Promise<{ db: Database; jobs: Jobs; context: IncidentContext }> => {
      const db = await open();
      const jobs = createJobs(db, { pollingIntervalSeconds: 0.5 });
      await jobs.start();
      const context: IncidentContext = { db, clock, actor: systemActor("sla-test"), jobs };
      await workSlaDeadlines(jobs, context);
      return { db, jobs, context };
    };

    // Process A: the desk is set up, an incident arrives, its deadlines are scheduled as jobs.
    const first = await startProcess();
    await deskWorld(first.db);
    const { incidentId } = await receivePlatformIncident(first.context, {
      type: "incident",
      id: `sla-restart-${backend}`,
      createdAt: START,
      text: "Во дворе дома на Ленина не вывозят мусор уже неделю",
      source: { network: "vk", authorName: "Житель" },
    });
    const scheduled = await first.db.query<{ start_after: Date }>(
      "SELECT start_after FROM pgboss.job WHERE name = $1 AND data->>'incidentId' = $2 ORDER BY start_after",
      [SLA_QUEUE, incidentId],
    );
    // One job per incident, for its next checkpoint: the first reply's first warning at 11:00 (duty
    // calendar). Each job schedules the next when it runs (11:45, 12:00, then the platform's answer's
    // warning Monday 10:00 and deadline Monday 11:00 on the office calendar, then the fix's).
    expect(scheduled.map((job) => new Date(job.start_after).toISOString())).toEqual([
      "2026-11-27T04:00:00.000Z",
    ]);

    // 11:10: the first warning's job runs in process A.
    await advanceTo(first.db, "2026-11-27T04:10:00Z");
    first.jobs.notify(SLA_QUEUE);
    await until(async () => (await pendingDue(first.db)) === 0, "the 11:00 warning job");
    expect(await notices(first.db)).toEqual([
      { event: "incidents.sla_warning_due", metric: "first-reply", n: 1 },
    ]);
    // The process stops (runner and connection) before the 11:45 warning and the 12:00 deadline.
    await first.jobs.stop({ graceful: true });
    await first.db.close();

    // Downtime until Monday 12:00: the rest of the first-reply notices and the platform's answer's pass.
    clock.set("2026-11-30T05:00:00Z");

    // Process B starts: the catch-up announces what passed while down, then the due jobs run too.
    const second = await startProcess();
    cleanup.push(async () => {
      await second.jobs.stop({ graceful: false });
      await second.db.close();
    });
    const caughtUp = await catchUpSlaDeadlines(second.context);
    expect(caughtUp).toBe(4);
    await advanceTo(second.db, "2026-11-30T05:00:00Z");
    second.jobs.notify(SLA_QUEUE);
    await until(async () => (await pendingDue(second.db)) === 0, "the jobs due during the downtime");
    // A second catch-up (another process starting) announces nothing either.
    expect(await catchUpSlaDeadlines(second.context)).toBe(0);

    expect(await notices(second.db)).toEqual([
      { event: "incidents.sla_breach_due", metric: "first-reply", n: 1 },
      { event: "incidents.sla_breach_due", metric: "platform-answer", n: 1 },
      { event: "incidents.sla_warning_due", metric: "first-reply", n: 2 },
      { event: "incidents.sla_warning_due", metric: "platform-answer", n: 1 },
    ]);
    const completed = await second.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed' AND data->>'incidentId' = $2",
      [SLA_QUEUE, incidentId],
    );
    // Both jobs due so far ran (the one left for 11:45 found its notices announced by the catch-up);
    // the next one, for the fix's first warning, waits.
    expect(completed[0]?.n).toBe(2);
    const waiting = await second.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'created' AND data->>'incidentId' = $2",
      [SLA_QUEUE, incidentId],
    );
    expect(waiting[0]?.n).toBe(1);
    const [incident] = await second.db.query<{ sla_state: string }>(
      "SELECT sla_state FROM incidents WHERE id = $1",
      [incidentId],
    );
    expect(incident?.sla_state).toBe("breached");
  }, 180_000);
});
