// Hostile values and the "nothing changed" fingerprint shared by the fuzz tests (fuzz.test.ts for the
// OpenAPI document, fuzz-open311.test.ts for Open311 GeoReport v2).
import type { Database } from "@otklik/db";
import fc from "fast-check";

/**
 * Tables a refused request may legitimately write: the audit log and sign-in attempt records (a
 * refused sign-in is itself a security event worth keeping) and the session's last-seen time.
 */
export const MAY_CHANGE_ON_REFUSAL = /\.identity_(audit_log|sign_in_failures|sessions)$/u;

/** Columns a refused request may touch in a table that must otherwise stay as it was: an API token's last use. */
const MAY_CHANGE_COLUMNS: Record<string, string[]> = { "public.identity_api_tokens": ["last_used_at"] };

export const HOSTILE_STRINGS = [
  "' OR '1'='1' --",
  "'; DROP TABLE incidents; --",
  '"><script>alert(1)</script>',
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "../../../../etc/passwd",
  "%00",
  "\u0000",
  "\ud800",
  "\ufeff",
  "𝕆𝕥𝕜𝕝𝕚𝕜 🚧",
  "${jndi:ldap://x/a}",
  "{{7*7}}",
  "NaN",
  "-1",
  "1e309",
  "9".repeat(400),
  "Ё".repeat(20_000),
  " ",
  "",
];

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

export const hostileScalar = fc.oneof(
  hostileString,
  fc.constantFrom(Number.MAX_SAFE_INTEGER, -1, 0, 1e300, -1e300, 0.5, true, false, null),
  fc.integer(),
  fc.double(),
);

/** JSON text nested `depth` levels deep (as text: fast-check could not print the value itself). */
export const deep = (depth: number, inArray: boolean): Uint8Array =>
  new TextEncoder().encode(
    inArray ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

/** One hash per table (rows sorted), in one round trip: what a refused request must leave alone. */
export async function fingerprintQuery(db: Database): Promise<string> {
  const tables = await db.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1, 2`,
  );
  const columns = tables
    .filter((table) => !MAY_CHANGE_ON_REFUSAL.test(`${table.schema}.${table.name}`))
    .map((table) => {
      const key = `${table.schema}.${table.name}`;
      const skipped = MAY_CHANGE_COLUMNS[key];
      const row = skipped
        ? `(to_jsonb(t) - ${skipped.map((column) => `'${column}'`).join(" - ")})::text`
        : "t::text";
      return `(SELECT md5(coalesce(string_agg(${row}, '|' ORDER BY ${row}), '')) FROM "${table.schema}"."${table.name}" t) AS "${key}"`;
    });
  return `SELECT ${columns.join(", ")}`;
}
