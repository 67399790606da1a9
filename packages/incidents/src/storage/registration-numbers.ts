import type { Executor } from "@otklik/db";
import { formatRegistrationNumber } from "../numbers/registration-number.js";

/**
 * Registration numbers come from one PostgreSQL sequence per year (`incident_registration_2026`),
 * made on first use. A sequence hands out numbers without locking anything, so concurrent intakes
 * never wait for each other's commits; the price is that a number taken by a transaction that then
 * rolls back is not reused (a gap in the year's registry, see the README's decisions).
 */
export function registrationSequenceName(year: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) {
    throw new RangeError(`Год вне диапазона / year out of range: ${year}`);
  }
  return `incident_registration_${year}`;
}

/** The advisory-lock key under which a year's sequence is made (two first intakes of a year at once). */
const SEQUENCE_LOCK_KEY = "incidents:registration-sequence";

/**
 * Makes the year's sequence when it does not exist yet, in the caller's transaction, continuing after
 * the last number already handed out that year (by the older counter table or stored on incidents).
 * Two transactions making it at once serialise on an advisory lock; the second finds it made.
 */
export async function ensureRegistrationSequence(tx: Executor, year: number): Promise<void> {
  const name = registrationSequenceName(year);
  await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [SEQUENCE_LOCK_KEY]);
  const [state] = await tx.query<{ made: boolean; last: number }>(
    `SELECT to_regclass($1) IS NOT NULL AS made,
            GREATEST(
              (SELECT last_sequence FROM incident_registration_counters WHERE year = $2),
              (SELECT max(sequence) FROM incidents WHERE year = $2),
              0
            )::int AS last`,
    [name, year],
  );
  if (state?.made) return;
  const start = Number(state?.last ?? 0) + 1;
  // Name and start are integers checked above, so they are safe to write into the statement.
  await tx.query(
    `CREATE SEQUENCE IF NOT EXISTS ${name} AS integer MINVALUE 1 MAXVALUE 999999 START WITH ${start} NO CYCLE`,
  );
}

/**
 * Allocates the next registration number of `year` in the caller's transaction (the intake itself
 * takes its number inside its one insert statement; this is for other callers). Concurrent callers
 * never share a number and never wait for each other.
 */
export async function allocateRegistrationNumber(
  tx: Executor,
  year: number,
): Promise<{ number: string; year: number; sequence: number }> {
  const name = registrationSequenceName(year);
  const [made] = await tx.query<{ made: boolean }>("SELECT to_regclass($1) IS NOT NULL AS made", [name]);
  if (!made?.made) await ensureRegistrationSequence(tx, year);
  const rows = await tx.query<{ sequence: number }>("SELECT nextval($1::regclass)::int AS sequence", [name]);
  const sequence = Number(rows[0]?.sequence);
  return { number: formatRegistrationNumber({ year, sequence }), year, sequence };
}

const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** The year of an instant in the city's time zone (numbers restart on 1 January there). */
export function yearInZone(at: Date, timeZone: string): number {
  let format = yearFormats.get(timeZone);
  if (!format) {
    // Building a formatter costs about as much as a database round trip: one per zone, kept.
    format = new Intl.DateTimeFormat("en", { timeZone, year: "numeric" });
    yearFormats.set(timeZone, format);
  }
  return Number(format.format(at));
}
