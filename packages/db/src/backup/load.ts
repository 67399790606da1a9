// Loads a snapshot (a database being read, or an archive) into a target database, in ONE
// transaction on the target: reset, migrate, install pg-boss, copy, check constraints, set the
// sequences, verify every table's count and checksum — and commit only when all of it holds.
// A failure anywhere leaves the target as it was.
import { createRequire } from "node:module";
import { OtklikError } from "@otklik/core";
import PgBoss from "pg-boss";
import type { Database, Transaction } from "../connection/database.js";
import { withTransaction } from "../connection/transaction.js";
import { migrate } from "../migrations/migrate.js";
import type { MigrationSet } from "../migrations/migration-set.js";
import {
  digestTable,
  listSchemas,
  listTables,
  qualified,
  quoteIdent,
  readSequences,
  STABLE_TEXT_SETTINGS,
  serverVersion,
  type TableInfo,
  tableKey,
} from "./catalog.js";
import type { ManifestTable, SnapshotManifest, SnapshotSource } from "./manifest.js";

/** The oldest PostgreSQL Otklik's SQL runs on. */
export const MINIMUM_SERVER_VERSION = 150000;
// Any constant does; it names "a restore is loading this database" among advisory locks.
const LOAD_LOCK = 7_236_310_402;
const DEFAULT_BATCH_SIZE = 500;

export interface CopyProgress {
  /** `schema.table` */
  table: string;
  /** Rows of this table copied so far. */
  done: number;
  total: number;
}

export interface LoadOptions {
  /** Every migration set of the application, in dependency order, as the API applies them. */
  migrations: readonly MigrationSet[];
  /** Empty a target that holds data first (everything in it is lost). Without it such a target is refused. */
  force?: boolean | undefined;
  /** Rows per read and per insert (default 500). */
  batchSize?: number | undefined;
  onProgress?: ((progress: CopyProgress) => void) | undefined;
}

export interface TableVerification {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface SequenceVerification {
  sequence: string;
  source: string;
  target: string;
  ok: boolean;
}

/** What was loaded, table by table, as verified on the target before the commit. */
export interface LoadReport {
  tables: TableVerification[];
  sequences: SequenceVerification[];
  /** Rows copied in all. */
  rows: number;
  /** True when the target had tables (empty ones, or with `force` any) that were dropped first. */
  resetTarget: boolean;
}

/** Tables that starting the API or migrating fill without any of the city's data. */
function isBookkeeping(table: { schema: string; name: string }, jobSchemas: ReadonlySet<string>): boolean {
  if (table.name === "otklik_migrations") return true;
  return (
    jobSchemas.has(table.schema) && ["version", "queue", "schedule", "subscription"].includes(table.name)
  );
}

/**
 * Loads `source` into `target`. The target must be empty (no tables, or only what a migration run
 * and pg-boss's installation leave) unless `force` is given; it is then migrated with `migrations`,
 * which must be exactly the migrations the source has applied.
 */
export async function loadSnapshot(
  target: Database,
  source: SnapshotSource & { finish?(): Promise<void> },
  options: LoadOptions,
): Promise<LoadReport> {
  const { manifest } = source;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  return target.transaction(async (tx) => {
    const version = await serverVersion(tx);
    if (version.number < MINIMUM_SERVER_VERSION) {
      throw new OtklikError(
        "conflict",
        `Нужен PostgreSQL 15 или новее, а сервер — ${version.text} / PostgreSQL 15 or later is needed, the server is ${version.text}`,
      );
    }
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOAD_LOCK]);
    const resetTarget = await emptyTarget(tx, options.force === true);

    await enableTrigram(tx);
    await migrate(inTransaction(target, tx), options.migrations);
    await checkMigrations(tx, manifest);
    for (const jobSchema of manifest.jobSchemas) await installJobSchema(tx, jobSchema);

    const targetTables = new Map((await listTables(tx)).map((table) => [tableKey(table), table]));
    for (const table of manifest.tables) checkColumns(table, targetTables.get(tableKey(table)));

    await tx.query(STABLE_TEXT_SETTINGS);
    await tx.query("SET CONSTRAINTS ALL DEFERRED");
    const foreignKeys = await dropForeignKeys(tx);
    const withTriggers = await disableTriggers(tx);

    // Migrations and pg-boss's installation wrote their own bookkeeping rows: the source's replace them.
    for (const table of manifest.tables) {
      const [row] = await tx.query(`SELECT 1 FROM ${qualified(table)} LIMIT 1`);
      if (row) await tx.query(`DELETE FROM ${qualified(table)}`);
    }

    let copied = 0;
    for (const table of manifest.tables) {
      let done = 0;
      options.onProgress?.({ table: tableKey(table), done, total: table.rows });
      for await (const batch of source.rows(table, batchSize)) {
        await insertBatch(tx, table, batch);
        done += batch.length;
        options.onProgress?.({ table: tableKey(table), done, total: table.rows });
      }
      copied += done;
    }
    await source.finish?.();

    for (const relation of withTriggers) await tx.query(`ALTER TABLE ${relation} ENABLE TRIGGER USER`);
    await restoreForeignKeys(tx, foreignKeys);
    await tx.query("SET CONSTRAINTS ALL IMMEDIATE");
    const existing = new Set((await readSequences(tx)).map((sequence) => tableKey(sequence)));
    for (const sequence of manifest.sequences) {
      // The manifest was checked against a strict pattern, so the definition is safe to splice in.
      if (!existing.has(tableKey(sequence))) {
        await tx.query(`CREATE SEQUENCE ${qualified(sequence)} ${sequence.definition}`);
      }
      await tx.query("SELECT setval($1::regclass, $2::bigint, $3::boolean)", [
        qualified(sequence),
        sequence.lastValue,
        sequence.isCalled,
      ]);
    }

    const report = await verify(tx, manifest, copied, resetTarget);
    const failed = [
      ...report.tables.filter((table) => !table.ok).map((table) => table.table),
      ...report.sequences.filter((sequence) => !sequence.ok).map((sequence) => sequence.sequence),
    ];
    if (failed.length > 0) {
      throw new OtklikError(
        "conflict",
        `Проверка не сошлась, ничего не записано: ${failed.join(", ")} / Verification failed, nothing was written: ${failed.join(", ")}`,
        {
          details: [
            ...report.tables
              .filter((table) => !table.ok)
              .map((table) => ({
                path: [table.table],
                message: `строк ${table.sourceRows} → ${table.targetRows}, checksum ${table.sourceChecksum} → ${table.targetChecksum}`,
              })),
            ...report.sequences
              .filter((sequence) => !sequence.ok)
              .map((sequence) => ({
                path: [sequence.sequence],
                message: `${sequence.source} → ${sequence.target}`,
              })),
          ],
        },
      );
    }
    return report;
  });
}

/** `migrate()` runs its own transaction; this lets it run inside ours instead. */
function inTransaction(target: Database, tx: Transaction): Database {
  return {
    kind: tx.kind,
    inTransaction: false,
    location: target.location,
    logger: target.logger,
    drizzle: tx.drizzle,
    query: tx.query,
    ping: () => target.ping(),
    close: async () => {},
    transaction: (work) => work(tx),
  };
}

/** Refuses a target with data (unless forced); drops whatever tables it has. Answers whether it dropped any. */
async function emptyTarget(tx: Transaction, force: boolean): Promise<boolean> {
  const tables = await listTables(tx);
  if (tables.length === 0) return false;
  const jobSchemas = new Set(
    (
      await tx.query<{ schema: string }>(
        "SELECT n.nspname AS schema FROM pg_namespace n JOIN pg_proc p ON p.pronamespace = n.oid WHERE p.proname = 'create_queue'",
      )
    ).map((row) => row.schema),
  );
  const withData: string[] = [];
  for (const table of tables) {
    if (isBookkeeping(table, jobSchemas)) continue;
    const [row] = await tx.query(`SELECT 1 FROM ${qualified(table)} LIMIT 1`);
    if (row) withData.push(tableKey(table));
  }
  if (withData.length > 0 && !force) {
    const named = withData.slice(0, 5).join(", ") + (withData.length > 5 ? ", …" : "");
    throw new OtklikError(
      "conflict",
      `В целевой базе уже есть данные (${named}): ничего не изменено; чтобы стереть их и загрузить копию, добавьте --force / ` +
        `The target database already holds data (${named}): nothing was changed; to erase it and load the copy, add --force`,
    );
  }
  // Everything of ours lives in user schemas: drop them, and give `public` back as PostgreSQL makes it.
  for (const schema of await listSchemas(tx)) await tx.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
  await tx.query("CREATE SCHEMA public");
  await tx.query("ALTER SCHEMA public OWNER TO pg_database_owner");
  await tx.query("GRANT USAGE ON SCHEMA public TO PUBLIC");
  return true;
}

async function enableTrigram(tx: Transaction): Promise<void> {
  try {
    // In a savepoint: a server without the extension only loses trigram search, as at connect().
    await withTransaction(tx, (inner) => inner.query("CREATE EXTENSION IF NOT EXISTS pg_trgm"));
  } catch {
    // connect() has already warned about it.
  }
}

async function checkMigrations(tx: Transaction, manifest: SnapshotManifest): Promise<void> {
  const applied = await tx.query<{ set: string; tag: string; hash: string }>(
    "SELECT set_name AS set, tag, hash FROM otklik_migrations ORDER BY position",
  );
  const sig = (m: { set: string; tag: string; hash: string }): string => `${m.set}/${m.tag}#${m.hash}`;
  const have = new Set(applied.map(sig));
  const want = new Set(manifest.migrations.map(sig));
  const onlySource = manifest.migrations.filter((m) => !have.has(sig(m))).map((m) => `${m.set}/${m.tag}`);
  const onlyTarget = applied.filter((m) => !want.has(sig(m))).map((m) => `${m.set}/${m.tag}`);
  if (onlySource.length === 0 && onlyTarget.length === 0) return;
  throw new OtklikError(
    "validation_failed",
    "Копия сделана другой версией Отклика: её миграции не совпадают с миграциями этой версии; " +
      "загрузите её той версией, что её сделала, затем обновите / " +
      "The copy was made by another version of Otklik: its migrations differ from this version's; " +
      "load it with the version that made it, then upgrade",
    {
      details: [
        ...onlySource.map((tag) => ({ path: ["source", tag], message: "только в копии / only in the copy" })),
        ...onlyTarget.map((tag) => ({
          path: ["target", tag],
          message: "только в этой версии / only in this version",
        })),
      ],
    },
  );
}

/** pg-boss's schema as `jobs.start()` would install it, plus one partition per queue of the source. */
async function installJobSchema(
  tx: Transaction,
  jobSchema: SnapshotManifest["jobSchemas"][number],
): Promise<void> {
  const installed = (createRequire(import.meta.url)("pg-boss/version.json") as { schema: number }).schema;
  if (jobSchema.version !== installed) {
    throw new OtklikError(
      "validation_failed",
      `Схема заданий ${jobSchema.schema} в копии версии ${jobSchema.version}, а здесь pg-boss версии ${installed} / ` +
        `The copy's job schema ${jobSchema.schema} is version ${jobSchema.version}, this pg-boss is version ${installed}`,
    );
  }
  // pg-boss wraps its plan in BEGIN … COMMIT with 30 s timeouts; here it runs inside our transaction.
  const plan = PgBoss.getConstructionPlans(jobSchema.schema)
    .replace(/^\s*BEGIN;/, "")
    .replace(/COMMIT;\s*$/, "")
    .replace(/SET LOCAL (lock_timeout|idle_in_transaction_session_timeout) = '30s';/g, "");
  if (/\bCOMMIT\b|\bBEGIN;|SET LOCAL/.test(plan)) {
    throw new Error(
      "pg-boss's construction plan has an unexpected shape; see packages/db/src/backup/load.ts",
    );
  }
  await tx.query(plan);
  for (const queue of jobSchema.queues) {
    await tx.query(`SELECT ${quoteIdent(jobSchema.schema)}.create_queue($1, $2::text::json)`, [queue, "{}"]);
  }
}

function checkColumns(source: ManifestTable, target: TableInfo | undefined): void {
  const key = tableKey(source);
  if (!target) {
    throw new OtklikError(
      "validation_failed",
      `Таблицы ${key} нет после миграций: она создана не миграциями Отклика / ` +
        `Table ${key} does not exist after migrating: it was not made by Otklik's migrations`,
    );
  }
  const describe = (table: { columns: { name: string; type: string }[] }): string =>
    table.columns
      .map((column) => `${column.name} ${column.type}`)
      .sort()
      .join(", ");
  if (describe(source) !== describe(target)) {
    throw new OtklikError(
      "validation_failed",
      `Столбцы ${key} в копии и в целевой базе различаются / The columns of ${key} differ between the copy and the target`,
      {
        details: [
          { path: ["source", key], message: describe(source) },
          { path: ["target", key], message: describe(target) },
        ],
      },
    );
  }
}

interface ForeignKey {
  relation: string;
  name: string;
  definition: string;
}

/** Non-deferrable foreign keys are dropped during the copy and added back after it (which checks every row). */
async function dropForeignKeys(tx: Transaction): Promise<ForeignKey[]> {
  const keys = await tx.query<ForeignKey>(
    `SELECT c.conrelid::regclass::text AS relation, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND NOT c.condeferrable AND c.conparentid = 0
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1, 2`,
  );
  for (const key of keys)
    await tx.query(`ALTER TABLE ${key.relation} DROP CONSTRAINT ${quoteIdent(key.name)}`);
  return keys;
}

async function restoreForeignKeys(tx: Transaction, keys: readonly ForeignKey[]): Promise<void> {
  for (const key of keys) {
    try {
      await withTransaction(tx, (inner) =>
        inner.query(`ALTER TABLE ${key.relation} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.definition}`),
      );
    } catch (error) {
      throw new OtklikError(
        "conflict",
        `Данные копии нарушают связь ${key.name} (${key.relation}): ничего не записано / ` +
          `The copy's data breaks the reference ${key.name} (${key.relation}): nothing was written — ${(error as Error).message}`,
      );
    }
  }
}

/** Tables with triggers of their own (e.g. the append-only audit log) copy with those triggers off. */
async function disableTriggers(tx: Transaction): Promise<string[]> {
  const rows = await tx.query<{ relation: string }>(
    `SELECT DISTINCT t.tgrelid::regclass::text AS relation
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND t.tgparentid = 0
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 1`,
  );
  for (const { relation } of rows) await tx.query(`ALTER TABLE ${relation} DISABLE TRIGGER USER`);
  return rows.map((row) => row.relation);
}

async function insertBatch(
  tx: Transaction,
  table: ManifestTable,
  rows: readonly (string | null)[][],
): Promise<void> {
  if (rows.length === 0) return;
  if (table.columns.length === 0) {
    for (let index = 0; index < rows.length; index++)
      await tx.query(`INSERT INTO ${qualified(table)} DEFAULT VALUES`);
    return;
  }
  const columns = table.columns.map((column) => quoteIdent(column.name)).join(", ");
  // Each value travels as its text and is cast back by the column's type, as pg_dump's COPY does.
  const values = table.columns.map((column, index) => `CAST(r->>${index} AS ${column.type})`).join(", ");
  const overriding = table.identityAlways ? " OVERRIDING SYSTEM VALUE" : "";
  await tx.query(
    `INSERT INTO ${qualified(table)} (${columns})${overriding} SELECT ${values} FROM json_array_elements($1::text::json) AS e(r)`,
    [JSON.stringify(rows)],
  );
}

async function verify(
  tx: Transaction,
  manifest: SnapshotManifest,
  rows: number,
  resetTarget: boolean,
): Promise<LoadReport> {
  const tables: TableVerification[] = [];
  for (const table of manifest.tables) {
    const digest = await digestTable(tx, table);
    tables.push({
      table: tableKey(table),
      sourceRows: table.rows,
      targetRows: digest.rows,
      sourceChecksum: table.checksum,
      targetChecksum: digest.checksum,
      ok: digest.rows === table.rows && digest.checksum === table.checksum,
    });
  }
  const targetSequences = new Map(
    (await readSequences(tx)).map((sequence) => [tableKey(sequence), sequence]),
  );
  const sequences: SequenceVerification[] = manifest.sequences.map((sequence) => {
    const found = targetSequences.get(tableKey(sequence));
    const describe = (state: { lastValue: string; isCalled: boolean }): string =>
      `${state.lastValue}${state.isCalled ? "" : " (не вызвана / not called)"}`;
    return {
      sequence: tableKey(sequence),
      source: describe(sequence),
      target: found ? describe(found) : "—",
      ok:
        found !== undefined && found.lastValue === sequence.lastValue && found.isCalled === sequence.isCalled,
    };
  });
  return { tables, sequences, rows, resetTarget };
}
