import type { Database, Transaction } from "../connection/database.js";
import type { MigrationSet } from "./migration-set.js";
import { type MigrationFile, readMigrations } from "./read-migrations.js";

/** A migration `migrate()` applied. */
export interface AppliedMigration {
  set: string;
  tag: string;
}

// Any constant does; it names "the migration runner" among advisory locks of this database.
const MIGRATION_LOCK = 7_236_310_401;

const TRACKING_TABLE = `
  CREATE TABLE IF NOT EXISTS otklik_migrations (
    set_name text NOT NULL,
    tag text NOT NULL,
    hash text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    position bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (set_name, tag)
  )`;

/**
 * Applies every set's pending migrations, set after set in the order given (list a package's
 * set after the sets it depends on). Applied migrations are recorded per set in
 * `otklik_migrations`, so running it again changes nothing.
 *
 * Everything runs in one transaction under an advisory lock: when two processes start at
 * once on PostgreSQL, the second waits and then finds nothing to do; when a migration
 * fails, none of this run's migrations stay applied.
 */
export async function migrate(db: Database, sets: readonly MigrationSet[]): Promise<AppliedMigration[]> {
  assertUniqueNames(sets);
  const files = await Promise.all(sets.map(async (set) => ({ set, migrations: await readMigrations(set) })));
  const applied = await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.query(TRACKING_TABLE);
    const done = await appliedMigrations(tx);
    const newlyApplied: AppliedMigration[] = [];
    for (const { set, migrations } of files) {
      for (const migration of migrations) {
        const previous = done.get(key(set.name, migration.tag));
        if (previous !== undefined) {
          if (previous !== migration.hash) {
            db.logger.warn(
              { set: set.name, tag: migration.tag },
              "An applied migration's file has changed since; it is not applied again",
            );
          }
          continue;
        }
        await applyMigration(tx, set, migration);
        newlyApplied.push({ set: set.name, tag: migration.tag });
      }
    }
    return newlyApplied;
  });
  for (const migration of applied) db.logger.info({ ...migration }, "Migration applied");
  return applied;
}

function assertUniqueNames(sets: readonly MigrationSet[]): void {
  const seen = new Set<string>();
  for (const set of sets) {
    if (seen.has(set.name)) throw new Error(`Migration set "${set.name}" is listed twice`);
    seen.add(set.name);
  }
}

const key = (set: string, tag: string): string => `${set}\u0000${tag}`;

async function appliedMigrations(tx: Transaction): Promise<Map<string, string>> {
  const rows = await tx.query<{ set_name: string; tag: string; hash: string }>(
    "SELECT set_name, tag, hash FROM otklik_migrations",
  );
  return new Map(rows.map((row) => [key(row.set_name, row.tag), row.hash]));
}

async function applyMigration(tx: Transaction, set: MigrationSet, migration: MigrationFile): Promise<void> {
  for (const statement of migration.statements) {
    try {
      await tx.query(statement);
    } catch (error) {
      throw new Error(`Migration ${set.name}/${migration.tag} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  await tx.query("INSERT INTO otklik_migrations (set_name, tag, hash) VALUES ($1, $2, $3)", [
    set.name,
    migration.tag,
    migration.hash,
  ]);
}

/** Lists what `migrate()` has applied on this database, oldest first (empty before the first run). */
export async function listAppliedMigrations(db: Database): Promise<AppliedMigration[]> {
  const exists = await db.query<{ present: boolean }>(
    "SELECT to_regclass('otklik_migrations') IS NOT NULL AS present",
  );
  if (!exists[0]?.present) return [];
  const rows = await db.query<{ set_name: string; tag: string }>(
    "SELECT set_name, tag FROM otklik_migrations ORDER BY position",
  );
  return rows.map((row) => ({ set: row.set_name, tag: row.tag }));
}
