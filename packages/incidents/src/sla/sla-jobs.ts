import { createHash } from "node:crypto";
import type { Executor, Jobs } from "@otklik/db";
import { emit, withTransaction } from "@otklik/db";
import type { SlaEvaluation } from "@otklik/sla";
import { and, eq, isNotNull, notInArray } from "drizzle-orm";
import type { IncidentContext } from "../context.js";
import { IncidentSlaBreachDue, IncidentSlaWarningDue } from "../events.js";
import { incidents, slaNotices } from "../schema.js";
import type { IncidentRow } from "../storage/incident-record.js";
import { evaluateIncidentSla, slaSettings, slaSummary } from "./sla-evaluation.js";

/** The queue of SLA deadline checks. */
export const SLA_QUEUE = "incidents.sla-deadline";
/** How long an SLA check may run (or stay `active` after its process died) before it runs again. */
export const SLA_JOB_LEASE_SECONDS = 120;

/** How far ahead of this process's clock an SLA job's checkpoint may be and still be taken as reached. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** What a deadline job carries. */
export interface SlaDeadlineJob {
  incidentId: string;
  /** The checkpoint it was scheduled for (absent in jobs scheduled before version 0.2). */
  at?: string;
}

/** A UUID derived from a key, so the same deadline is scheduled once (pg-boss ignores a second send). */
export function deterministicUuid(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The instants at which an incident's SLA next needs a look: warnings and deadlines not yet reached. */
export function slaCheckpoints(
  context: Pick<IncidentContext, "sla">,
  row: IncidentRow,
  now: Date,
): { key: string; at: Date }[] {
  return checkpointsOf(row.id, evaluateIncidentSla(slaSettings(context), row.slaEvents, now), now);
}

/** {@link slaCheckpoints} from an evaluation at `now` already made (a new incident's, at registration). */
export function checkpointsOf(
  incidentId: string,
  evaluation: SlaEvaluation,
  now: Date,
): { key: string; at: Date }[] {
  const points: { key: string; at: Date }[] = [];
  for (const metric of evaluation.metrics) {
    if (metric.state !== "running") continue;
    metric.warnings.forEach((warning, index) => {
      if (!warning.reached && warning.at) {
        points.push({
          key: `${incidentId}|${metric.metric}|warning|${metric.cycle}|${index}|${warning.at.toISOString()}`,
          at: warning.at,
        });
      }
    });
    if (metric.dueAt && metric.dueAt > now) {
      points.push({
        key: `${incidentId}|${metric.metric}|breach|${metric.cycle}|0|${metric.dueAt.toISOString()}`,
        at: metric.dueAt,
      });
    }
  }
  return points;
}

/** The nearest of {@link slaCheckpoints}: the one instant the incident's SLA job waits for. */
export function nextSlaCheckpoint(
  context: Pick<IncidentContext, "sla">,
  row: IncidentRow,
  now: Date,
): { key: string; at: Date } | null {
  return nextCheckpointOf(row.id, evaluateIncidentSla(slaSettings(context), row.slaEvents, now), now);
}

/** {@link nextSlaCheckpoint} from an evaluation at `now` already made. */
export function nextCheckpointOf(
  incidentId: string,
  evaluation: SlaEvaluation,
  now: Date,
): { key: string; at: Date } | null {
  let next: { key: string; at: Date } | null = null;
  for (const point of checkpointsOf(incidentId, evaluation, now))
    if (!next || point.at < next.at) next = point;
  return next;
}

/**
 * For an incident registered late (the platform sent it long before it reached the city, or the API was
 * down): a checkpoint now when a warning is already reached or a deadline already passed, which no
 * future checkpoint would announce. Its key is the incident's own, so it is scheduled once.
 */
export function reachedSlaCheckpoint(
  context: Pick<IncidentContext, "sla">,
  row: IncidentRow,
  now: Date,
): { key: string; at: Date } | null {
  return reachedCheckpointOf(row.id, evaluateIncidentSla(slaSettings(context), row.slaEvents, now), now);
}

/** {@link reachedSlaCheckpoint} from an evaluation at `now` already made. */
export function reachedCheckpointOf(
  incidentId: string,
  evaluation: SlaEvaluation,
  now: Date,
): { key: string; at: Date } | null {
  const reached = evaluation.metrics.some(
    (metric) =>
      (metric.state === "running" && metric.warnings.some((warning) => warning.reached)) ||
      (metric.state === "breached" && metric.stoppedAt === null),
  );
  return reached ? { key: `${incidentId}|reached-at-registration`, at: now } : null;
}

/** The job of an SLA checkpoint: its id derives from the checkpoint, so it is scheduled once. */
export function slaCheckpointJob(incidentId: string, point: { key: string; at: Date }) {
  return {
    queue: SLA_QUEUE,
    id: deterministicUuid(point.key),
    data: { incidentId, at: point.at.toISOString() } satisfies SlaDeadlineJob,
    startAfter: point.at,
  };
}

/**
 * Schedules the durable job of an incident's next SLA warning or deadline, in the caller's
 * transaction. One job per incident at a time: when it runs, `checkSlaDeadlines` announces what is
 * due and schedules the next one. Job ids derive from (incident, metric, kind, cycle, threshold,
 * instant): scheduling again after any change adds a job only when the next checkpoint moved; a job
 * left for a checkpoint that moved away runs, finds nothing due and schedules the current next one.
 */
export async function scheduleSlaJobs(
  tx: Executor,
  context: Pick<IncidentContext, "sla" | "jobs">,
  row: IncidentRow,
  now: Date,
): Promise<void> {
  if (!context.jobs) return;
  const next = nextSlaCheckpoint(context, row, now);
  if (next) await context.jobs.sendMany([slaCheckpointJob(row.id, next)], { tx });
}

/**
 * Looks at one incident's SLA at the context's `now` and announces each warning reached and each
 * deadline passed — once: the notice row's key (incident, metric, kind, cycle, threshold) makes a
 * second look, a retried job or a catch-up after a restart announce nothing new. Answers how many
 * notices were announced. Also refreshes the queue's due time and SLA state.
 */
export async function checkSlaDeadlines(
  context: Pick<IncidentContext, "db" | "clock" | "sla" | "jobs">,
  incidentId: string,
  options: { notBefore?: Date } = {},
): Promise<number> {
  // A job may start a moment before its checkpoint by this process's clock (the database's clock
  // decides when it starts): within a few minutes it looks at the checkpoint itself, so the chain of
  // jobs goes on. Further off (a clock set by hand, as in tests) it looks at the clock; the start-up
  // catch-up then picks the incident up again.
  const clockNow = context.clock.now();
  const ahead = options.notBefore ? options.notBefore.getTime() - clockNow.getTime() : 0;
  const now = ahead > 0 && ahead <= CLOCK_SKEW_MS ? (options.notBefore as Date) : clockNow;
  return withTransaction(context.db, async (tx) => {
    const [row] = await tx.drizzle.select().from(incidents).where(eq(incidents.id, incidentId)).for("update");
    if (!row) return 0;
    const evaluation = evaluateIncidentSla(slaSettings(context), row.slaEvents, now);
    let announced = 0;
    for (const metric of evaluation.metrics) {
      const notices: { kind: "warning" | "breach"; threshold: number }[] = [];
      if (metric.state === "running" || (metric.state === "breached" && metric.stoppedAt === null)) {
        metric.warnings.forEach((warning, index) => {
          if (warning.reached) notices.push({ kind: "warning", threshold: index });
        });
      }
      if (metric.state === "breached" && metric.stoppedAt === null)
        notices.push({ kind: "breach", threshold: 0 });
      for (const notice of notices) {
        const dueAt = metric.dueAt ?? metric.breachedAt ?? now;
        const inserted = await tx.drizzle
          .insert(slaNotices)
          .values({
            incidentId,
            metric: metric.metric,
            kind: notice.kind,
            cycle: metric.cycle,
            threshold: notice.threshold,
            dueAt,
            announcedAt: now,
          })
          .onConflictDoNothing()
          .returning({ incidentId: slaNotices.incidentId });
        if (inserted.length === 0) continue;
        announced += 1;
        const payload = {
          incidentId,
          metric: metric.metric,
          cycle: metric.cycle,
          dueAt: dueAt.toISOString(),
          departmentId: row.departmentId,
          number: row.number,
        };
        await emit(tx, notice.kind === "warning" ? IncidentSlaWarningDue : IncidentSlaBreachDue, payload, {
          clock: context.clock,
        });
      }
    }
    const summary = slaSummary(evaluation);
    if (summary.slaState !== row.slaState || summary.dueAt?.getTime() !== row.dueAt?.getTime()) {
      await tx.drizzle.update(incidents).set(summary).where(eq(incidents.id, incidentId));
    }
    await scheduleSlaJobs(tx, context, row, now);
    return announced;
  });
}

const FINISHED = ["closed", "rejected"];

/**
 * The start-up catch-up: looks at every open incident whose nearest deadline is known, so warnings and
 * breaches whose jobs were due while no process ran (or that were never scheduled) are announced —
 * each once — and, with a job runner, each incident's next checkpoint is scheduled. Answers how many
 * notices it announced.
 */
export async function catchUpSlaDeadlines(
  context: Pick<IncidentContext, "db" | "clock" | "sla" | "jobs">,
): Promise<number> {
  const open = await context.db.drizzle
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(notInArray(incidents.status, FINISHED), isNotNull(incidents.dueAt)));
  let announced = 0;
  for (const { id } of open) announced += await checkSlaDeadlines(context, id);
  return announced;
}

/** Registers the SLA worker on `jobs` (creating the queue); call before scheduling anything. */
export async function workSlaDeadlines(
  jobs: Jobs,
  context: Pick<IncidentContext, "db" | "clock" | "sla">,
): Promise<void> {
  // A check is a few statements: a job left `active` by a killed worker runs again within minutes,
  // not after pg-boss's default lease of 15.
  await jobs.createQueue(SLA_QUEUE, { expireInSeconds: SLA_JOB_LEASE_SECONDS });
  await jobs.work<SlaDeadlineJob>(SLA_QUEUE, async (job) => {
    await checkSlaDeadlines({ ...context, jobs }, job.data.incidentId, {
      ...(job.data.at ? { notBefore: new Date(job.data.at) } : {}),
    });
  });
}
