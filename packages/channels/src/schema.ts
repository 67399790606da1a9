import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * The channels package's own tables. drizzle-kit reads this file (see drizzle.config.ts) and
 * writes the SQL migrations in `drizzle/`; `channelsMigrations` applies them.
 */

/** A page or endpoint Otklik talks to: its platform, ids, encrypted tokens and health. */
export const channelConnections = pgTable("channel_connections", {
  id: text("id").primaryKey(),
  platform: text("platform").notNull(),
  name: text("name").notNull(),
  /** Ids and addresses, never secrets (group id, chat id, base URL). */
  settings: jsonb("settings").notNull(),
  /** The secrets as one AES-256-GCM sealed JSON document. */
  sealedSecrets: text("sealed_secrets").notNull(),
  /** Which key sealed them, so keys can be rotated row by row. */
  secretKeyId: text("secret_key_id").notNull(),
  /** `unknown` until tested, then `healthy` or `unhealthy`. */
  health: text("health").notNull().default("unknown"),
  lastError: text("last_error"),
  lastCheckedAt: timestamp("last_checked_at", { withTimezone: true, mode: "date" }),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** Every attempt to deliver something, one row per try, so the history of a post or reply can be shown. */
export const channelDeliveryAttempts = pgTable(
  "channel_delivery_attempts",
  {
    id: text("id").primaryKey(),
    connectionId: text("connection_id").notNull(),
    operation: text("operation").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    attemptNumber: integer("attempt_number").notNull(),
    /** `in_flight`, `sent`, `retry_scheduled`, `failed`, `unknown`, `found`, `not_found`, `released`. */
    outcome: text("outcome").notNull(),
    errorKind: text("error_kind"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    platformId: text("platform_id"),
    platformIds: jsonb("platform_ids"),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    retryAt: timestamp("retry_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [
    // Two workers can never both start attempt n of one delivery.
    uniqueIndex("channel_delivery_attempts_key_number_idx").on(table.idempotencyKey, table.attemptNumber),
    index("channel_delivery_attempts_connection_idx").on(table.connectionId, table.startedAt),
  ],
);

/**
 * Send slots reserved per rate-limit key (a token, a chat): the last few reserved instants in
 * epoch milliseconds. Workers lock the row while they reserve, so the limit holds across processes.
 */
export const channelRateWindows = pgTable("channel_rate_windows", {
  key: text("key").primaryKey(),
  slots: bigint("slots", { mode: "number" }).array().notNull(),
});

/** Audience figures as read from the platforms, with the time of reading, for the yearly report. */
export const channelAudienceReadings = pgTable(
  "channel_audience_readings",
  {
    id: text("id").primaryKey(),
    connectionId: text("connection_id").notNull(),
    platform: text("platform").notNull(),
    metric: text("metric").notNull(),
    value: bigint("value", { mode: "number" }).notNull(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("channel_audience_readings_connection_idx").on(table.connectionId, table.readAt)],
);
