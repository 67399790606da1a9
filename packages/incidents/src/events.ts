import { IsoInstant } from "@otklik/core";
import { defineEvent } from "@otklik/db";
import { z } from "zod";

/** A new incident was registered (from any channel). */
export const IncidentCreated = defineEvent(
  "incidents.created",
  z.object({
    incidentId: z.string(),
    number: z.string(),
    channel: z.string(),
    category: z.string(),
    departmentId: z.string().nullable(),
    urgent: z.boolean(),
    /** Department ids told at once (urgent incidents: the duty dispatch service). */
    notifyDepartmentIds: z.array(z.string()),
  }),
);

/** An incident was assigned (routed) to a department. */
export const IncidentAssigned = defineEvent(
  "incidents.assigned",
  z.object({
    incidentId: z.string(),
    departmentId: z.string(),
    assigneeId: z.string().nullable(),
    /** The registration number, so a subscriber need not have seen `incidents.created` first. */
    number: z.string().optional(),
    /**
     * The department it was assigned to before (`null`: none), so that a subscriber can tell that department
     * the incident left it (the desk's live queue drops it there). Absent from older events.
     */
    previousDepartmentId: z.string().nullable().optional(),
  }),
);

/** An incident's status changed. */
export const IncidentStatusChanged = defineEvent(
  "incidents.status_changed",
  z.object({ incidentId: z.string(), from: z.string(), to: z.string(), command: z.string() }),
);

/** A public reply was published (queued for delivery through the incident's channel). */
export const IncidentReplyPublished = defineEvent(
  "incidents.reply_published",
  z.object({ incidentId: z.string(), replyId: z.string(), channel: z.string().nullable() }),
);

const SlaNotice = z.object({
  incidentId: z.string(),
  metric: z.string(),
  cycle: z.number().int(),
  dueAt: IsoInstant,
  departmentId: z.string().nullable(),
  /** The registration number, so a subscriber need not have seen `incidents.created` first. */
  number: z.string().optional(),
});

/** An SLA deadline is near (a warning threshold of the policy was reached). Fires once per threshold. */
export const IncidentSlaWarningDue = defineEvent("incidents.sla_warning_due", SlaNotice);

/** An SLA deadline passed without the metric stopping. Fires once per metric and cycle. */
export const IncidentSlaBreachDue = defineEvent("incidents.sla_breach_due", SlaNotice);

/**
 * The desk asked a department for the substance of the answer («запрос в отдел»): notifications tell
 * the department's executors and head. `dueAt` is the internal due time derived from the SLA.
 */
export const IncidentDepartmentRequested = defineEvent(
  "incidents.department_requested",
  z.object({
    incidentId: z.string(),
    requestId: z.string(),
    number: z.string(),
    departmentId: z.string(),
    dueAt: IsoInstant,
    requestedBy: z.string(),
  }),
);

/** The department answered a request: notifications tell the operator who asked (`requestedBy`). */
export const IncidentDepartmentAnswered = defineEvent(
  "incidents.department_answered",
  z.object({
    incidentId: z.string(),
    requestId: z.string(),
    number: z.string(),
    departmentId: z.string(),
    requestedBy: z.string(),
    answeredBy: z.string(),
    overdue: z.boolean(),
  }),
);

/**
 * A citizen wrote again about an open incident: a message from the social inbox was joined to it as
 * a continuation (by the thread rule or by an operator). Notifications tell the assignee.
 */
export const IncidentCitizenWroteAgain = defineEvent(
  "incidents.citizen_wrote_again",
  z.object({ incidentId: z.string(), inboxItemId: z.string(), channel: z.string() }),
);

/**
 * An operator asked the press office for an explanatory material answering a group of frequent
 * questions (`frequentQuestions`): content starts a draft with the questions quoted. `topic` is the
 * group's stems, sorted and joined by spaces — the key a material is linked to and found by.
 */
export const IncidentExplanationRequested = defineEvent(
  "incidents.explanation_requested",
  z.object({
    topic: z.string().min(1).max(400),
    stems: z.array(z.string().min(1).max(40)).min(1).max(8),
    title: z.string().min(1).max(200),
    questions: z.array(z.string().min(1).max(2000)).min(1).max(50),
    incidentIds: z.array(z.string()).max(500),
    requestedBy: z.string(),
  }),
);
