import { notFound } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { asc, eq, inArray } from "drizzle-orm";
import { departments, officials } from "../schema.js";
import { orm } from "../storage/database.js";
import type { Official } from "./official.js";

export type OfficialRow = typeof officials.$inferSelect;

export const OFFICIAL_NOT_FOUND = "Должностное лицо / Official";

/** An official's name and contacts are about a person: the audit log records only that they changed. */
export const OFFICIAL_PERSONAL_FIELDS = ["fullName", "email", "phone"] as const;

/** The fields of an official the audit log compares. */
export function officialSnapshot(row: OfficialRow): Record<string, unknown> {
  return { fullName: row.fullName, position: row.position, email: row.email, phone: row.phone };
}

/** Officials as services answer them, each with the departments they oversee. */
export async function toOfficials(db: Executor, rows: OfficialRow[]): Promise<Official[]> {
  const ids = rows.map((row) => row.id);
  const overseen =
    ids.length === 0
      ? []
      : await orm(db)
          .select({ id: departments.id, officialId: departments.officialId })
          .from(departments)
          .where(inArray(departments.officialId, ids))
          .orderBy(asc(departments.id));
  return rows.map((row) => ({
    id: row.id,
    fullName: row.fullName,
    position: row.position,
    email: row.email,
    phone: row.phone,
    departmentIds: overseen.filter((department) => department.officialId === row.id).map(({ id }) => id),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** The official row with `id`, or `not_found`. */
export async function loadOfficial(db: Executor, id: string): Promise<OfficialRow> {
  const [row] = await orm(db).select().from(officials).where(eq(officials.id, id)).limit(1);
  if (!row) throw notFound(OFFICIAL_NOT_FOUND);
  return row;
}
