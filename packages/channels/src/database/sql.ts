import { type Executor, type Transaction, withTransaction } from "@otklik/db";

/**
 * The channel services take `@otklik/db`'s `Executor` (a database or an open transaction) and use
 * raw SQL with `$n` parameters only, so the same statements run on PGlite and on PostgreSQL 15.
 */
export type SqlQuery = Executor;

/** A database or a transaction. */
export type ChannelsDatabase = Executor;

/** Runs `work` in a transaction, or in a savepoint of the caller's when it passed one. */
export function inTransaction<T>(
  db: ChannelsDatabase,
  work: (transaction: Transaction) => Promise<T>,
): Promise<T> {
  return withTransaction(db, work);
}
