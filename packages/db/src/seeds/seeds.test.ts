import { manualClock } from "@otklik/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testBackends } from "../testing/index.js";
import { isEmptyDatabase, runSeeds, type SeedContribution, seedOrder } from "./seeds.js";

const clock = manualClock("2026-11-27T09:00:00+07:00");

const departments: SeedContribution = {
  name: "identity.departments",
  async run({ db }) {
    await db.query(
      "INSERT INTO seed_departments (id, title) VALUES ('dep_roads', 'Дороги и благоустройство')",
    );
  },
};
const users: SeedContribution = {
  name: "identity.demo_users",
  dependsOn: ["identity.departments"],
  async run({ db, clock }) {
    await db.query("INSERT INTO seed_users (email, department_id, created_at) VALUES ($1, $2, $3)", [
      "operator@demo.otklik.ru",
      "dep_roads",
      clock.now(),
    ]);
  },
};

describe("seedOrder", () => {
  it("puts dependencies first and keeps the given order otherwise", () => {
    const a: SeedContribution = { name: "a", run: async () => {} };
    expect(seedOrder([users, a, departments]).map((seed) => seed.name)).toEqual([
      "identity.departments",
      "identity.demo_users",
      "a",
    ]);
  });

  it("refuses a missing dependency, a circle and a name listed twice", () => {
    expect(() => seedOrder([users])).toThrow(
      'Seed "identity.demo_users" depends on "identity.departments", which is not listed',
    );
    const x: SeedContribution = { name: "x", dependsOn: ["y"], run: async () => {} };
    const y: SeedContribution = { name: "y", dependsOn: ["x"], run: async () => {} };
    expect(() => seedOrder([x, y])).toThrow("Seeds depend on each other in a circle: x → y → x");
    expect(() => seedOrder([x, x])).toThrow('Seed "x" is listed twice');
  });
});

describe.each(testBackends())("runSeeds on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ backend });
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.query(`
      DROP TABLE IF EXISTS seed_users; DROP TABLE IF EXISTS seed_departments; DELETE FROM seed_runs;
      CREATE TABLE seed_departments (id text PRIMARY KEY, title text NOT NULL);
      CREATE TABLE seed_users (email text PRIMARY KEY, department_id text NOT NULL REFERENCES seed_departments (id), created_at timestamptz NOT NULL);
    `);
  });

  it("seeds an empty database once, dependencies first, and not again after a restart", async () => {
    expect(await isEmptyDatabase(db)).toBe(true);
    expect(await runSeeds(db, [users, departments], { clock })).toEqual({
      ran: ["identity.departments", "identity.demo_users"],
      skipped: [],
    });
    expect(await isEmptyDatabase(db)).toBe(false);
    expect(await db.query("SELECT email, created_at FROM seed_users")).toEqual([
      { email: "operator@demo.otklik.ru", created_at: new Date("2026-11-27T02:00:00Z") },
    ]);

    expect(await runSeeds(db, [users, departments], { clock })).toEqual({
      ran: [],
      skipped: ["identity.departments", "identity.demo_users"],
    });
    expect(await db.query("SELECT count(*)::int AS n FROM seed_users")).toEqual([{ n: 1 }]);
  });

  it("runs a contribution added later on a seeded database", async () => {
    await runSeeds(db, [departments], { clock });
    expect(await runSeeds(db, [departments, users], { clock })).toEqual({
      ran: ["identity.demo_users"],
      skipped: ["identity.departments"],
    });
  });

  it("leaves no trace of a failing contribution and stops there", async () => {
    const failing: SeedContribution = {
      name: "identity.broken",
      dependsOn: ["identity.departments"],
      async run({ db }) {
        await db.query(
          "INSERT INTO seed_departments (id, title) VALUES ('dep_half', 'written, then undone')",
        );
        throw new Error("the demo file is missing");
      },
    };
    await expect(runSeeds(db, [departments, failing, users], { clock })).rejects.toThrow(
      'Seed "identity.broken" failed: the demo file is missing',
    );
    expect(await db.query("SELECT id FROM seed_departments ORDER BY id")).toEqual([{ id: "dep_roads" }]);
    expect(await db.query("SELECT name FROM seed_runs")).toEqual([{ name: "identity.departments" }]);
  });

  it("seeds once when two processes start at the same moment", async () => {
    const reports = await Promise.all([
      runSeeds(db, [departments, users], { clock }),
      runSeeds(db, [departments, users], { clock }),
    ]);
    expect(reports.flatMap((report) => report.ran).sort()).toEqual([
      "identity.demo_users",
      "identity.departments",
    ]);
    expect(await db.query("SELECT count(*)::int AS n FROM seed_users")).toEqual([{ n: 1 }]);
  });
});
