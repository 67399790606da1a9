import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The tables of @otklik/notifications. drizzle-kit generates `drizzle/*.sql` from this file.
 * Every instant is `timestamptz`, stored UTC.
 */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Every notification on every channel: the outbox and the record at once. Written in the
 * transaction of the change that causes it; `idempotency_key` is unique, so one cause never
 * makes a second delivery.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    /** The member of staff it is for, or null for an address (a citizen, a deputy head's e-mail). */
    recipientUserId: text("recipient_user_id"),
    /** The e-mail address, Telegram chat id or webhook URL it goes to; null for in-app. */
    address: text("address"),
    kind: text("kind").notNull(),
    channel: text("channel").notNull(),
    critical: boolean("critical").notNull().default(false),
    locale: text("locale").notNull(),
    payload: jsonb("payload").notNull(),
    templateVersion: integer("template_version").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** queued, sending, sent, delivered, failed, suppressed. */
    state: text("state").notNull(),
    /** Why it is suppressed, deferred or failed. */
    reason: text("reason"),
    idempotencyKey: text("idempotency_key").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Not before: quiet hours, the next retry. */
    nextAttemptAt: instant("next_attempt_at").notNull(),
    /** A worker holds it until then; past that, another may take it (its process died). */
    leaseUntil: instant("lease_until"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
    sentAt: instant("sent_at"),
    deliveredAt: instant("delivered_at"),
    failedAt: instant("failed_at"),
    readAt: instant("read_at"),
    /** Taken into a digest (for kinds a person collects into the daily digest). */
    digestedAt: instant("digested_at"),
  },
  (table) => [
    uniqueIndex("notifications_idempotency_key").on(table.idempotencyKey),
    index("notifications_inbox").on(table.recipientUserId, table.channel, table.id),
    index("notifications_due").on(table.state, table.nextAttemptAt),
  ],
);

/** A person's preferences, one document per member of staff. */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: text("user_id").primaryKey(),
  document: jsonb("document").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

/** Template versions written by administrators (version 1 of each is built in). */
export const notificationTemplates = pgTable(
  "notification_templates",
  {
    kind: text("kind").notNull(),
    locale: text("locale").notNull(),
    version: integer("version").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    updatedBy: text("updated_by"),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.kind, table.locale, table.version] })],
);

/** What the incident desk told us of an incident: its department, assignee and last movement. */
export const notificationIncidentWatch = pgTable("notification_incident_watch", {
  incidentId: text("incident_id").primaryKey(),
  number: text("number"),
  departmentId: text("department_id"),
  assigneeId: text("assignee_id"),
  urgent: boolean("urgent").notNull().default(false),
  lastMovedAt: instant("last_moved_at"),
  updatedAt: instant("updated_at").notNull(),
});

/** A breach's escalation along the chain. One per incident, metric and SLA cycle. */
export const notificationEscalations = pgTable(
  "notification_escalations",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id").notNull(),
    metric: text("metric").notNull(),
    cycle: integer("cycle").notNull(),
    departmentId: text("department_id"),
    dueAt: instant("due_at").notNull(),
    breachedAt: instant("breached_at").notNull(),
    urgent: boolean("urgent").notNull(),
    /** active, stopped (the incident moved), completed. */
    state: text("state").notNull(),
    stopReason: text("stop_reason"),
    stoppedAt: instant("stopped_at"),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [uniqueIndex("notification_escalations_breach").on(table.incidentId, table.metric, table.cycle)],
);

/** The steps of an escalation and when each is due. */
export const notificationEscalationSteps = pgTable(
  "notification_escalation_steps",
  {
    escalationId: text("escalation_id")
      .notNull()
      .references(() => notificationEscalations.id),
    position: integer("position").notNull(),
    level: text("level").notNull(),
    dueAt: instant("due_at").notNull(),
    /** pending, done, cancelled. */
    state: text("state").notNull(),
    doneAt: instant("done_at"),
    /** How many notifications it wrote, or why none. */
    outcome: text("outcome"),
  },
  (table) => [
    primaryKey({ columns: [table.escalationId, table.position] }),
    index("notification_escalation_steps_due").on(table.state, table.dueAt),
  ],
);
