import { type Clock, systemClock } from "@otklik/core";
import type { Database } from "../connection/database.js";
import type { MigrationSet } from "../migrations/migration-set.js";
import { type ArchiveProgress, openArchive, writeArchive } from "./archive.js";
import { withDatabaseSnapshot } from "./database-source.js";
import { type CopyProgress, type LoadReport, loadSnapshot } from "./load.js";
import type { SnapshotManifest } from "./manifest.js";

const DEFAULT_BATCH_SIZE = 500;

export interface BackupOptions {
  /** The archive to write; an existing file is refused. */
  file: string;
  batchSize?: number | undefined;
  onProgress?: ((progress: ArchiveProgress) => void) | undefined;
  clock?: Clock | undefined;
}

export interface BackupResult {
  file: string;
  bytes: number;
  manifest: SnapshotManifest;
}

/**
 * Writes a consistent logical copy of `db` (PGlite or PostgreSQL) to an archive: the migrations
 * applied, every table's rows as text with its count and checksum, every sequence's position.
 * On PostgreSQL it runs while the API works (one REPEATABLE READ snapshot); a PGlite data folder
 * must not be open in another process.
 */
export async function backupDatabase(db: Database, options: BackupOptions): Promise<BackupResult> {
  return withDatabaseSnapshot(db, options.clock ?? systemClock, async (source) => {
    const bytes = await writeArchive(source, options.file, {
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      onProgress: options.onProgress,
    });
    return { file: options.file, bytes, manifest: source.manifest };
  });
}

export interface RestoreOptions {
  file: string;
  /** Every migration set of the application, in dependency order. */
  migrations: readonly MigrationSet[];
  /** Erase a target that holds data. */
  force?: boolean | undefined;
  batchSize?: number | undefined;
  onProgress?: ((progress: CopyProgress) => void) | undefined;
}

/**
 * Loads an archive into `db` in one transaction and verifies every table's count and checksum and
 * every sequence against the archive's manifest before committing. A target with data is refused
 * unless `force`; a damaged archive or a failed check leaves the target as it was.
 */
export async function restoreDatabase(db: Database, options: RestoreOptions): Promise<LoadReport> {
  const archive = await openArchive(options.file);
  try {
    return await loadSnapshot(db, archive, options);
  } finally {
    archive.close();
  }
}

export interface MoveOptions {
  migrations: readonly MigrationSet[];
  force?: boolean | undefined;
  batchSize?: number | undefined;
  onProgress?: ((progress: CopyProgress) => void) | undefined;
  clock?: Clock | undefined;
}

/**
 * Copies everything in `source` (typically the embedded PGlite) into `target` (a PostgreSQL 15+
 * database): migrates the target with the same sets, copies every table of every schema — ours
 * and pg-boss's — with ids, timestamps, jsonb, bytea and sequences as they are, and verifies the
 * counts and checksums computed the same way on both sides before committing.
 */
export async function moveDatabase(
  source: Database,
  target: Database,
  options: MoveOptions,
): Promise<LoadReport> {
  return withDatabaseSnapshot(source, options.clock ?? systemClock, (snapshot) =>
    loadSnapshot(target, snapshot, options),
  );
}

/** The verification as a table for a terminal: one line per table and per sequence. */
export function formatLoadReport(report: LoadReport): string {
  const header = ["таблица / table", "строк / rows", "источник / source", "цель / target", ""];
  const lines = report.tables.map((table) => [
    table.table,
    table.sourceRows === table.targetRows
      ? String(table.targetRows)
      : `${table.sourceRows} → ${table.targetRows}`,
    table.sourceChecksum,
    table.targetChecksum,
    table.ok ? "ok" : "РАСХОЖДЕНИЕ / MISMATCH",
  ]);
  const sequenceLines = report.sequences.map((sequence) => [
    sequence.sequence,
    "",
    sequence.source,
    sequence.target,
    sequence.ok ? "ok" : "РАСХОЖДЕНИЕ / MISMATCH",
  ]);
  const body = [
    ...lines,
    ...(sequenceLines.length > 0 ? [["последовательность / sequence"], ...sequenceLines] : []),
  ];
  const rows = [header, ...body];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? "")].length)));
  const render = (row: string[]): string =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  const verified = report.tables.filter((table) => table.ok).length;
  const sequencesOk = report.sequences.filter((sequence) => sequence.ok).length;
  return [
    render(header),
    ...body.map(render),
    "",
    `Таблиц сверено / tables verified: ${verified}/${report.tables.length}; ` +
      `последовательностей / sequences: ${sequencesOk}/${report.sequences.length}; ` +
      `строк скопировано / rows copied: ${report.rows}`,
  ].join("\n");
}
