// Backup, restore and move: what comes back is what was there — rows, ids, timestamps to the
// microsecond, jsonb, bytea, sequences, queued jobs — verified by counts and checksums, and a
// target is never left half-written.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { isOtklikError, manualClock } from "@otklik/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, enableTrigramSearch } from "../connection/connect.js";
import type { BackendKind, Database } from "../connection/database.js";
import { silentLogger } from "../connection/logger.js";
import { connectPglite } from "../connection/pglite.js";
import { createJobs } from "../jobs/jobs.js";
import { dbMigrations } from "../migrations/db-migrations.js";
import { createTestDatabase, type TestDatabase, testBackends, testDatabaseUrl } from "../testing/index.js";
import { databaseUrl, dropDatabase } from "../testing/postgres-template.js";
import { backupDatabase, formatLoadReport, moveDatabase, restoreDatabase } from "./backup.js";
import { citySet } from "./fixtures/sets.js";

const sets = [dbMigrations, citySet];
const folder = mkdtempSync(path.join(os.tmpdir(), "otklik-backup-test-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const clock = manualClock(new Date("2026-03-02T03:04:05.000Z"));
let fileNumber = 0;
const newFile = (): string => path.join(folder, `backup-${++fileNumber}.otklik.gz`);

// A fresh PGlite runs initdb in WebAssembly (many seconds on a busy machine): do it once, then copy it.
let emptyPgliteFolder: Promise<Blob> | undefined;
async function emptyPglite(): Promise<Database> {
  emptyPgliteFolder ??= connectPglite({ logger: silentLogger }).then(async (db) => {
    try {
      return await db.engine.dumpDataDir("none");
    } finally {
      await db.close();
    }
  });
  const db = await connectPglite({ logger: silentLogger, loadDataDir: await emptyPgliteFolder });
  await enableTrigramSearch(db);
  return db;
}

/** A truly empty database: PGlite in memory, or a new database on the test server (dropped by `close`). */
async function emptyDatabase(backend: BackendKind): Promise<Database> {
  if (backend === "pglite") return emptyPglite();
  const server = testDatabaseUrl()!;
  const name = `otklik_backup_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const db = await connect({ url: databaseUrl(server, name), maxConnections: 3 });
  const close = db.close;
  return Object.assign(db, { close: () => close().finally(() => dropDatabase(server, name)) });
}

/** Every value of the fixture tables as the database prints it, for comparing two databases. */
async function contents(db: Database): Promise<unknown[]> {
  return db.transaction(async (tx) => {
    await tx.query("SET LOCAL TimeZone = 'UTC'");
    return tx.query(`
      SELECT 'department' AS kind, d::text AS row FROM city_departments d
      UNION ALL SELECT 'incident', ROW(i.id, i.department_id, i.title, i.state, i.payload, i.photo, i.received_at,
                                      i.due_on, i.score, i.amount, i.tags, i.search)::text FROM city_incidents i
      UNION ALL SELECT 'log', l::text FROM city_log l
      UNION ALL SELECT 'closed', c::text FROM city_archive.closed c
      UNION ALL SELECT 'migration', m.set_name || '/' || m.tag || '/' || m.applied_at::text FROM otklik_migrations m
      ORDER BY 1, 2`);
  });
}

async function seedCity(db: Database): Promise<void> {
  await db.query(`
    INSERT INTO city_departments (id, title, parent_id) VALUES
      ('dep_roads', 'Дороги и «благоустройство»', 'dep_city'),
      ('dep_yards', E'Дворы\\nи скверы, "кавычки", запятые', 'dep_roads');
    INSERT INTO city_incidents (department_id, title, state, payload, photo, received_at, due_on, score, amount, tags) VALUES
      ('dep_roads', 'Яма на ул. Щетинкина', 'routed',
       '{"source": {"network": "vk", "url": "https://vk.com/wall-1_2"}, "nested": [1, 2.5, null, "\\u00e9"]}',
       '\\x00ff10ab'::bytea, '2026-03-01 10:11:12.123456+07', '2026-03-05', 0.1, 12345.67, ARRAY['дорога', 'яма']),
      ('dep_yards', E'Не убран снег\\tво дворе', 'new', '{}', NULL, '2026-03-01 23:59:59.999999+00', NULL,
       1e-300, NULL, '{}'),
      ('dep_city', 'Спасибо!', 'closed', '[]', '\\x'::bytea, '2026-02-28 00:00:00+00', '2026-02-28', -0.0,
       -1.5, ARRAY[NULL, 'x']);
    INSERT INTO city_log (incident_id, note) SELECT id, 'принято: ' || title FROM city_incidents;
    INSERT INTO city_archive.closed (incident_id, closed_at) SELECT id, received_at + interval '1 day'
      FROM city_incidents WHERE state = 'closed';`);
  // Sequences that moved past deleted rows must keep their place, not restart from the data.
  const [extra] = await db.query<{ id: number }>(
    "INSERT INTO city_incidents (department_id, title, received_at) VALUES ('dep_city', 'удалят', now()) RETURNING id",
  );
  await db.query("DELETE FROM city_archive.closed WHERE incident_id = $1", [extra!.id]);
  await db.query("DELETE FROM city_incidents WHERE id = $1", [extra!.id]);
  // A sequence made by code at run time (as the desk's per-year registration numbers are), not by a migration.
  await db.query("CREATE SEQUENCE city_registration_2026 AS integer START WITH 100");
  await db.query("SELECT nextval('city_registration_2026'), nextval('city_registration_2026')");
  // A job waiting in pg-boss: it must run after a restore.
  const jobs = createJobs(db, { pollingIntervalSeconds: 1 });
  await jobs.start();
  await jobs.createQueue("city.posting", { retryLimit: 3 });
  await jobs.send("city.posting", { publicationId: "pub_1" });
  await jobs.stop({ graceful: true });
}

async function runsWaitingJob(db: Database): Promise<unknown> {
  const jobs = createJobs(db, { pollingIntervalSeconds: 0.5 });
  await jobs.start();
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the restored job never ran")), 20_000);
      void jobs.work<{ publicationId: string }>("city.posting", async (job) => {
        clearTimeout(timer);
        resolve(job.data);
      });
    });
  } finally {
    await jobs.stop({ graceful: true });
  }
}

// Each test starts PGlite engines and pg-boss: generous limits for a busy 2-core machine.
describe.each(testBackends())("backup of a database on %s", { timeout: 180_000 }, (backend) => {
  let source: TestDatabase;
  let archive: string;
  let expected: unknown[];

  beforeAll(async () => {
    source = await createTestDatabase({ backend, migrations: sets });
    await seedCity(source);
    expected = await contents(source);
    archive = newFile();
    const progress: string[] = [];
    const result = await backupDatabase(source, {
      file: archive,
      clock,
      onProgress: (p) => progress.push(p.table),
    });
    expect(result.bytes).toBeGreaterThan(0);
    expect(progress).toContain("public.city_incidents");
  });
  afterAll(() => source.close());

  it("records the migrations, each table's count and checksum, the sequences and pg-boss's queues", async () => {
    const manifest = JSON.parse(gunzipSync(readFileSync(archive)).toString("utf8").split("\n")[0]!);
    expect(manifest.createdAt).toBe("2026-03-02T03:04:05.000Z");
    expect(manifest.source.kind).toBe(backend);
    expect(manifest.migrations.map((m: { set: string; tag: string }) => `${m.set}/${m.tag}`)).toEqual([
      "db/0000_outbox_and_seeds",
      "db/0001_batched_subscribers",
      "city/0000_city",
    ]);
    const rows = Object.fromEntries(
      manifest.tables.map((t: { schema: string; name: string; rows: number }) => [
        `${t.schema}.${t.name}`,
        t.rows,
      ]),
    );
    expect(rows).toMatchObject({
      "public.city_departments": 3,
      "public.city_incidents": 3,
      "public.city_log": 3,
      "city_archive.closed": 1,
      "pgboss.job": 1,
    });
    // The generated column is computed by the target, not copied.
    const incidents = manifest.tables.find((t: { name: string }) => t.name === "city_incidents");
    expect(incidents.columns.map((c: { name: string }) => c.name)).not.toContain("search");
    const identity = manifest.sequences.find((s: { name: string }) => s.name === "city_incidents_id_seq");
    expect(identity).toMatchObject({ lastValue: "4", isCalled: true });
    expect(manifest.jobSchemas).toEqual([{ schema: "pgboss", version: 24, queues: expect.any(Array) }]);
    expect(manifest.jobSchemas[0].queues).toContain("city.posting");
  });

  it.each(testBackends())(
    "restores into an empty database on %s, value for value, and the city works on",
    async (to) => {
      const target = await emptyDatabase(to);
      try {
        const report = await restoreDatabase(target, { file: archive, migrations: sets });
        expect(report.tables.every((table) => table.ok)).toBe(true);
        expect(report.sequences.every((sequence) => sequence.ok)).toBe(true);
        expect(report.rows).toBeGreaterThanOrEqual(12);
        expect(formatLoadReport(report)).toMatch(
          /public\.city_incidents\s+3\s+[0-9a-f]{32}\s+[0-9a-f]{32}\s+ok/,
        );

        expect(await contents(target)).toEqual(expected);
        // The sequence continues after the deleted row, the references and the append-only rule are back.
        const [next] = await target.query<{ id: number }>(
          "INSERT INTO city_incidents (department_id, title, received_at) VALUES ('dep_city', 'новое', now()) RETURNING id",
        );
        expect(next!.id).toBe(5);
        expect(await target.query("SELECT nextval('city_registration_2026')::int AS n")).toEqual([
          { n: 102 },
        ]);
        await expect(
          target.query(
            "INSERT INTO city_incidents (department_id, title, received_at) VALUES ('dep_none', 'x', now())",
          ),
        ).rejects.toThrow(/foreign key/);
        await expect(target.query("DELETE FROM city_log")).rejects.toThrow(/append-only/);
        // The job queued before the backup runs on the restored database.
        expect(await runsWaitingJob(target)).toEqual({ publicationId: "pub_1" });
      } finally {
        await target.close();
      }
    },
  );

  it("refuses a database that holds data and leaves it as it was; --force replaces it", async () => {
    const target = await emptyDatabase(backend);
    try {
      await target.query("CREATE TABLE notes (body text); INSERT INTO notes VALUES ('важное')");
      const refused = await restoreDatabase(target, { file: archive, migrations: sets }).catch(
        (error) => error,
      );
      expect(isOtklikError(refused) && refused.code).toBe("conflict");
      expect(refused.message).toMatch(/уже есть данные \(public\.notes\).*--force/);
      expect(await target.query("SELECT body FROM notes")).toEqual([{ body: "важное" }]);
      expect(await target.query("SELECT to_regclass('city_incidents') AS t")).toEqual([{ t: null }]);

      const report = await restoreDatabase(target, { file: archive, migrations: sets, force: true });
      expect(report.resetTarget).toBe(true);
      expect(await target.query("SELECT to_regclass('notes') AS t")).toEqual([{ t: null }]);
      expect(await contents(target)).toEqual(expected);
    } finally {
      await target.close();
    }
  });

  it("refuses a damaged archive and writes nothing", async () => {
    const lines = gunzipSync(readFileSync(archive)).toString("utf8").split("\n");
    const tampered = newFile();
    writeFileSync(
      tampered,
      gzipSync(lines.map((line) => line.replace("Яма на ул. Щетинкина", "Яма на ул. Ленина")).join("\n")),
    );
    const truncated = newFile();
    writeFileSync(truncated, gzipSync(lines.slice(0, -3).join("\n")));
    const garbage = newFile();
    writeFileSync(garbage, "not a backup at all");

    const target = await emptyDatabase(backend);
    try {
      const changed = await restoreDatabase(target, { file: tampered, migrations: sets }).catch(
        (error) => error,
      );
      expect(changed.message).toMatch(/Проверка не сошлась.*public\.city_incidents/);
      // The title was changed in the incident and in the log line quoting it: both tables are named.
      expect(changed.details).toEqual([
        { path: ["public.city_incidents"], message: expect.stringMatching(/строк 3 → 3, checksum/) },
        { path: ["public.city_log"], message: expect.stringMatching(/строк 3 → 3, checksum/) },
      ]);
      const cut = await restoreDatabase(target, { file: truncated, migrations: sets }).catch(
        (error) => error,
      );
      expect(cut.message).toMatch(/повреждён или неполон.*damaged or incomplete/);
      const notGzip = await restoreDatabase(target, { file: garbage, migrations: sets }).catch(
        (error) => error,
      );
      expect(notGzip.message).toMatch(/повреждён или неполон/);
      // Nothing of any attempt stayed.
      expect(await target.query("SELECT to_regclass('otklik_migrations') AS t")).toEqual([{ t: null }]);
    } finally {
      await target.close();
    }
  });

  it("refuses an archive made by another version's migrations", async () => {
    const target = await emptyDatabase(backend);
    try {
      const error = await restoreDatabase(target, { file: archive, migrations: [dbMigrations] }).catch(
        (e) => e,
      );
      expect(error.message).toMatch(/другой версией Отклика.*another version of Otklik/);
      expect(error.details).toContainEqual({
        path: ["source", "city/0000_city"],
        message: expect.any(String),
      });
      expect(await target.query("SELECT to_regclass('otklik_migrations') AS t")).toEqual([{ t: null }]);
    } finally {
      await target.close();
    }
  });

  it("never overwrites an existing archive", async () => {
    await expect(backupDatabase(source, { file: archive })).rejects.toThrow(/уже существует.*already exists/);
  });
});

describe.each(testBackends())("moving from a PGlite data folder to %s", { timeout: 180_000 }, (to) => {
  it("copies everything, verifies it the same way on both sides, and refuses to do it twice", async () => {
    const dataDir = path.join(folder, `move-${to}`);
    const seeded = await createTestDatabase({ backend: "pglite", migrations: sets, dataDir });
    await seedCity(seeded);
    await seeded.close();
    // As the command does it: open the folder the API left.
    const source = await connect({ dataDir });
    const target = await emptyDatabase(to);
    try {
      const expected = await contents(source);
      const seen = new Map<string, number>();
      const report = await moveDatabase(source, target, {
        migrations: sets,
        batchSize: 2,
        onProgress: (p) => seen.set(p.table, p.done),
      });
      expect(seen.get("public.city_incidents")).toBe(3);
      expect(report.tables.filter((table) => !table.ok)).toEqual([]);
      expect(await contents(target)).toEqual(expected);

      const again = await moveDatabase(source, target, { migrations: sets }).catch((error) => error);
      expect(again.message).toMatch(/уже есть данные/);
    } finally {
      await source.close();
      await target.close();
    }
  });
});
