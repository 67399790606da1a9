import { mkdir } from "node:fs/promises";
import { PGlite, types } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import type { Database, Drizzle, Row, Transaction } from "./database.js";
import type { DbLogger } from "./logger.js";
import { PriorityGate } from "./priority.js";

/** The PGlite surface a query needs: the engine itself or one of its transactions. */
interface PgliteQueryable {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<Array<{ rows: Row[] }>>;
}

// Raw queries answer the same JS values on both backends (see postgres.ts).
const parsers = { [types.DATE]: (value: string) => value };

async function run(client: PgliteQueryable, text: string, params?: readonly unknown[]): Promise<Row[]> {
  if (params && params.length > 0) return (await client.query<Row>(text, [...params])).rows;
  // Without parameters, run the simple protocol like node-postgres does: several statements allowed.
  const results = await client.exec(text);
  return results.at(-1)?.rows ?? [];
}

const isMemory = (dataDir: string | undefined): boolean =>
  dataDir === undefined || dataDir === "" || dataDir.startsWith("memory://");

/** Opens PGlite in a data folder (made when missing), or in memory for `memory://` or no folder. */
export async function connectPglite(options: {
  dataDir?: string;
  logger: DbLogger;
  /** A data folder tarball (from `dumpDataDir`) to start from: how test databases are copied. */
  loadDataDir?: Blob;
}): Promise<Database & { readonly engine: PGlite }> {
  const memory = isMemory(options.dataDir);
  if (!memory) await mkdir(options.dataDir!, { recursive: true });
  const engine = await PGlite.create({
    ...(memory ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers,
  });
  let closed = false;
  // PGlite runs one statement at a time; the gate decides who goes next (interactive callers first).
  const gate = new PriorityGate();

  async function transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    // PGlite is one connection: while this runs, queries outside `tx` wait for it to finish.
    return gate.run(() =>
      engine.transaction(async (pgliteTx) => {
        const tx: Transaction = {
          kind: "pglite",
          inTransaction: true,
          // Drizzle's PGlite driver only calls `query` on its client, which a PGlite transaction has.
          drizzle: drizzle({ client: pgliteTx as unknown as PGlite }) as unknown as Drizzle,
          query: async <Result extends object = Row>(text: string, params?: readonly unknown[]) =>
            (await run(pgliteTx, text, params)) as Result[],
        };
        return work(tx);
      }),
    );
  }

  return {
    kind: "pglite",
    inTransaction: false,
    location: memory ? "memory://" : options.dataDir!,
    logger: options.logger,
    engine,
    // Drizzle's PGlite driver only calls `query` (and `transaction`, which Otklik does not use through
    // Drizzle) on its client: both through the gate.
    drizzle: drizzle({
      client: {
        query: (...args: Parameters<PGlite["query"]>) => gate.run(() => engine.query(...args)),
        transaction: (...args: Parameters<PGlite["transaction"]>) =>
          gate.run(() => engine.transaction(...args)),
      } as unknown as PGlite,
    }) as unknown as Drizzle,
    query: async <Result extends object = Row>(text: string, params?: readonly unknown[]) => {
      return gate.run(async () => {
        try {
          return (await run(engine, text, params)) as Result[];
        } catch (error) {
          // A script that opened a transaction and failed leaves the one connection aborted.
          if (/^\s*BEGIN\b/im.test(text) && !engine.closed) await engine.exec("ROLLBACK").catch(() => {});
          throw error;
        }
      });
    },
    transaction,
    async ping() {
      if (closed || engine.closed) throw new Error("The database connection is closed");
      await gate.run(() => engine.query("SELECT 1"));
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
    },
  };
}
