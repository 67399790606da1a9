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
});

/** An SLA deadline is near (a warning threshold of the policy was reached). Fires once per threshold. */
export const IncidentSlaWarningDue = defineEvent("incidents.sla_warning_due", SlaNotice);

/** An SLA deadline passed without the metric stopping. Fires once per metric and cycle. */
export const IncidentSlaBreachDue = defineEvent("incidents.sla_breach_due", SlaNotice);
