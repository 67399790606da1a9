// The same dump as identity's tests use: every row of every table, as a leaked backup would show it.
import type { Database } from "@otklik/db";

/** Every row of every table outside the system schemas, as JSON text: what a leaked backup would show. */
export async function dumpDatabase(db: Database): Promise<string> {
  const tables = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const lines: string[] = [];
  for (const table of tables) {
    const rows = await db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM "${table.schema}"."${table.name}" t`,
    );
    for (const { row } of rows) lines.push(`${table.schema}.${table.name} ${row}`);
  }
  return lines.join("\n");
}
