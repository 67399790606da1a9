import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
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
 * The tables of @otklik/incidents. drizzle-kit generates `drizzle/*.sql` from this file; other
 * packages never read them (they call this package's functions or listen to its events). Every
 * instant is `timestamptz`, stored UTC. Departments and users are identity's ids, kept without
 * foreign keys so the packages' migrations stay independent.
 */

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** One row per year: the last registration number handed out, bumped in the creating transaction. */
export const registrationCounters = pgTable("incident_registration_counters", {
  year: integer("year").primaryKey(),
  lastSequence: integer("last_sequence").notNull(),
});

/** Which identity department handles a routing key (`housing` → `dep_…`); the city edits it. */
export const departmentRoutes = pgTable("incident_department_routes", {
  departmentKey: text("department_key").primaryKey(),
  departmentId: text("department_id").notNull(),
});

/** The incidents. */
export const incidents = pgTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    /** «2026-004215», unique; `year` and `sequence` are its parts. */
    number: text("number").notNull(),
    year: integer("year").notNull(),
    sequence: integer("sequence").notNull(),
    trackingToken: text("tracking_token").notNull(),
    /** `platform`, `vk`, `telegram`, `ok`, `max`, `site`, `open311`. */
    channel: text("channel").notNull(),
    /** The id on the source (the platform's incident id); unique per channel when set. */
    externalId: text("external_id"),
    /** The social network the platform saw it on (`vk`, `ok`…), when it came through the platform. */
    sourceNetwork: text("source_network"),
    sourceUrl: text("source_url"),
    authorName: text("author_name"),
    authorUrl: text("author_url"),
    textOriginal: text("text_original").notNull(),
    textClean: text("text_clean").notNull(),
    attachments: jsonb("attachments").$type<{ type: string; url: string }[]>().notNull(),
    addressText: text("address_text"),
    street: text("street"),
    house: text("house"),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    /** True when the incident has coordinates; false is «not on the map». */
    onMap: boolean("on_map").notNull(),
    category: text("category").notNull(),
    categoryConfidence: doublePrecision("category_confidence").notNull(),
    /** The classifier's proposal as made at intake (runner-up, keywords, urgency reasons). */
    categoryProposal: jsonb("category_proposal").notNull(),
    categoryConfirmed: boolean("category_confirmed").notNull().default(false),
    departmentKey: text("department_key"),
    departmentId: text("department_id"),
    assigneeId: text("assignee_id"),
    urgent: boolean("urgent").notNull(),
    status: text("status").notNull(),
    resolution: jsonb("resolution"),
    /** Increases with every change (optimistic concurrency). */
    version: integer("version").notNull(),
    /** The SLA event log `@otklik/sla` evaluates (instants as ISO strings). */
    slaEvents: jsonb("sla_events").$type<Record<string, unknown>[]>().notNull(),
    /** The earliest deadline still open, for sorting the queue; null when none runs. */
    dueAt: instant("due_at"),
    slaState: text("sla_state").notNull().default("running"),
    /** When the citizen wrote it (the platform's `createdAt`). */
    createdAt: instant("created_at").notNull(),
    receivedAt: instant("received_at").notNull(),
    /** When the platform sent it to the city; the first-reply clock starts here (else at receipt). */
    sentAt: instant("sent_at"),
    platformDeadlineAt: instant("platform_deadline_at"),
    firstPublicReplyAt: instant("first_public_reply_at"),
    mergedIntoId: text("merged_into_id"),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("incidents_number_key").on(table.number),
    uniqueIndex("incidents_tracking_token_key").on(table.trackingToken),
    uniqueIndex("incidents_channel_external_id_key").on(table.channel, table.externalId),
    index("incidents_status_idx").on(table.status, table.dueAt),
    index("incidents_department_idx").on(table.departmentId),
    index("incidents_created_idx").on(table.createdAt),
    index("incidents_text_search_idx").using("gin", sql`to_tsvector('russian', ${table.textClean})`),
  ],
);

/** What happened to an incident: who, when, what kind, with which comment and media. */
export const timelineEntries = pgTable(
  "incident_timeline",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    at: instant("at").notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    /** `created`, `status-changed`, `assigned`, `reply`, `note`, `category`, `merged`, `platform-update`, `continuation`… */
    kind: text("kind").notNull(),
    comment: text("comment"),
    media: jsonb("media").$type<{ kind: string; url: string }[]>().notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  },
  (table) => [index("incident_timeline_incident_idx").on(table.incidentId, table.at)],
);

/** The people who reported an incident; a merge moves the duplicate's reporters to the one kept. */
export const reporters = pgTable(
  "incident_reporters",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    channel: text("channel").notNull(),
    externalId: text("external_id"),
    authorName: text("author_name"),
    authorUrl: text("author_url"),
    sourceUrl: text("source_url"),
    /** The incident it was first reported as (before a merge). */
    originalIncidentId: text("original_incident_id").notNull(),
    reportedAt: instant("reported_at").notNull(),
    /**
     * The reporter's consent in identity's ledger (site form), which holds their e-mail and phone: the
     * desk reads the e-mail from there while the consent is in force. Null for other channels.
     */
    consentId: text("consent_id"),
    /**
     * Lookup keys of the contacts in the consent (`contactKey`: SHA-256 of `email:<lowercase>` and
     * `phone:<last 10 digits>`), so that erasure by e-mail or phone finds the reporter without the
     * desk keeping the contacts themselves. Empty when there are none or they were erased.
     */
    contactKeys: text("contact_keys").array().notNull().default(sql`'{}'::text[]`),
  },
  (table) => [
    index("incident_reporters_incident_idx").on(table.incidentId),
    index("incident_reporters_contact_keys_idx").using("gin", table.contactKeys),
  ],
);

/** Replies: public ones go to the citizen through the channel it came from; internal notes stay inside. */
export const replies = pgTable(
  "incident_replies",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    visibility: text("visibility").notNull(),
    text: text("text").notNull(),
    attachments: jsonb("attachments").$type<{ kind: string; url: string }[]>().notNull(),
    channel: text("channel"),
    /** `queued`, `sent`, `failed`, `unknown`; `none` for internal notes. */
    deliveryState: text("delivery_state").notNull(),
    deliveryError: text("delivery_error"),
    idempotencyKey: text("idempotency_key").notNull(),
    warnings: jsonb("warnings").$type<string[]>().notNull(),
    authorId: text("author_id").notNull(),
    createdAt: instant("created_at").notNull(),
    sentAt: instant("sent_at"),
    /** Delivery runs so far (a retry after a definite failure adds one). */
    deliveryAttempts: integer("delivery_attempts").notNull().default(0),
    /** When a worker last claimed it for sending: a `sending` reply claimed long ago was interrupted. */
    deliveryClaimedAt: instant("delivery_claimed_at"),
    /** The id the channel gave the delivered reply (a VK comment, a Telegram message, the platform's answer). */
    platformReplyId: text("platform_reply_id"),
    /** The department's answer this reply was written from, when it was. */
    departmentRequestId: text("department_request_id"),
  },
  (table) => [
    uniqueIndex("incident_replies_idempotency_key").on(table.idempotencyKey),
    index("incident_replies_incident_idx").on(table.incidentId, table.createdAt),
  ],
);

/**
 * One public reply's delivery to one reporter's own origin (their VK comment thread, Telegram
 * discussion, platform incident, or the site's tracking page): a merged incident's reply goes to every
 * reporter as separate deliveries, each with its own key (channels never send one twice), state and
 * reason. The reply row's delivery columns summarise its deliveries.
 */
export const replyDeliveries = pgTable(
  "incident_reply_deliveries",
  {
    id: text("id").primaryKey(),
    replyId: text("reply_id")
      .notNull()
      .references(() => replies.id),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    /** The reporter answered; null only for an incident stored without a reporter row. */
    reporterId: text("reporter_id"),
    /** Where the reporter wrote: `platform`, `vk`, `telegram`, `max`, `ok`, `site`, `open311`. */
    channel: text("channel").notNull(),
    /** The reporter's item on the channel (the platform's incident id, a VK comment `owner_id`). */
    externalId: text("external_id"),
    /** The reply's key for the incident's own reporter, `<reply key>#<reporter id>` for the others. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** `queued`, `sending`, `sent`, `published`, `failed`, `unknown`. */
    state: text("state").notNull(),
    /** Why it failed or is in doubt, Russian first. */
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    claimedAt: instant("claimed_at"),
    sentAt: instant("sent_at"),
    /** The id the channel gave the delivered reply. */
    platformReplyId: text("platform_reply_id"),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [
    uniqueIndex("incident_reply_deliveries_idempotency_key").on(table.idempotencyKey),
    index("incident_reply_deliveries_reply_idx").on(table.replyId),
    index("incident_reply_deliveries_pending_idx")
      .on(table.state)
      .where(sql`${table.state} IN ('queued', 'sending')`),
  ],
);

/** Items from the social pages waiting for a decision: a new incident, a continuation, or dismissed. */
export const inboxItems = pgTable(
  "incident_inbox",
  {
    id: text("id").primaryKey(),
    channel: text("channel").notNull(),
    externalId: text("external_id").notNull(),
    kind: text("kind").notNull(),
    conversationId: text("conversation_id"),
    replyToId: text("reply_to_id"),
    authorId: text("author_id"),
    authorName: text("author_name"),
    authorUrl: text("author_url"),
    text: text("text").notNull(),
    url: text("url"),
    attachments: jsonb("attachments").$type<{ type: string; url: string }[]>().notNull(),
    /** The payload as the channel parsed it, kept whole. */
    raw: jsonb("raw").notNull(),
    occurredAt: instant("occurred_at").notNull(),
    receivedAt: instant("received_at").notNull(),
    editedAt: instant("edited_at"),
    deletedAt: instant("deleted_at"),
    /** `incident`, `continuation` or `dismissed`; null while undecided. */
    decision: text("decision"),
    decisionReason: text("decision_reason"),
    incidentId: text("incident_id"),
    decidedBy: text("decided_by"),
    decidedAt: instant("decided_at"),
  },
  (table) => [
    uniqueIndex("incident_inbox_channel_external_id_key").on(table.channel, table.externalId),
    index("incident_inbox_pending_idx").on(table.receivedAt).where(sql`${table.decision} IS NULL`),
    index("incident_inbox_conversation_idx").on(table.channel, table.conversationId, table.authorId),
  ],
);

/** The city's address register: coordinates of exact street + house points only. */
export const addressPoints = pgTable(
  "incident_address_points",
  {
    street: text("street").notNull(),
    house: text("house").notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
  },
  (table) => [primaryKey({ columns: [table.street, table.house] })],
);

/** The learned classifier (naive Bayes, JSON), one row per key; corrections update it. */
export const classifierModels = pgTable("incident_classifier_models", {
  key: text("key").primaryKey(),
  model: jsonb("model").notNull(),
  corrections: integer("corrections").notNull().default(0),
  updatedAt: instant("updated_at").notNull(),
});

/** SLA warnings and breaches already announced: the key makes each fire once, whatever runs it. */
export const slaNotices = pgTable(
  "incident_sla_notices",
  {
    incidentId: text("incident_id").notNull(),
    metric: text("metric").notNull(),
    /** `warning` or `breach`. */
    kind: text("kind").notNull(),
    cycle: integer("cycle").notNull(),
    /** Which warning threshold (its index), 0 for a breach. */
    threshold: integer("threshold").notNull(),
    dueAt: instant("due_at").notNull(),
    announcedAt: instant("announced_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.incidentId, table.metric, table.kind, table.cycle, table.threshold] }),
  ],
);

/** Evidence files: the original (kept inside), the published copy without metadata, a thumbnail. */
export const mediaFiles = pgTable(
  "incident_media",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    kind: text("kind").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    originalPath: text("original_path").notNull(),
    publishedPath: text("published_path"),
    thumbnailPath: text("thumbnail_path"),
    width: integer("width"),
    height: integer("height"),
    uploadedBy: text("uploaded_by").notNull(),
    createdAt: instant("created_at").notNull(),
    /** SHA-256 of the original (hex): the same content twice on one incident is one file. */
    sha256: text("sha256").notNull(),
  },
  (table) => [
    index("incident_media_incident_idx").on(table.incidentId),
    uniqueIndex("incident_media_incident_sha256_key").on(table.incidentId, table.sha256),
  ],
);

/**
 * Evidence files to remove from the store: the files of rows deleted in a transaction (a citizen's photos
 * erased under 152-FZ), removed by `removeQueuedMediaFiles` after it commits — a store is not part of
 * the database's transaction. A key is queued once; removing one that is gone is no error.
 */
export const mediaRemovals = pgTable("incident_media_removals", {
  key: text("key").primaryKey(),
  queuedAt: instant("queued_at").notNull(),
});

/**
 * «Запрос в отдел»: the desk asks the incident's department for the substance of the answer, with an
 * internal due time derived from the SLA; the department answers inside Otklik and the operator
 * writes the public reply from the answer.
 */
export const departmentRequests = pgTable(
  "incident_department_requests",
  {
    id: text("id").primaryKey(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id),
    /** The identity department asked (the incident's department when asked). */
    departmentId: text("department_id").notNull(),
    question: text("question").notNull(),
    requestedBy: text("requested_by").notNull(),
    requestedAt: instant("requested_at").notNull(),
    /** The internal due time (a share of the remaining SLA time, see README). */
    dueAt: instant("due_at").notNull(),
    /** The SLA metric and deadline the due time was derived from; null when no deadline ran. */
    slaMetric: text("sla_metric"),
    slaDueAt: instant("sla_due_at"),
    /** `open` or `answered`. */
    status: text("status").notNull(),
    answer: text("answer"),
    answerAttachments: jsonb("answer_attachments").$type<{ kind: string; url: string }[]>().notNull(),
    answeredBy: text("answered_by"),
    answeredAt: instant("answered_at"),
    /** The public reply written from the answer, once there is one. */
    replyId: text("reply_id"),
    /** The client's key: the same key twice is one request. */
    idempotencyKey: text("idempotency_key").notNull(),
  },
  (table) => [
    uniqueIndex("incident_department_requests_idempotency_key").on(table.idempotencyKey),
    index("incident_department_requests_incident_idx").on(table.incidentId, table.requestedAt),
    index("incident_department_requests_open_idx")
      .on(table.departmentId, table.dueAt)
      .where(sql`${table.status} = 'open'`),
  ],
);

/**
 * SLA policy versions saved by administrators. Version 1 is the configured policy (the file of
 * `OTKLIK_SLA_POLICY_FILE`, else Abakan's default) and is not stored; saved versions start at 2.
 * A new incident is measured by the version current at its registration (see README, «SLA settings»).
 */
export const slaPolicyVersions = pgTable("incident_sla_policy_versions", {
  version: integer("version").primaryKey(),
  /** An `@otklik/sla` `SlaPolicy`, validated before it is stored. */
  policy: jsonb("policy").$type<Record<string, unknown>>().notNull(),
  note: text("note"),
  createdBy: text("created_by"),
  createdAt: instant("created_at").notNull(),
});

/**
 * Days of the desk's calendars that differ from their weekly hours (`office`: the working calendar,
 * `duty`: the desk's duty calendar): imported from the production calendar, regional holidays, manual.
 */
export const calendarDays = pgTable(
  "incident_calendar_days",
  {
    calendar: text("calendar").notNull(),
    /** `YYYY-MM-DD`, a civil date in the city's zone. */
    date: text("date").notNull(),
    /** `working`, `non-working` or `shortened`. */
    kind: text("kind").notNull(),
    note: text("note"),
    /** `production-calendar`, `regional` or `manual`. */
    source: text("source").notNull(),
    createdBy: text("created_by"),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.calendar, table.date] })],
);

/**
 * One row: a number bumped by every change of the SLA settings (a policy version, a calendar day), so
 * a process knows with one small read whether its cached settings are still current.
 */
export const slaSettingsRevision = pgTable("incident_sla_settings_revision", {
  id: integer("id").primaryKey(),
  revision: integer("revision").notNull(),
});
