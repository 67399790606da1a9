import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../connection/connect.js";
import { createTestDatabase, type TestDatabase, testBackends } from "../testing/index.js";
import { dbMigrations } from "./db-migrations.js";
import { alpha, beta, broken } from "./fixtures/sets.js";
import { listAppliedMigrations, migrate } from "./migrate.js";
import { migrationSet } from "./migration-set.js";

describe("migration sets", () => {
  it("finds the db package's own drizzle folder", () => {
    const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
    expect(dbMigrations).toMatchObject({ name: "db", folder: path.join(packageRoot, "drizzle") });
  });

  it("says clearly when no migrations folder is found", () => {
    expect(() => migrationSet("lost", "/tmp/nowhere/module.js", "no-such-folder")).toThrow(
      /No no-such-folder\/meta\/_journal.json found above \/tmp\/nowhere for migration set "lost"/,
    );
  });
});

describe.each(testBackends())("migrate on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ backend });
  });
  afterAll(() => db.close());

  it("applies each set in order and keeps two sets' 0000 files apart", async () => {
    const applied = await migrate(db, [dbMigrations, alpha, beta]);
    expect(applied).toEqual([
      { set: "alpha", tag: "0000_init" },
      { set: "beta", tag: "0000_init" },
      { set: "beta", tag: "0001_summary" },
    ]);
    await db.query(
      "INSERT INTO beta_incidents (id, department_id, summary) VALUES ('inc_1', 'dep_roads', 'Яма')",
    );
    expect(await listAppliedMigrations(db)).toEqual([
      { set: "db", tag: "0000_outbox_and_seeds" },
      { set: "db", tag: "0001_batched_subscribers" },
      { set: "alpha", tag: "0000_init" },
      { set: "beta", tag: "0000_init" },
      { set: "beta", tag: "0001_summary" },
    ]);
  });

  it("changes nothing when run again", async () => {
    expect(await migrate(db, [dbMigrations, alpha, beta])).toEqual([]);
    expect(await db.query("SELECT id FROM alpha_departments")).toEqual([{ id: "dep_roads" }]);
  });

  it("applies nothing of a run whose migration fails, and names the failing file", async () => {
    await expect(migrate(db, [dbMigrations, broken])).rejects.toThrow(/Migration broken\/0000_init failed/);
    const [row] = await db.query<{ present: boolean }>(
      "SELECT to_regclass('broken_first') IS NOT NULL AS present",
    );
    expect(row?.present).toBe(false);
    expect((await listAppliedMigrations(db)).some((migration) => migration.set === "broken")).toBe(false);
  });

  it("refuses a set listed twice", async () => {
    await expect(migrate(db, [alpha, alpha])).rejects.toThrow('Migration set "alpha" is listed twice');
  });

  it("applies once when two processes migrate at the same moment", async () => {
    const fresh = await createTestDatabase({ backend });
    try {
      // On PostgreSQL: two separate pools, as two API processes would have.
      const second = backend === "postgres" ? await connect({ url: fresh.url! }) : fresh;
      const results = await Promise.all([migrate(fresh, [alpha, beta]), migrate(second, [alpha, beta])]);
      if (second !== fresh) await second.close();
      expect(results.map((applied) => applied.length).sort()).toEqual([0, 3]);
      expect(
        await fresh.query("SELECT count(*)::int AS n FROM otklik_migrations WHERE set_name = 'beta'"),
      ).toEqual([{ n: 2 }]);
    } finally {
      await fresh.close();
    }
  });
});
