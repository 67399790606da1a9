// What a database holds, read from its catalog the same way on PGlite (PostgreSQL 18) and
// PostgreSQL 15+: tables, their columns, sequences, pg-boss schemas, and each table's checksum.
import type { Executor } from "../connection/database.js";

/** A column that is copied: generated columns are left out (the target computes them). */
export interface ColumnInfo {
  name: string;
  /** `format_type()` of the column, used to cast its text back on the target. */
  type: string;
}

export interface TableInfo {
  schema: string;
  name: string;
  columns: ColumnInfo[];
  /** True when a column is `GENERATED ALWAYS AS IDENTITY`: inserting its value needs `OVERRIDING SYSTEM VALUE`. */
  identityAlways: boolean;
}

export interface SequenceState {
  schema: string;
  name: string;
  /** int8 as text, so no precision is lost on the way. */
  lastValue: string;
  isCalled: boolean;
  /**
   * How to make it where it is missing: code may create sequences at run time (the incident
   * desk's registration numbers, one sequence per year), which no migration makes on the target.
   */
  definition: string;
}

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const qualified = (table: { schema: string; name: string }): string =>
  `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
export const tableKey = (table: { schema: string; name: string }): string => `${table.schema}.${table.name}`;

/** Schemas of the system (and of other sessions' temporary tables), never copied. */
const USER_SCHEMA = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;
/** Objects that belong to an extension (pg_trgm) are made by `CREATE EXTENSION`, not copied. */
const NOT_EXTENSION = `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;

/**
 * Text output that is the same on every server and session: a value's text is what is copied
 * and what the checksums are computed from. Run inside a transaction (`SET LOCAL`).
 */
export const STABLE_TEXT_SETTINGS = [
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  "SET LOCAL extra_float_digits = 1",
  "SET LOCAL bytea_output = 'hex'",
].join(";\n");

/** The non-system schemas. */
export async function listSchemas(db: Executor): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT n.nspname AS name FROM pg_namespace n WHERE ${USER_SCHEMA} ORDER BY n.nspname COLLATE "C"`,
  );
  return rows.map((row) => row.name);
}

/**
 * Every table outside the system schemas, partitions excepted (their rows are read and written
 * through the partitioned parent), with the columns that hold data, in column order.
 */
export async function listTables(db: Executor): Promise<TableInfo[]> {
  const rows = await db.query<{
    schema: string;
    name: string;
    column: string | null;
    type: string | null;
    identity: string | null;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name, a.attname AS column,
            format_type(a.atttypid, a.atttypmod) AS type, a.attidentity::text AS identity
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${USER_SCHEMA} AND ${NOT_EXTENSION}
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", a.attnum`,
  );
  const tables = new Map<string, TableInfo>();
  for (const row of rows) {
    const key = tableKey(row);
    let table = tables.get(key);
    if (!table) {
      table = { schema: row.schema, name: row.name, columns: [], identityAlways: false };
      tables.set(key, table);
    }
    if (row.column !== null && row.type !== null) {
      table.columns.push({ name: row.column, type: row.type });
      if (row.identity === "a") table.identityAlways = true;
    }
  }
  return [...tables.values()];
}

/** Every sequence outside the system schemas (identity and serial ones included) and where it stands. */
export async function readSequences(db: Executor): Promise<SequenceState[]> {
  const names = await db.query<{ schema: string; name: string; definition: string }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            'AS ' || format_type(s.seqtypid, NULL) || ' INCREMENT BY ' || s.seqincrement || ' MINVALUE ' || s.seqmin ||
            ' MAXVALUE ' || s.seqmax || ' START WITH ' || s.seqstart || ' CACHE ' || s.seqcache ||
            CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END AS definition
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
      WHERE c.relkind = 'S' AND ${USER_SCHEMA} AND ${NOT_EXTENSION}
      ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`,
  );
  const states: SequenceState[] = [];
  for (const sequence of names) {
    const [state] = await db.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${qualified(sequence)}`,
    );
    if (state) states.push({ ...sequence, lastValue: state.last_value, isCalled: state.is_called });
  }
  return states;
}

/** A pg-boss schema: its tables `version`, `queue` and `job` and its `create_queue` function. */
export interface JobSchemaInfo {
  schema: string;
  version: number;
  queues: string[];
}

export async function listJobSchemas(db: Executor): Promise<JobSchemaInfo[]> {
  const schemas = await db.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_namespace n
      WHERE ${USER_SCHEMA}
        AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'version' AND c.relkind = 'r')
        AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'queue' AND c.relkind = 'r')
        AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relname = 'job' AND c.relkind = 'p')
        AND EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = n.oid AND p.proname = 'create_queue')
      ORDER BY n.nspname COLLATE "C"`,
  );
  const found: JobSchemaInfo[] = [];
  for (const { schema } of schemas) {
    const [version] = await db.query<{ version: number }>(
      `SELECT version::int AS version FROM ${quoteIdent(schema)}.version`,
    );
    const queues = await db.query<{ name: string }>(
      `SELECT name FROM ${quoteIdent(schema)}.queue ORDER BY name COLLATE "C"`,
    );
    if (version) found.push({ schema, version: version.version, queues: queues.map((queue) => queue.name) });
  }
  return found;
}

/** The count and checksum of a table's rows. */
export interface TableDigest {
  rows: number;
  checksum: string;
}

/**
 * Counts a table's rows and digests them: md5 of each row's text (`ROW(columns…)::text`, the
 * columns in the order given), the digests sorted bytewise and md5'ed together. It does not depend
 * on the rows' physical order, the server's collation or its version, so the source and the
 * target compute it the same way. Needs {@link STABLE_TEXT_SETTINGS} in the transaction.
 */
export async function digestTable(db: Executor, table: TableInfo): Promise<TableDigest> {
  const row =
    table.columns.length > 0
      ? `ROW(${table.columns.map((column) => quoteIdent(column.name)).join(", ")})::text`
      : "''";
  const [result] = await db.query<{ rows: string; checksum: string }>(
    `SELECT count(*)::text AS rows, md5(coalesce(string_agg(h, '' ORDER BY h COLLATE "C"), '')) AS checksum
       FROM (SELECT md5(${row}) AS h FROM ${qualified(table)}) AS digests`,
  );
  return { rows: Number(result?.rows ?? 0), checksum: result?.checksum ?? "" };
}

/** The server's version number (`150020` for 15.20; PGlite answers its PostgreSQL's). */
export async function serverVersion(db: Executor): Promise<{ number: number; text: string }> {
  const [row] = await db.query<{ number: string; text: string }>(
    "SELECT current_setting('server_version_num') AS number, current_setting('server_version') AS text",
  );
  return { number: Number(row?.number ?? 0), text: row?.text ?? "" };
}
