// The operator's database commands, end to end: a city that ran on the embedded database is moved
// to PostgreSQL, verified, and served from there; then backed up from PostgreSQL and restored
// into a new PGlite folder.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { signPlatformBody } from "@otklik/channels";
import { connect } from "@otklik/db";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "../config/env.js";
import { startApi } from "../server/start.js";
import { type DbCommand, parseDbCommand, runDbCommand, UsageError } from "./db-command.js";

describe("parsing the command line", () => {
  it("reads the commands and their flags", () => {
    expect(parseDbCommand(["backup", "city.otklik.gz"])).toEqual({
      command: "backup",
      file: "city.otklik.gz",
      force: false,
      batchSize: 500,
    });
    expect(parseDbCommand(["restore", "a.gz", "--force", "--batch-size=50"])).toMatchObject({
      command: "restore",
      force: true,
      batchSize: 50,
    });
    expect(parseDbCommand(["move", "--batch-size", "2000"])).toMatchObject({
      command: "move",
      batchSize: 2000,
    });
    expect(parseDbCommand([])).toEqual({ command: "help" });
  });

  it("says what is wrong, in Russian first", () => {
    expect(() => parseDbCommand(["backup"])).toThrow(/укажите файл копии \/ name the backup file/);
    expect(() => parseDbCommand(["drop"])).toThrow(/неизвестная команда «drop»/);
    expect(() => parseDbCommand(["move", "--batch-size", "0"])).toThrow(/--batch-size: целое/);
    expect(() => parseDbCommand(["move", "--yes"])).toThrow(UsageError);
    expect(() => parseDbCommand(["backup", "a", "b"])).toThrow(/Лишние аргументы/);
  });
});

const serverUrl = process.env.OTKLIK_TEST_DATABASE_URL?.trim();
if (!serverUrl) {
  console.warn(
    "db-command.test.ts: the move to PostgreSQL is skipped because OTKLIK_TEST_DATABASE_URL is not set " +
      "(e.g. postgres://postgres@127.0.0.1:5432/test)",
  );
}

const SECRET = "platform-demo-secret";
const logger = pino({ level: "silent" });
const folder = mkdtempSync(path.join(os.tmpdir(), "otklik-move-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs one statement (CREATE/DROP DATABASE) on the test server's own database. */
async function onServer(statement: string): Promise<void> {
  const db = await connect({ url: serverUrl!, maxConnections: 1 });
  try {
    await db.query(statement);
  } finally {
    await db.close();
  }
}

function urlOf(database: string): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function signIn(base: string, email: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ email, password: "otklik-demo" }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("otklik_session="));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: cookie!, csrfToken };
}

async function intake(base: string, id: string, text: string): Promise<string> {
  const raw = JSON.stringify({
    id,
    createdAt: new Date().toISOString(),
    text,
    source: { network: "vk", url: `https://vk.com/wall-1_${id}`, authorName: "Иванова Мария" },
    location: { lat: 53.7213, lon: 91.4425 },
  });
  const response = await fetch(`${base}/api/v1/intake/platform`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-otklik-signature": signPlatformBody(raw, SECRET) },
    body: raw,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { incidentId: string }).incidentId;
}

/** Every table's row count, by `schema.table`, read directly (not through the command's report). */
async function rowCounts(url: string | undefined, dataDir?: string): Promise<Record<string, number>> {
  const db = await connect(url ? { url, maxConnections: 1 } : { dataDir: dataDir! });
  try {
    const tables = await db.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname IN ('public', 'pgboss')`,
    );
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table.schema}"."${table.name}"`,
      );
      counts[`${table.schema}.${table.name}`] = row!.n;
    }
    return counts;
  } finally {
    await db.close();
  }
}

describe.skipIf(!serverUrl)("moving the demo city from PGlite to PostgreSQL", { timeout: 600_000 }, () => {
  const database = `otklik_move_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
  afterAll(async () => {
    if (serverUrl) await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it("moves every table verified by counts and checksums, and the API serves the city from PostgreSQL", async () => {
    const dataDir = path.join(folder, "pglite");
    const env = (extra: Record<string, string>) =>
      parseEnv({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", OTKLIK_DATA_DIR: dataDir, ...extra });

    // 1. The city runs on the embedded database: demo seeds, citizens' reports, a published news item.
    const embedded = await startApi({ env: env({}), logger });
    const incidentIds = [
      await intake(embedded.url, "move-1", "Яма на дороге у дома 5 по улице Щетинкина"),
      await intake(embedded.url, "move-2", "Не горит фонарь во дворе, «Ленина 12»"),
      await intake(embedded.url, "move-3", "Спасибо за уборку снега!"),
    ];
    const [publisher] = await embedded.db.query<{ id: string }>("SELECT id FROM content_publishers LIMIT 1");
    const editor = await signIn(embedded.url, "editor@demo.otklik.ru");
    const draft = await fetch(`${embedded.url}/api/v1/publications`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: editor.cookie,
        "x-csrf-token": editor.csrfToken,
        origin: embedded.url,
        "sec-fetch-site": "same-origin",
      },
      body: JSON.stringify({
        publisherId: publisher!.id,
        type: "news",
        title: "Перенос базы Отклика",
        body: "Текст новости.",
      }),
    });
    expect(draft.status, await draft.clone().text()).toBe(201);
    await embedded.stop();
    const before = await rowCounts(undefined, dataDir);
    expect(before["public.incidents"]).toBeGreaterThanOrEqual(3);
    expect(before["pgboss.job"]).toBeGreaterThan(0);

    // 2. The move, as the operator runs it.
    await onServer(`CREATE DATABASE "${database}"`);
    const lines: string[] = [];
    const io = { print: (line: string) => lines.push(line) };
    const target = {
      DATABASE_URL: urlOf(database),
      OTKLIK_DATA_DIR: dataDir,
      OTKLIK_TIME_ZONE: "Asia/Krasnoyarsk",
    };
    const move: DbCommand = { command: "move", force: false, batchSize: 100 };
    await runDbCommand(move, target, io);
    const output = lines.join("\n");
    const tables = Object.keys(before).length;
    expect(output).toContain(`Таблиц сверено / tables verified: ${tables}/${tables}`);
    expect(output).not.toMatch(/MISMATCH/);
    expect(output).toMatch(/Moved and verified in/);

    // Counted independently: every table of both schemas holds the same number of rows on both sides.
    expect(await rowCounts(urlOf(database))).toEqual(before);
    // A second move into the now non-empty database is refused.
    await expect(runDbCommand(move, target, io)).rejects.toThrow(/уже есть данные/);

    // 3. The API starts on PostgreSQL (demo seeding finds the seeds done) and serves the moved incidents.
    const moved = await startApi({ env: env({ DATABASE_URL: urlOf(database) }), logger });
    try {
      const operator = await signIn(moved.url, "operator@demo.otklik.ru");
      const response = await fetch(`${moved.url}/api/v1/incidents/${incidentIds[1]}`, {
        headers: { cookie: operator.cookie },
      });
      expect(response.status).toBe(200);
      expect(JSON.stringify(await response.json())).toContain("Не горит фонарь во дворе, «Ленина 12»");
      // New work continues on the moved sequences and ids.
      await intake(moved.url, "move-4", "Новое обращение после переноса");
      const [users] = await moved.db.query<{ n: number }>("SELECT count(*)::int AS n FROM identity_users");
      expect(users!.n).toBe(before["public.identity_users"]);
    } finally {
      await moved.stop();
    }

    // 4. A backup of the PostgreSQL database restores into a new PGlite folder, verified the same way.
    const archive = path.join(folder, "city.otklik.gz");
    const restoredDir = path.join(folder, "restored");
    lines.length = 0;
    await runDbCommand({ command: "backup", file: archive, force: false, batchSize: 500 }, target, io);
    expect(lines.join("\n")).toMatch(/Готово \/ Done: \d+ таблиц/);
    lines.length = 0;
    await runDbCommand(
      { command: "restore", file: archive, force: false, batchSize: 500 },
      { OTKLIK_DATA_DIR: restoredDir, OTKLIK_TIME_ZONE: "Asia/Krasnoyarsk" },
      io,
    );
    expect(lines.join("\n")).toContain(`Таблиц сверено / tables verified: ${tables}/${tables}`);
    expect(await rowCounts(undefined, restoredDir)).toEqual(await rowCounts(urlOf(database)));
  });
});
