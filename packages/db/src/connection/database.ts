import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { DbLogger } from "./logger.js";

/** Which engine answers: embedded PGlite (PostgreSQL compiled to WebAssembly) or a PostgreSQL server. */
export type BackendKind = "pglite" | "postgres";

/**
 * The Drizzle query builder, typed as the base both drivers share so that domain code
 * never depends on the backend. Build queries with it (`db.drizzle.select().from(table)`);
 * for raw SQL use {@link Executor.query}, which answers the same shapes on both backends.
 */
export type Drizzle = PgDatabase<PgQueryResultHKT>;

/** A row as raw SQL answers it. */
export type Row = Record<string, unknown>;

/**
 * What a service needs to read and write: a {@link Database} or a {@link Transaction}.
 * Services take an `Executor`, so the caller decides whether they run in a transaction.
 */
export interface Executor {
  readonly kind: BackendKind;
  /** The Drizzle query builder bound to this database or transaction. */
  readonly drizzle: Drizzle;
  /**
   * Runs raw SQL with `$1, $2…` parameters and answers the rows. Without parameters the text
   * may hold several statements; the rows of the last one are answered.
   *
   * Values come back alike on both backends: `timestamptz` → `Date`, `int8` → `number`,
   * `numeric` → `string`, `date` → `"YYYY-MM-DD"`, `json`/`jsonb` → parsed.
   */
  query<Result extends object = Row>(text: string, params?: readonly unknown[]): Promise<Result[]>;
}

/** An open transaction: the same surface as a {@link Database}, on one connection. */
export interface Transaction extends Executor {
  readonly inTransaction: true;
}

/** A connection to PGlite or PostgreSQL. Made by `connect()`; close it with {@link Database.close}. */
export interface Database extends Executor {
  readonly inTransaction: false;
  /** Where the data lives, for logs: the data folder of PGlite, or the server's address (no password). */
  readonly location: string;
  readonly logger: DbLogger;
  /** Answers when the database takes queries; throws when it is unreachable or closed. */
  ping(): Promise<void>;
  /**
   * Runs `work` in a transaction: commits when it resolves, rolls back when it throws.
   * Prefer {@link withTransaction}, which also nests.
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Closes the connection (PostgreSQL: ends the pool; PGlite: shuts the engine down). Idempotent. */
  close(): Promise<void>;
}
