import { type Page, Pagination } from "@otklik/core";
import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import { departments } from "../schema.js";
import { orm } from "../storage/database.js";
import { cursorId, pageOfRows } from "../storage/pages.js";
import { parseInput } from "../storage/parse-input.js";
import type { Department } from "./department.js";
import { toDepartment } from "./department-record.js";

/** Which departments to list: all, or those under one parent or overseen by one official. */
export const DepartmentQuery = Pagination.extend({
  parentId: z.string().min(1).max(64).optional(),
  officialId: z.string().min(1).max(64).optional(),
});
export type DepartmentQuery = z.infer<typeof DepartmentQuery>;

/** Lists departments in creation order. */
export async function listDepartments(
  context: ServiceContext,
  query: DepartmentQuery,
): Promise<Page<Department>> {
  requirePermission(context.actor, "department:read");
  const { limit, cursor, parentId, officialId } = parseInput(DepartmentQuery, query);
  const after = cursorId(cursor);
  const rows = await orm(context.db)
    .select()
    .from(departments)
    .where(
      and(
        parentId ? eq(departments.parentId, parentId) : undefined,
        officialId ? eq(departments.officialId, officialId) : undefined,
        after ? gt(departments.id, after) : undefined,
      ),
    )
    .orderBy(asc(departments.id))
    .limit(limit + 1);
  return pageOfRows(rows, limit, toDepartment);
}
