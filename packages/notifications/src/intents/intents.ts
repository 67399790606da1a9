import type { Clock } from "@otklik/core";
import { type Database, withTransaction } from "@otklik/db";
import { getDepartment, systemActor } from "@otklik/identity";
import { z } from "zod";
import type { NotifySettings } from "../context.js";
import { notify, type Recipient, type WrittenNotification } from "../delivery/notify.js";
import { type EscalationSettings, recordIncidentMoved, startEscalation } from "../escalation/escalate.js";
import { localDateTime } from "./staff.js";

/** What an intent handler takes: the database, the time and the settings of escalation and delivery. */
export interface IntentDependencies {
  db: Database;
  clock: Clock;
  settings: EscalationSettings;
}

const isoDate = z.union([z.date(), z.string().transform((value) => new Date(value))]);

/** An incident was registered (incidents' `incidents.created`). */
export const IncidentCreatedInput = z.object({
  incidentId: z.string(),
  number: z.string(),
  departmentId: z.string().nullable(),
  urgent: z.boolean(),
});
/** An incident was assigned to a department (incidents' `incidents.assigned`). */
export const IncidentAssignedInput = z.object({
  incidentId: z.string(),
  departmentId: z.string(),
  assigneeId: z.string().nullable(),
  /** The registration number (the event carries it; older events do not). */
  number: z.string().optional(),
});
/** An incident moved: status changed or a public reply went out. */
export const IncidentMovedInput = z.object({ incidentId: z.string(), reason: z.string().default("moved") });
/** An SLA warning or breach (incidents' `incidents.sla_warning_due` / `sla_breach_due`). */
export const SlaNoticeInput = z.object({
  incidentId: z.string(),
  metric: z.string(),
  cycle: z.number().int(),
  dueAt: isoDate,
  departmentId: z.string().nullable(),
  /** The registration number (the event carries it; older events do not). */
  number: z.string().optional(),
});

async function departmentStaff(
  tx: Parameters<typeof getDepartment>[0]["db"],
  clock: Clock,
  departmentId: string | null,
): Promise<Recipient[]> {
  if (!departmentId) return [];
  const department = await getDepartment(
    { db: tx, clock, actor: systemActor("notifications") },
    departmentId,
  ).catch(() => null);
  return department?.headUserId ? [{ userId: department.headUserId }] : [];
}

/** What the notices remember of an incident (from `incidents.created` and its assignments), if anything yet. */
export interface WatchedIncident {
  number: string | null;
  assignee_id: string | null;
  department_id: string | null;
}

export async function watched(
  tx: Parameters<typeof getDepartment>[0]["db"],
  incidentId: string,
): Promise<WatchedIncident | undefined> {
  const [row] = await tx.query<WatchedIncident>(
    "SELECT number, assignee_id, department_id FROM notification_incident_watch WHERE incident_id = $1",
    [incidentId],
  );
  return row;
}

/**
 * The number a notice names the incident by: the event's own first (the relay may hand an assignment or a
 * restart's SLA catch-up over before the creation was seen), else the remembered one, else its id.
 */
export function incidentNumber(
  event: { incidentId: string; number?: string | undefined },
  watch: WatchedIncident | undefined,
): string {
  return event.number ?? watch?.number ?? event.incidentId;
}

/** Remembers an incident's number, department and urgency, for later notices about it. Idempotent. */
export async function onIncidentCreated(
  deps: IntentDependencies,
  input: z.input<typeof IncidentCreatedInput>,
): Promise<void> {
  await onIncidentsCreated(deps, [input]);
}

/**
 * {@link onIncidentCreated} for many incidents in one statement (the relay's batch of `incidents.created`
 * events). Idempotent: an incident seen twice — in the batch or before — is remembered once, the
 * department an assignment already set is kept.
 */
export async function onIncidentsCreated(
  deps: IntentDependencies,
  inputs: readonly z.input<typeof IncidentCreatedInput>[],
): Promise<void> {
  const byIncident = new Map(
    inputs.map((input) => {
      const event = IncidentCreatedInput.parse(input);
      return [event.incidentId, event] as const;
    }),
  );
  if (byIncident.size === 0) return;
  await deps.db.query(
    `INSERT INTO notification_incident_watch (incident_id, number, department_id, urgent, updated_at)
     SELECT r."incidentId", r.number, r."departmentId", r.urgent, $2
       FROM jsonb_to_recordset($1::jsonb) AS r("incidentId" text, number text, "departmentId" text, urgent boolean)
     ON CONFLICT (incident_id) DO UPDATE SET number = EXCLUDED.number, urgent = EXCLUDED.urgent,
       department_id = COALESCE(notification_incident_watch.department_id, EXCLUDED.department_id)`,
    [JSON.stringify([...byIncident.values()]), deps.clock.now()],
  );
}

/**
 * An incident was assigned: the department head (and the assignee, when named) learn at once.
 * Assignment is a movement, so a running escalation of the incident stops.
 */
export async function onIncidentAssigned(
  deps: IntentDependencies,
  input: z.input<typeof IncidentAssignedInput>,
  eventId: string,
): Promise<WrittenNotification[]> {
  const event = IncidentAssignedInput.parse(input);
  return withTransaction(deps.db, async (tx) => {
    await recordIncidentMoved(tx, deps.clock, {
      incidentId: event.incidentId,
      reason: "assigned",
      departmentId: event.departmentId,
      assigneeId: event.assigneeId,
    });
    const recipients = [
      ...(event.assigneeId ? [{ userId: event.assigneeId }] : []),
      ...(await departmentStaff(tx, deps.clock, event.departmentId)),
    ];
    const department = await getDepartment(
      { db: tx, clock: deps.clock, actor: systemActor("notifications") },
      event.departmentId,
    ).catch(() => null);
    const watch = await watched(tx, event.incidentId);
    return notify(
      tx,
      deps.clock,
      {
        kind: "incident_assigned",
        key: `assigned:${eventId}`,
        variables: {
          number: incidentNumber(event, watch),
          department: department?.name ?? event.departmentId,
          dueAt: "—",
          incidentId: event.incidentId,
        },
        recipients,
      },
      deps.settings,
    );
  });
}

/** The incident moved (status change, public reply): its escalations stop. */
export async function onIncidentMoved(
  deps: IntentDependencies,
  input: z.input<typeof IncidentMovedInput>,
): Promise<number> {
  const event = IncidentMovedInput.parse(input);
  return withTransaction(deps.db, (tx) => recordIncidentMoved(tx, deps.clock, event));
}

/** An SLA deadline is near: the assignee, else the department head, learns (per metric and threshold). */
export async function onSlaWarning(
  deps: IntentDependencies,
  input: z.input<typeof SlaNoticeInput>,
  eventId: string,
): Promise<WrittenNotification[]> {
  const event = SlaNoticeInput.parse(input);
  // Handled after its deadline (a restart's catch-up announces the warnings of a deadline that passed while no
  // process ran, together with its breach; a relay that fell behind): «осталось 0 мин» for a deadline long past
  // tells nothing, and the breach's notice, critical, says what there is to say.
  if (event.dueAt.getTime() <= deps.clock.now().getTime()) return [];
  return withTransaction(deps.db, async (tx) => {
    const watch = await watched(tx, event.incidentId);
    const recipients: Recipient[] = watch?.assignee_id
      ? [{ userId: watch.assignee_id }]
      : await departmentStaff(tx, deps.clock, watch?.department_id ?? event.departmentId);
    const minutes = Math.max(0, Math.round((event.dueAt.getTime() - deps.clock.now().getTime()) / 60_000));
    return notify(
      tx,
      deps.clock,
      {
        kind: "sla_warning",
        key: `warning:${eventId}`,
        variables: {
          number: incidentNumber(event, watch),
          metric: event.metric,
          dueAt: localDateTime(event.dueAt, deps.settings.timeZone),
          minutes,
          incidentId: event.incidentId,
        },
        recipients,
      },
      deps.settings,
    );
  });
}

/**
 * An SLA deadline passed: the breach is told at once (critical: no quiet hours, never off) to
 * the assignee and the department head, and the escalation chain starts, in one transaction.
 */
export async function onSlaBreach(
  deps: IntentDependencies,
  input: z.input<typeof SlaNoticeInput>,
): Promise<{ escalationId: string | null; notifications: WrittenNotification[] }> {
  const event = SlaNoticeInput.parse(input);
  return withTransaction(deps.db, async (tx) => {
    const watch = await watched(tx, event.incidentId);
    const departmentId = watch?.department_id ?? event.departmentId;
    const recipients: Recipient[] = [
      ...(watch?.assignee_id ? [{ userId: watch.assignee_id }] : []),
      ...(await departmentStaff(tx, deps.clock, departmentId)),
    ];
    const written = await notify(
      tx,
      deps.clock,
      {
        kind: "sla_breach",
        key: `breach:${event.incidentId}:${event.metric}:${event.cycle}`,
        variables: {
          number: incidentNumber(event, watch),
          metric: event.metric,
          dueAt: localDateTime(event.dueAt, deps.settings.timeZone),
          incidentId: event.incidentId,
        },
        recipients,
      },
      deps.settings,
    );
    const escalationId = await startEscalation(tx, deps.clock, { ...event, departmentId }, deps.settings);
    return { escalationId, notifications: written };
  });
}

/** A reporter of an incident and how the public reply reached (or did not reach) them. */
export const Reporter = z.object({
  channel: z.string(),
  email: z.string().nullable().default(null),
  locale: z.enum(["ru", "en"]).default("ru"),
});
export type Reporter = z.infer<typeof Reporter>;

/**
 * Who to tell that an incident is resolved: reporters the public reply did not reach (a site-form
 * reporter by e-mail, reporters merged from other channels), never one whose channel got the reply.
 */
export function reportersToTell(
  reporters: readonly Reporter[],
  repliedChannels: readonly string[],
): Reporter[] {
  const replied = new Set(repliedChannels);
  return reporters.filter((reporter) => !replied.has(reporter.channel) && reporter.email);
}

/**
 * Tells reporters who gave an e-mail (a site-form reporter, while their consent is in force) the public
 * reply published about their incident: the site has no outbound channel, so the reply is e-mailed.
 * Once per reply (keyed by its id); reporters without an e-mail are left out.
 */
export async function onIncidentReplyPublished(
  deps: IntentDependencies,
  input: { incidentId: string; replyId: string; number: string; reply: string; reporters: Reporter[] },
): Promise<WrittenNotification[]> {
  const reporters = input.reporters.map((reporter) => Reporter.parse(reporter)).filter((r) => r.email);
  return withTransaction(deps.db, (tx) =>
    notify(
      tx,
      deps.clock,
      {
        kind: "incident_reply",
        key: `reply:${input.replyId}`,
        variables: { number: input.number, reply: input.reply, incidentId: input.incidentId },
        recipients: reporters.map((reporter) => ({ email: reporter.email!, locale: reporter.locale })),
      },
      deps.settings as NotifySettings,
    ),
  );
}

/** Tells reporters the public reply did not reach that their problem is fixed (by e-mail). */
export async function onIncidentResolved(
  deps: IntentDependencies,
  input: {
    incidentId: string;
    number: string;
    reply: string;
    reporters: Reporter[];
    repliedChannels: string[];
    /** The resolution's cause (the status event's id): a second resolution after a reopening tells again. */
    eventId?: string;
  },
): Promise<WrittenNotification[]> {
  const reporters = reportersToTell(
    input.reporters.map((reporter) => Reporter.parse(reporter)),
    input.repliedChannels,
  );
  return withTransaction(deps.db, (tx) =>
    notify(
      tx,
      deps.clock,
      {
        kind: "incident_resolved",
        key: input.eventId ? `resolved:${input.incidentId}:${input.eventId}` : `resolved:${input.incidentId}`,
        variables: { number: input.number, reply: input.reply, incidentId: input.incidentId },
        recipients: reporters.map((reporter) => ({ email: reporter.email!, locale: reporter.locale })),
      },
      deps.settings as NotifySettings,
    ),
  );
}
