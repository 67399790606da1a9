import type { Database } from "./database.js";
import { type DbLogger, silentLogger } from "./logger.js";
import { connectPglite } from "./pglite.js";
import { connectPostgres } from "./postgres.js";

/** Where the data lives. The app reads `DATABASE_URL` / `OTKLIK_DATA_DIR` and passes them here. */
export interface ConnectOptions {
  /** A PostgreSQL URL (`postgres://user:password@host:5432/name`). When set, `dataDir` is ignored. */
  url?: string | undefined;
  /** PGlite's data folder (made when missing); `"memory://"` or nothing for a database in memory. */
  dataDir?: string | undefined;
  logger?: DbLogger | undefined;
  /** PostgreSQL pool size (default 10). */
  maxConnections?: number | undefined;
  /** Shown in `pg_stat_activity` on PostgreSQL (default `otklik`). */
  applicationName?: string | undefined;
}

/**
 * Opens the database: PostgreSQL when `url` is given, else embedded PGlite in `dataDir`.
 * Enables `pg_trgm` (trigram search) where the server offers it. Throws when PostgreSQL
 * cannot be reached.
 *
 * @example
 * const db = await connect({ url: env.DATABASE_URL, dataDir: env.OTKLIK_DATA_DIR, logger });
 */
export async function connect(options: ConnectOptions = {}): Promise<Database> {
  const logger = options.logger ?? silentLogger;
  const db = options.url
    ? await connectPostgres({
        url: options.url,
        logger,
        ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
        ...(options.applicationName ? { applicationName: options.applicationName } : {}),
      })
    : await connectPglite({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), logger });
  try {
    await enableTrigramSearch(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** Enables pg_trgm once per database; a server without the extension (or the right) only warns. */
export async function enableTrigramSearch(db: Database): Promise<void> {
  const present = await db.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'");
  if (present.length > 0) return;
  try {
    await db.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 23505/42710: another process created it at the same moment.
    if (code === "23505" || code === "42710") return;
    if (db.kind === "pglite") throw error;
    db.logger.warn(
      { error: (error as Error).message },
      "pg_trgm is not available on this PostgreSQL server: trigram search will not work",
    );
  }
}
