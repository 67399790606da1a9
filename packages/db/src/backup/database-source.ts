import type { Clock } from "@otklik/core";
import type { Database, Transaction } from "../connection/database.js";
import {
  digestTable,
  listJobSchemas,
  listTables,
  qualified,
  quoteIdent,
  readSequences,
  STABLE_TEXT_SETTINGS,
  serverVersion,
} from "./catalog.js";
import type { ManifestTable, SnapshotManifest, SnapshotSource, TextRow } from "./manifest.js";

const CURSOR = "otklik_snapshot_rows";

/**
 * Opens one read-only REPEATABLE READ transaction on `db` and hands `work` a {@link SnapshotSource}
 * of it: the manifest (counts and checksums) and the rows are read from the same snapshot, so a
 * PostgreSQL database may take writes meanwhile and the copy is still consistent.
 */
export async function withDatabaseSnapshot<T>(
  db: Database,
  clock: Clock,
  work: (source: SnapshotSource) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    await tx.query(STABLE_TEXT_SETTINGS);
    const manifest = await readManifest(tx, db, clock);
    return work({ manifest, rows: (table, batchSize) => readRows(tx, table, batchSize) });
  });
}

async function readManifest(tx: Transaction, db: Database, clock: Clock): Promise<SnapshotManifest> {
  const migrationsPresent = await tx.query<{ present: boolean }>(
    "SELECT to_regclass('otklik_migrations') IS NOT NULL AS present",
  );
  const migrations = migrationsPresent[0]?.present
    ? await tx.query<{ set: string; tag: string; hash: string }>(
        `SELECT set_name AS set, tag, hash FROM otklik_migrations ORDER BY position`,
      )
    : [];
  const tables: ManifestTable[] = [];
  for (const table of await listTables(tx)) {
    tables.push({ ...table, ...(await digestTable(tx, table)) });
  }
  return {
    format: "otklik-backup",
    formatVersion: 1,
    createdAt: clock.now().toISOString(),
    source: { kind: db.kind, serverVersion: (await serverVersion(tx)).text, location: db.location },
    migrations: migrations.map((row) => ({ set: row.set, tag: row.tag, hash: row.hash })),
    jobSchemas: await listJobSchemas(tx),
    tables,
    sequences: await readSequences(tx),
  };
}

async function* readRows(
  tx: Transaction,
  table: ManifestTable,
  batchSize: number,
): AsyncGenerator<TextRow[]> {
  if (table.columns.length === 0) {
    // A table without data columns still has rows: each is an empty tuple.
    let left = table.rows;
    while (left > 0) {
      const size = Math.min(left, batchSize);
      yield Array.from({ length: size }, () => []);
      left -= size;
    }
    return;
  }
  const columns = table.columns.map((column, index) => `${quoteIdent(column.name)}::text AS c${index}`);
  await tx.query(
    `DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${columns.join(", ")} FROM ${qualified(table)}`,
  );
  try {
    for (;;) {
      const rows = await tx.query<Record<string, string | null>>(`FETCH FORWARD ${batchSize} FROM ${CURSOR}`);
      if (rows.length === 0) return;
      yield rows.map((row) => table.columns.map((_, index) => row[`c${index}`] ?? null));
      if (rows.length < batchSize) return;
    }
  } finally {
    await tx.query(`CLOSE ${CURSOR}`);
  }
}
