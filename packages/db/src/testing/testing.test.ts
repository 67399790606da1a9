import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { alpha } from "../migrations/fixtures/sets.js";
import { listAppliedMigrations } from "../migrations/migrate.js";
import { testBackends, testDatabaseUrl } from "./backends.js";
import { createTestDatabase } from "./test-database.js";

describe("testBackends", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("is PGlite alone unless OTKLIK_TEST_DATABASE_URL names a PostgreSQL", () => {
    vi.stubEnv("OTKLIK_TEST_DATABASE_URL", "");
    expect(testBackends()).toEqual(["pglite"]);
    vi.stubEnv("OTKLIK_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test");
    expect(testBackends()).toEqual(["pglite", "postgres"]);
  });

  it("explains what is missing when PostgreSQL is asked for without a server", async () => {
    vi.stubEnv("OTKLIK_TEST_DATABASE_URL", "");
    await expect(createTestDatabase({ backend: "postgres" })).rejects.toThrow(
      "needs OTKLIK_TEST_DATABASE_URL",
    );
  });
});

describe.each(testBackends())("createTestDatabase on %s", (backend) => {
  it("gives every call its own database, migrated with the db package's set first", async () => {
    await using first = await createTestDatabase({ backend, migrations: [alpha] });
    await using second = await createTestDatabase({ backend, migrations: [alpha] });
    expect((await listAppliedMigrations(first)).map((migration) => migration.set)).toEqual([
      "db",
      "db",
      "alpha",
    ]);

    await first.query("INSERT INTO alpha_departments (id, title) VALUES ('dep_parks', 'Парки')");
    expect(await second.query("SELECT id FROM alpha_departments ORDER BY id")).toEqual([{ id: "dep_roads" }]);
  });

  it("leaves nothing behind once closed", async () => {
    const db = await createTestDatabase({ backend });
    const url = db.url;
    await db.close();
    await expect(db.ping()).rejects.toThrow();
    if (backend === "postgres") {
      const name = new URL(url!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      await admin.end();
      expect(rowCount).toBe(0);
    }
  });
});
