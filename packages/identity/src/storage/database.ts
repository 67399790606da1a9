import { type Drizzle, type Executor, type Transaction, withTransaction } from "@otklik/db";

/** The Drizzle query builder of a database or of the transaction at hand. */
export function orm(db: Executor): Drizzle {
  return db.drizzle;
}

/**
 * Runs `work` in one transaction (a savepoint when the caller already has one):
 * every change and its audit entry commit together or not at all.
 */
export function inTransaction<Result>(
  db: Executor,
  work: (transaction: Transaction) => Promise<Result>,
): Promise<Result> {
  return withTransaction(db, work);
}
