// @otklik/db/testing — fresh migrated databases for tests, on PGlite and (when
// OTKLIK_TEST_DATABASE_URL is set) on PostgreSQL.

export { TEST_DATABASE_URL_VARIABLE, testBackends, testDatabaseUrl } from "./backends.js";
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from "./test-database.js";
