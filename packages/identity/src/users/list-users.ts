import { type Page, Pagination } from "@otklik/core";
import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { scopeToDepartment } from "../access/department-scope.js";
import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import { users } from "../schema.js";
import { orm } from "../storage/database.js";
import { cursorId, pageOfRows } from "../storage/pages.js";
import { parseInput } from "../storage/parse-input.js";
import type { User } from "./user.js";
import { toUser } from "./user-record.js";

/** Which accounts to list. */
export const UserQuery = Pagination.extend({ departmentId: z.string().min(1).max(64).optional() });
export type UserQuery = z.infer<typeof UserQuery>;

/** Lists staff accounts in creation order, limited to the actor's department where their role is. */
export async function listUsers(context: ServiceContext, query: UserQuery): Promise<Page<User>> {
  const scope = requirePermission(context.actor, "user:read");
  const { limit, cursor, departmentId } = parseInput(UserQuery, query);
  const after = cursorId(cursor);
  const rows = await orm(context.db)
    .select()
    .from(users)
    .where(
      and(
        scopeToDepartment(scope, users.departmentId),
        departmentId ? eq(users.departmentId, departmentId) : undefined,
        after ? gt(users.id, after) : undefined,
      ),
    )
    .orderBy(asc(users.id))
    .limit(limit + 1);
  return pageOfRows(rows, limit, toUser);
}
