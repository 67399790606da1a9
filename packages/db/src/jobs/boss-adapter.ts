import { createRequire } from "node:module";
import type PgBoss from "pg-boss";
import type { Executor } from "../connection/database.js";
import type { DbLogger } from "../connection/logger.js";

interface Plans {
  completeJobs(schema: string): string;
  failJobsById(schema: string): string;
}

/** pg-boss's own SQL texts, to recognise the statements it sends without awaiting them. */
function completionStatements(schema: string): Set<string> {
  // pg-boss 10 has no exports map; its plans module is the source of the SQL it runs.
  const plans = createRequire(import.meta.url)("pg-boss/src/plans.js") as Plans;
  return new Set([plans.completeJobs(schema), plans.failJobsById(schema)]);
}

/** pg-boss's database port over our connection, tracking what is in flight so `stop()` can drain it. */
export interface BossAdapter extends PgBoss.Db {
  /** Resolves once no statement is in flight. */
  drain(): Promise<void>;
  readonly inFlight: number;
}

/**
 * Lets pg-boss run its SQL through our {@link Executor}: one pool (PostgreSQL) or the one
 * PGlite engine, instead of pg-boss opening connections of its own.
 *
 * pg-boss 10 completes or fails a job without awaiting it; if that statement fails (the
 * server restarting), the rejection would be unhandled and end the process. Those two are
 * logged instead: the job stays active, expires and runs again, so nothing is lost.
 */
export function bossAdapter(db: Executor, options: { schema: string; logger: DbLogger }): BossAdapter {
  const fireAndForget = completionStatements(options.schema);
  const pending = new Set<Promise<unknown>>();

  async function executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> {
    const running = db.query(text, values ?? []).then((rows) => ({ rows }));
    pending.add(running);
    try {
      return await running;
    } catch (error) {
      if (fireAndForget.has(text)) {
        options.logger.warn(
          { error: (error as Error).message },
          "Could not record a job's outcome; it will run again",
        );
        return { rows: [{ count: 0 }] };
      }
      throw error;
    } finally {
      pending.delete(running);
    }
  }

  return {
    executeSql,
    get inFlight() {
      return pending.size;
    },
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

/** A pg-boss database port over a transaction, so a job is sent only if the transaction commits. */
export function transactionAdapter(tx: Executor): PgBoss.Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => ({ rows: await tx.query(text, values ?? []) }),
  };
}
