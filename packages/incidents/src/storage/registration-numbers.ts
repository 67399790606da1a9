import type { Executor } from "@otklik/db";
import { formatRegistrationNumber } from "../numbers/registration-number.js";

/**
 * Allocates the next registration number of `year` in the caller's transaction: one counter row per
 * year, bumped with an upsert, so concurrent intakes serialise on that row and never share a number
 * (a rolled-back intake leaves no gap either, since its bump rolls back too).
 */
export async function allocateRegistrationNumber(
  tx: Executor,
  year: number,
): Promise<{ number: string; year: number; sequence: number }> {
  const rows = await tx.query<{ last_sequence: number }>(
    `INSERT INTO incident_registration_counters (year, last_sequence) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last_sequence = incident_registration_counters.last_sequence + 1
     RETURNING last_sequence`,
    [year],
  );
  const sequence = Number(rows[0]?.last_sequence);
  return { number: formatRegistrationNumber({ year, sequence }), year, sequence };
}

/** The year of an instant in the city's time zone (numbers restart on 1 January there). */
export function yearInZone(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(at));
}
