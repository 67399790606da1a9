import { assertInScope } from "../access/department-scope.js";
import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import type { User } from "./user.js";
import { loadUser, toUser, USER_NOT_FOUND } from "./user-record.js";

/**
 * One staff account. A head or executor reads only their own department's
 * people: another department's account answers "not found", like a missing one.
 */
export async function getUser(context: ServiceContext, id: string): Promise<User> {
  const scope = requirePermission(context.actor, "user:read");
  const row = await loadUser(context.db, id);
  assertInScope(scope, row.departmentId, USER_NOT_FOUND);
  return toUser(row);
}
