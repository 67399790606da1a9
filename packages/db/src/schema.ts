import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The db package's own tables. drizzle-kit reads this file (see drizzle.config.ts) and
 * writes the SQL migrations in `drizzle/`; `dbMigrations` applies them.
 */

/** Events written in the same transaction as the change that caused them, waiting for the relay. */
export const eventOutbox = pgTable(
  "event_outbox",
  {
    id: text("id").primaryKey(),
    event: text("event").notNull(),
    payload: jsonb("payload").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull(),
    dispatchedAt: timestamp("dispatched_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("event_outbox_pending_idx").on(table.id).where(sql`${table.dispatchedAt} IS NULL`)],
);

/** Who listens to which event: the relay fans each outbox row out to every subscriber listed here. */
export const eventSubscriptions = pgTable(
  "event_subscriptions",
  {
    event: text("event").notNull(),
    subscriber: text("subscriber").notNull(),
    queue: text("queue").notNull(),
    /** The subscriber takes the events of one relay batch in one job (`subscribeBatch`). */
    batched: boolean("batched").notNull().default(false),
    registeredAt: timestamp("registered_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.event, table.subscriber] })],
);

/** Seed contributions that have run on this database, so a restart does not seed again. */
export const seedRuns = pgTable("seed_runs", {
  name: text("name").primaryKey(),
  ranAt: timestamp("ran_at", { withTimezone: true, mode: "date" }).notNull(),
});
