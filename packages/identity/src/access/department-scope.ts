import { notFound } from "@otklik/core";
import { type Column, eq, type SQL, sql } from "drizzle-orm";
import type { DepartmentScope } from "./require-permission.js";

/**
 * Department scoping, the one mechanism every package uses for records that
 * belong to a department: lists filter with {@link scopeToDepartment}, reads and
 * changes of one record check {@link assertInScope}. A record outside the scope
 * answers "not found", never "forbidden", so guessing ids reveals nothing.
 */

/**
 * The SQL condition restricting a query to the records `scope` reaches, or
 * `undefined` when it reaches all (combine with `and(...)`, which skips it).
 */
export function scopeToDepartment(scope: DepartmentScope, departmentColumn: Column): SQL | undefined {
  if (scope.reach === "all") return undefined;
  if (scope.departmentId === null) return sql`false`;
  return eq(departmentColumn, scope.departmentId);
}

/** True when a record of department `departmentId` is within `scope`. */
export function isInScope(scope: DepartmentScope, departmentId: string | null): boolean {
  if (scope.reach === "all") return true;
  return scope.departmentId !== null && departmentId === scope.departmentId;
}

/**
 * Throws `not_found` for a record outside `scope`, the same answer as for a
 * record that does not exist. `what` names the record in the message («Пользователь / User»).
 */
export function assertInScope(scope: DepartmentScope, departmentId: string | null, what: string): void {
  if (!isInScope(scope, departmentId)) throw notFound(what);
}
