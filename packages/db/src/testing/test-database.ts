import { connect } from "../connection/connect.js";
import type { BackendKind, Database } from "../connection/database.js";
import { type DbLogger, silentLogger } from "../connection/logger.js";
import { connectPglite } from "../connection/pglite.js";
import { dbMigrations } from "../migrations/db-migrations.js";
import type { MigrationSet } from "../migrations/migration-set.js";
import { TEST_DATABASE_URL_VARIABLE, testDatabaseUrl } from "./backends.js";
import { pgliteTemplate } from "./pglite-template.js";
import { createDatabaseFrom, databaseUrl, dropDatabase, postgresTemplate } from "./postgres-template.js";

/** A fresh database for one test file: `close()` (or `await using`) also throws it away. */
export type TestDatabase = Database & AsyncDisposable & { readonly url?: string };

export interface TestDatabaseOptions {
  backend: BackendKind;
  /**
   * The sets to migrate, in dependency order. The db package's own set is put first when
   * it is not listed, so the outbox and seed tables are always there.
   */
  migrations?: readonly MigrationSet[];
  logger?: DbLogger;
  /**
   * PGlite only: keep the copy in this (new or empty) folder instead of in memory, for tests that
   * close the database and open the folder again, as a restarted process would.
   */
  dataDir?: string;
}

/**
 * Makes a fresh, migrated database: migrations run once into a template that is then copied
 * (PGlite: a data folder tarball loaded into a new in-memory engine; PostgreSQL on
 * `OTKLIK_TEST_DATABASE_URL`: `CREATE DATABASE … TEMPLATE …`), so parallel test files never
 * share data. Closing it drops the PostgreSQL database.
 *
 * @example
 * describe.each(testBackends())("incidents on %s", (backend) => {
 *   let db: TestDatabase;
 *   beforeAll(async () => { db = await createTestDatabase({ backend, migrations: [incidentMigrations] }); });
 *   afterAll(() => db.close());
 * });
 */
export async function createTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  const sets = withDbMigrations(options.migrations ?? []);
  const logger = options.logger ?? silentLogger;
  if (options.backend === "pglite") {
    const db = await connectPglite({
      loadDataDir: await pgliteTemplate(sets),
      logger,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    });
    return Object.assign(db, { [Symbol.asyncDispose]: () => db.close() });
  }
  const serverUrl = testDatabaseUrl();
  if (!serverUrl) {
    throw new Error(
      `A PostgreSQL test database needs ${TEST_DATABASE_URL_VARIABLE}; use testBackends() to choose`,
    );
  }
  const name = await createDatabaseFrom(serverUrl, await postgresTemplate(serverUrl, sets));
  const url = databaseUrl(serverUrl, name);
  let db: Database;
  try {
    db = await connect({ url, logger, maxConnections: 5 });
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
  let dropped: Promise<void> | undefined;
  const close = (): Promise<void> => {
    dropped ??= db.close().finally(() => dropDatabase(serverUrl, name));
    return dropped;
  };
  return { ...db, url, close, [Symbol.asyncDispose]: close };
}

function withDbMigrations(sets: readonly MigrationSet[]): MigrationSet[] {
  return sets.some((set) => set.name === dbMigrations.name) ? [...sets] : [dbMigrations, ...sets];
}
