import type { BackendKind } from "../connection/database.js";

/**
 * The environment variable naming a PostgreSQL server for database tests. The testing module
 * is the one place in Otklik's packages that reads `process.env`: tests have no app to parse
 * the environment for them, and CI chooses the backends by setting it.
 */
export const TEST_DATABASE_URL_VARIABLE = "OTKLIK_TEST_DATABASE_URL";

/** The PostgreSQL server for tests (a database on it the helper may create databases from), if any. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env[TEST_DATABASE_URL_VARIABLE];
  return url && url.trim().length > 0 ? url.trim() : undefined;
}

/**
 * The backends database tests run on: always PGlite, and PostgreSQL when
 * `OTKLIK_TEST_DATABASE_URL` is set. Use it as `describe.each(testBackends())("on %s", …)`.
 */
export function testBackends(): BackendKind[] {
  return testDatabaseUrl() ? ["pglite", "postgres"] : ["pglite"];
}
