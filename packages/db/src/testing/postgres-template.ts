import { randomBytes } from "node:crypto";
import pg from "pg";
import { connect } from "../connection/connect.js";
import { migrate } from "../migrations/migrate.js";
import type { MigrationSet } from "../migrations/migration-set.js";
import { templateKey } from "./template-key.js";

const TEMPLATE_PREFIX = "otklik_tpl_";
const TEST_PREFIX = "otklik_test_";
// Test databases left behind by a killed run are dropped once they are this old.
const ORPHAN_AFTER_MS = 60 * 60 * 1000;

/** The same server and credentials, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: "otklik-tests" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const templates = new Map<string, Promise<string>>();

/**
 * The name of a database on the server with `sets` migrated, built once and then reused by
 * every test file and run with the same migrations (an advisory lock keeps parallel test
 * files from building it twice). Building a new one drops the older templates of the same
 * sets and test databases orphaned by killed runs.
 */
export async function postgresTemplate(serverUrl: string, sets: readonly MigrationSet[]): Promise<string> {
  const key = await templateKey(sets, "postgres");
  const name = `${TEMPLATE_PREFIX}${key.family}_${key.contents}`;
  let template = templates.get(name);
  if (!template) {
    template = ensureTemplate(serverUrl, name, `${TEMPLATE_PREFIX}${key.family}_`, sets).then(() => name);
    templates.set(name, template);
    template.catch(() => templates.delete(name));
  }
  return template;
}

async function ensureTemplate(
  serverUrl: string,
  name: string,
  familyPrefix: string,
  sets: readonly MigrationSet[],
): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    await admin.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount) return;
      const building = `${name}_b`;
      await admin.query(`DROP DATABASE IF EXISTS ${quote(building)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${quote(building)}`);
      const db = await connect({ url: databaseUrl(serverUrl, building), maxConnections: 1 });
      try {
        await migrate(db, sets);
      } finally {
        await db.close();
      }
      // Renamed only once complete, so nobody copies a half-migrated template.
      await admin.query(`ALTER DATABASE ${quote(building)} RENAME TO ${quote(name)}`);
      await dropStale(admin, name, familyPrefix);
    } finally {
      await admin.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
}

async function dropStale(admin: pg.Client, current: string, familyPrefix: string): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2",
    [`${familyPrefix}%`, `${TEST_PREFIX}%`],
  );
  for (const { datname } of rows) {
    const stale = datname.startsWith(familyPrefix)
      ? datname !== current && !datname.endsWith("_b")
      : isOrphan(datname);
    // Another process may use it still (a template being copied, a test running): skip it then.
    if (stale) await admin.query(`DROP DATABASE IF EXISTS ${quote(datname)}`).catch(() => {});
  }
}

function isOrphan(database: string): boolean {
  const created = Number(database.slice(TEST_PREFIX.length).split("_")[0]);
  return Number.isFinite(created) && Date.now() - created > ORPHAN_AFTER_MS;
}

/** Copies the template into a new database and answers its name. */
export async function createDatabaseFrom(serverUrl: string, template: string): Promise<string> {
  const name = `${TEST_PREFIX}${Date.now()}_${randomBytes(4).toString("hex")}`;
  await withAdmin(serverUrl, async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
        return;
      } catch (error) {
        // 55006: the template is in use (another file copying it at this instant): try again shortly.
        if ((error as { code?: string }).code !== "55006" || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
  return name;
}

/** Drops a test database, disconnecting whatever still uses it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
}
