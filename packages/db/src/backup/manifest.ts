import { z } from "zod";

const Name = z.string().min(1).max(63);

/**
 * What a snapshot of a database holds, recorded before its rows: the migrations applied, the
 * pg-boss schemas and their queues, every table with its columns, row count and checksum, and
 * every sequence's position. The first line of a backup archive; the restore checks against it.
 */
export const SnapshotManifest = z.object({
  format: z.literal("otklik-backup"),
  formatVersion: z.literal(1),
  createdAt: z.iso.datetime(),
  source: z.object({
    kind: z.enum(["pglite", "postgres"]),
    serverVersion: z.string(),
    location: z.string(),
  }),
  migrations: z.array(z.object({ set: z.string().min(1), tag: z.string().min(1), hash: z.string().min(1) })),
  jobSchemas: z.array(
    z.object({ schema: Name, version: z.number().int().positive(), queues: z.array(z.string()) }),
  ),
  tables: z.array(
    z.object({
      schema: Name,
      name: Name,
      columns: z.array(z.object({ name: Name, type: z.string().min(1).max(200) })),
      identityAlways: z.boolean(),
      rows: z.number().int().min(0),
      checksum: z.string().regex(/^[0-9a-f]{32}$/),
    }),
  ),
  sequences: z.array(
    z.object({
      schema: Name,
      name: Name,
      lastValue: z.string().regex(/^-?\d{1,20}$/),
      isCalled: z.boolean(),
      definition: z
        .string()
        .regex(
          /^AS (smallint|integer|bigint) INCREMENT BY -?\d+ MINVALUE -?\d+ MAXVALUE -?\d+ START WITH -?\d+ CACHE \d+ (NO )?CYCLE$/,
        ),
    }),
  ),
});
export type SnapshotManifest = z.infer<typeof SnapshotManifest>;
export type ManifestTable = SnapshotManifest["tables"][number];

/** One row as text values, in the manifest's column order (`null` for SQL NULL). */
export type TextRow = (string | null)[];

/** A consistent view of a database: its manifest, then each table's rows in the manifest's order. */
export interface SnapshotSource {
  readonly manifest: SnapshotManifest;
  /** The table's rows in batches. Call it once per table, in the manifest's order. */
  rows(table: ManifestTable, batchSize: number): AsyncIterable<TextRow[]>;
}
