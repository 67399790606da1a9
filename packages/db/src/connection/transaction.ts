import type { Database, Executor, Transaction } from "./database.js";

let savepoints = 0;

/**
 * Runs `work` in one transaction and answers what it answers: commits when it resolves,
 * rolls back when it throws (and rethrows). A service writes its change and emits its events
 * through `tx`, so both happen or neither does.
 *
 * Given a transaction, it nests with a savepoint: a throw inside rolls back only the inner part
 * (and still reaches the caller, who decides whether the outer transaction goes on).
 *
 * Inside `work` use `tx` only: on PGlite, which is one connection, a query through the outer
 * database would wait for this very transaction to end.
 */
export async function withTransaction<T>(db: Executor, work: (tx: Transaction) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return inSavepoint(db, work);
  return (db as Database).transaction(work);
}

function isTransaction(executor: Executor): executor is Transaction {
  return (executor as Transaction).inTransaction === true;
}

async function inSavepoint<T>(tx: Transaction, work: (tx: Transaction) => Promise<T>): Promise<T> {
  savepoints += 1;
  const name = `otklik_savepoint_${savepoints}`;
  await tx.query(`SAVEPOINT ${name}`);
  try {
    const result = await work(tx);
    await tx.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}
