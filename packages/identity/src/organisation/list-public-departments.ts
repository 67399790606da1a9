import type { Executor } from "@otklik/db";
import { asc, isNotNull } from "drizzle-orm";
import { departments } from "../schema.js";
import { orm } from "../storage/database.js";
import type { DepartmentPublicCard } from "./department.js";
import { publicCardOf } from "./department-record.js";

/** A department as the city's site shows it: its names, its parent and the fields marked public. */
export interface PublicDepartment extends DepartmentPublicCard {
  id: string;
  name: string;
  shortName: string;
  parentId: string | null;
}

/**
 * The departments whose public card is filled, by name, with only the card's fields — never the
 * internal contacts, the head's account or the overseeing official's record. Public: no permission.
 */
export async function listPublicDepartments(context: { db: Executor }): Promise<PublicDepartment[]> {
  const rows = await orm(context.db)
    .select()
    .from(departments)
    .where(isNotNull(departments.publicCard))
    .orderBy(asc(departments.name), asc(departments.id));
  return rows.flatMap((row) => {
    const card = publicCardOf(row);
    if (!card) return [];
    return [{ id: row.id, name: row.name, shortName: row.shortName, parentId: row.parentId, ...card }];
  });
}
