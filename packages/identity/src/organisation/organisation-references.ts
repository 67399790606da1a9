import { OtklikError } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import { departments, officials, users } from "../schema.js";
import { orm } from "../storage/database.js";
import type { DepartmentChanges } from "./department.js";

function missing(field: string, id: string): OtklikError {
  const message = `Нет записи ${id} / No record ${id}`;
  return new OtklikError("validation_failed", message, { details: [{ path: [field], message }] });
}

/**
 * Checks the parent department, overseeing official and head named by a
 * department's fields exist, and that the parent chain does not loop back to `selfId`.
 */
export async function assertReferencesExist(
  db: Executor,
  fields: DepartmentChanges,
  selfId?: string,
): Promise<void> {
  const query = orm(db);
  if (fields.officialId) {
    const [found] = await query
      .select({ id: officials.id })
      .from(officials)
      .where(eq(officials.id, fields.officialId));
    if (!found) throw missing("officialId", fields.officialId);
  }
  if (fields.headUserId) {
    const [found] = await query.select({ id: users.id }).from(users).where(eq(users.id, fields.headUserId));
    if (!found) throw missing("headUserId", fields.headUserId);
  }
  let parentId = fields.parentId ?? null;
  const seen = new Set<string>();
  while (parentId) {
    if (parentId === selfId || seen.has(parentId)) {
      const message = "Управление не может входить само в себя / A department cannot contain itself";
      throw new OtklikError("validation_failed", message, { details: [{ path: ["parentId"], message }] });
    }
    seen.add(parentId);
    const [parent] = await query
      .select({ parentId: departments.parentId })
      .from(departments)
      .where(eq(departments.id, parentId));
    if (!parent) {
      if (parentId === fields.parentId) throw missing("parentId", parentId);
      break;
    }
    parentId = parent.parentId;
  }
}
