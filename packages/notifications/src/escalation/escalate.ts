import { type Clock, newId } from "@otklik/core";
import { type Database, type Executor, withTransaction } from "@otklik/db";
import { getDepartment, getOfficial, systemActor } from "@otklik/identity";
import type { BusinessCalendar } from "@otklik/sla";
import type { NotifySettings } from "../context.js";
import { notify, type Recipient } from "../delivery/notify.js";
import { localDateTime } from "../intents/staff.js";
import {
  DEFAULT_ESCALATION_CHAIN,
  type EscalationLevel,
  type EscalationStep,
  planEscalation,
} from "./chain.js";

/** What escalation needs: the desk's duty calendar and the chain (levels and delays). */
export interface EscalationSettings extends NotifySettings {
  dutyCalendar: BusinessCalendar;
  chain?: readonly EscalationStep[];
}

/** A breach to escalate (from incidents' "SLA breach due" event). */
export interface Breach {
  incidentId: string;
  metric: string;
  cycle: number;
  dueAt: Date;
  departmentId: string | null;
}

/**
 * Starts a breach's escalation in the caller's transaction: the chain's steps with their due times
 * (see {@link planEscalation}). A breach escalated already is left alone (events come at least once).
 * Answers the escalation id, or null when it existed.
 */
export async function startEscalation(
  tx: Executor,
  clock: Clock,
  breach: Breach,
  settings: EscalationSettings,
): Promise<string | null> {
  const now = clock.now();
  const [watch] = await tx.query<{ urgent: boolean }>(
    "SELECT urgent FROM notification_incident_watch WHERE incident_id = $1",
    [breach.incidentId],
  );
  const urgent = watch?.urgent ?? false;
  const id = newId("esc", now);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO notification_escalations
       (id, incident_id, metric, cycle, department_id, due_at, breached_at, urgent, state, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $7)
     ON CONFLICT (incident_id, metric, cycle) DO NOTHING RETURNING id`,
    [id, breach.incidentId, breach.metric, breach.cycle, breach.departmentId, breach.dueAt, now, urgent],
  );
  if (inserted.length === 0) return null;
  const steps = planEscalation({
    breachedAt: now,
    urgent,
    chain: settings.chain ?? DEFAULT_ESCALATION_CHAIN,
    dutyCalendar: settings.dutyCalendar,
  });
  for (const step of steps) {
    await tx.query(
      `INSERT INTO notification_escalation_steps (escalation_id, position, level, due_at, state)
       VALUES ($1, $2, $3, $4, 'pending')`,
      [id, step.position, step.level, step.dueAt],
    );
  }
  return id;
}

/**
 * Records that an incident moved (status, assignment, a reply): its active escalations stop, and
 * their pending steps are cancelled, in the caller's transaction.
 */
export async function recordIncidentMoved(
  tx: Executor,
  clock: Clock,
  move: { incidentId: string; reason: string; departmentId?: string | null; assigneeId?: string | null },
): Promise<number> {
  const now = clock.now();
  await tx.query(
    `INSERT INTO notification_incident_watch (incident_id, department_id, assignee_id, last_moved_at, updated_at)
     VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (incident_id) DO UPDATE SET
       department_id = CASE WHEN $5 THEN EXCLUDED.department_id ELSE notification_incident_watch.department_id END,
       assignee_id = CASE WHEN $6 THEN EXCLUDED.assignee_id ELSE notification_incident_watch.assignee_id END,
       last_moved_at = GREATEST(notification_incident_watch.last_moved_at, EXCLUDED.last_moved_at),
       updated_at = EXCLUDED.updated_at`,
    [
      move.incidentId,
      move.departmentId ?? null,
      move.assigneeId ?? null,
      now,
      move.departmentId !== undefined,
      move.assigneeId !== undefined,
    ],
  );
  const stopped = await tx.query<{ id: string }>(
    `UPDATE notification_escalations SET state = 'stopped', stop_reason = $2, stopped_at = $3
      WHERE incident_id = $1 AND state = 'active' AND breached_at < $3 RETURNING id`,
    [move.incidentId, move.reason, now],
  );
  if (stopped.length > 0) {
    await tx.query(
      `UPDATE notification_escalation_steps SET state = 'cancelled', done_at = $2, outcome = 'incident moved'
        WHERE escalation_id = ANY($1::text[]) AND state = 'pending'`,
      [stopped.map((row) => row.id), now],
    );
  }
  return stopped.length;
}

interface DueStep extends Record<string, unknown> {
  escalation_id: string;
  position: number;
  level: EscalationLevel;
  incident_id: string;
  metric: string;
  cycle: number;
  department_id: string | null;
  due_at: Date;
  number: string | null;
  assignee_id: string | null;
  watched_department_id: string | null;
}

/**
 * Runs the escalation steps due by now: each in its own transaction, claimed with `SKIP LOCKED`
 * so several processes share the work; each notifies its level (executor, department head, the
 * deputy head overseeing the department) unless the escalation stopped. Answers how many ran.
 */
export async function runDueEscalations(
  db: Database,
  clock: Clock,
  settings: EscalationSettings,
  limit = 100,
): Promise<number> {
  let ran = 0;
  for (; ran < limit; ran++) {
    const done = await withTransaction(db, async (tx) => {
      const [step] = await tx.query<DueStep>(
        `SELECT s.escalation_id, s.position, s.level, e.incident_id, e.metric, e.cycle, e.department_id, e.due_at,
                w.number, w.assignee_id, w.department_id AS watched_department_id
           FROM notification_escalation_steps s
           JOIN notification_escalations e ON e.id = s.escalation_id AND e.state = 'active'
           LEFT JOIN notification_incident_watch w ON w.incident_id = e.incident_id
          WHERE s.state = 'pending' AND s.due_at <= $1
          ORDER BY s.due_at, s.position
          LIMIT 1 FOR UPDATE OF s SKIP LOCKED`,
        [clock.now()],
      );
      if (!step) return false;
      const recipients = await recipientsOf(tx, clock, step);
      const written = recipients.length
        ? await notify(
            tx,
            clock,
            {
              kind: "escalation",
              key: `escalation:${step.escalation_id}:${step.position}`,
              variables: {
                number: step.number ?? step.incident_id,
                metric: step.metric,
                dueAt: localDateTime(step.due_at, settings.timeZone),
                level: step.position + 1,
                incidentId: step.incident_id,
              },
              recipients,
            },
            settings,
          )
        : [];
      await tx.query(
        `UPDATE notification_escalation_steps SET state = 'done', done_at = $3, outcome = $4
          WHERE escalation_id = $1 AND position = $2`,
        [
          step.escalation_id,
          step.position,
          clock.now(),
          recipients.length ? `${written.length} notifications` : `no ${step.level}`,
        ],
      );
      await tx.query(
        `UPDATE notification_escalations SET state = 'completed'
          WHERE id = $1 AND state = 'active'
            AND NOT EXISTS (SELECT 1 FROM notification_escalation_steps WHERE escalation_id = $1 AND state = 'pending')`,
        [step.escalation_id],
      );
      return true;
    });
    if (!done) break;
  }
  return ran;
}

async function recipientsOf(tx: Executor, clock: Clock, step: DueStep): Promise<Recipient[]> {
  const context = { db: tx, clock, actor: systemActor("notifications") };
  const departmentId = step.watched_department_id ?? step.department_id;
  if (step.level === "executor") return step.assignee_id ? [{ userId: step.assignee_id }] : [];
  if (!departmentId) return [];
  const department = await getDepartment(context, departmentId).catch(() => null);
  if (!department) return [];
  if (step.level === "head") return department.headUserId ? [{ userId: department.headUserId }] : [];
  if (!department.officialId) return [];
  const official = await getOfficial(context, department.officialId).catch(() => null);
  return official?.email ? [{ email: official.email }] : [];
}
