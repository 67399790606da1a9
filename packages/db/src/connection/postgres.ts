import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Database, Drizzle, Row, Transaction } from "./database.js";
import type { DbLogger } from "./logger.js";

const INT8 = 20;
const DATE = 1082;

// Raw queries answer the same JS values on both backends (PGlite parses int8 to a number and
// we keep dates as text on both). Drizzle passes its own parsers per query and is unaffected.
const typeParsers = {
  getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format ?? "text") as (value: string) => unknown;
  },
} as pg.CustomTypesConfig;

/** True when a script opens its own transaction, which an error would leave aborted on the connection. */
const opensTransaction = (text: string): boolean => /^\s*BEGIN\b/im.test(text);

async function runOnClient(client: pg.PoolClient, text: string, params?: readonly unknown[]): Promise<Row[]> {
  const result = (await client.query(text, params as unknown[] | undefined)) as
    | pg.QueryResult<Row>
    | pg.QueryResult<Row>[];
  const last = Array.isArray(result) ? result.at(-1) : result;
  return last?.rows ?? [];
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "postgres";
  }
}

/** Connects to a PostgreSQL server through a node-postgres pool. */
export async function connectPostgres(options: {
  url: string;
  logger: DbLogger;
  maxConnections?: number;
  applicationName?: string;
}): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    types: typeParsers,
    application_name: options.applicationName ?? "otklik",
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", (error) => options.logger.warn({ error: error.message }, "PostgreSQL connection lost"));
  let closed = false;

  /**
   * A client out of the pool has no `error` listener of the pool's: when the server ends the session
   * between two statements (a restart: 57P01 admin_shutdown, or the socket closing), node-postgres emits
   * `error` on it, and without a listener that ends the process. Ours keeps the error; `release` then
   * destroys the client instead of handing it back, and the pool opens a new connection when asked.
   */
  async function checkout(): Promise<{ client: pg.PoolClient; release(error?: Error): void }> {
    const client = await pool.connect();
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
      options.logger.warn({ error: error.message }, "PostgreSQL connection lost while in use");
    };
    client.on("error", onError);
    return {
      client,
      release(error?: Error) {
        client.removeListener("error", onError);
        // A lost connection may still emit (a second packet, the socket closing): keep swallowing.
        if (lost || error) client.on("error", () => {});
        client.release(error ?? lost);
      },
    };
  }

  async function query<Result extends object = Row>(
    text: string,
    params?: readonly unknown[],
  ): Promise<Result[]> {
    if (params && params.length > 0) {
      const result = await pool.query<Result>(text, params as unknown[]);
      return result.rows;
    }
    const { client, release } = await checkout();
    let broken: Error | undefined;
    try {
      return (await runOnClient(client, text)) as Result[];
    } catch (error) {
      if (opensTransaction(text))
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
      throw error;
    } finally {
      release(broken);
    }
  }

  async function transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const { client, release } = await checkout();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const tx: Transaction = {
        kind: "postgres",
        inTransaction: true,
        drizzle: drizzle({ client }) as unknown as Drizzle,
        query: async <Result extends object = Row>(text: string, params?: readonly unknown[]) =>
          (await runOnClient(client, text, params)) as Result[],
      };
      try {
        const result = await work(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
    } finally {
      // A client whose rollback failed is in an unknown state: destroy it rather than reuse it.
      release(broken);
    }
  }

  return {
    kind: "postgres",
    inTransaction: false,
    location: describeUrl(options.url),
    logger: options.logger,
    drizzle: drizzle({ client: pool }) as unknown as Drizzle,
    query,
    transaction,
    async ping() {
      if (closed) throw new Error("The database connection is closed");
      await pool.query("SELECT 1");
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
