import { notFound, OtklikError } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import { departments } from "../schema.js";
import { orm } from "../storage/database.js";
import { type Department, DepartmentPublicCard } from "./department.js";

export type DepartmentRow = typeof departments.$inferSelect;

export const DEPARTMENT_NOT_FOUND = "Управление / Department";

/** The department as services answer it. */
export function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    name: row.name,
    shortName: row.shortName,
    parentId: row.parentId,
    officialId: row.officialId,
    headUserId: row.headUserId,
    contacts: { email: row.email, phone: row.phone, address: row.address },
    publicCard: publicCardOf(row),
    calendarKey: row.calendarKey,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The stored public card, read through its schema (a field it no longer knows is left out). */
export function publicCardOf(row: DepartmentRow): DepartmentPublicCard | null {
  if (!row.publicCard) return null;
  const parsed = DepartmentPublicCard.safeParse(row.publicCard);
  return parsed.success ? parsed.data : null;
}

/** The fields of a department the audit log compares (none of them personal). */
export function departmentSnapshot(row: DepartmentRow): Record<string, unknown> {
  const { createdAt: _created, updatedAt: _updated, ...fields } = row;
  return fields;
}

/** The department row with `id`, or `not_found`. */
export async function loadDepartment(db: Executor, id: string): Promise<DepartmentRow> {
  const [row] = await orm(db).select().from(departments).where(eq(departments.id, id)).limit(1);
  if (!row) throw notFound(DEPARTMENT_NOT_FOUND);
  return row;
}

/**
 * Checks that a department named in an input exists: a reference to a missing
 * one is the client's mistake (422 on that field), not a missing resource (404).
 */
export async function assertDepartmentExists(db: Executor, id: string, field: string): Promise<void> {
  const [row] = await orm(db)
    .select({ id: departments.id })
    .from(departments)
    .where(eq(departments.id, id))
    .limit(1);
  if (!row) {
    const message = `Нет управления ${id} / No department ${id}`;
    throw new OtklikError("validation_failed", message, { details: [{ path: [field], message }] });
  }
}
