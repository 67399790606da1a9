import { conflict } from "@otklik/core";
import { and, eq, isNull } from "drizzle-orm";
import { requirePermission } from "../access/require-permission.js";
import { auditChange } from "../audit/audit-snapshot.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { assertDepartmentExists } from "../organisation/department-record.js";
import { sessions, users } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { type User, UserChanges } from "./user.js";
import { findUserByEmail, loadUser, toUser, USER_PERSONAL_FIELDS, userSnapshot } from "./user-record.js";

/**
 * Changes a staff account. Roles and department take effect on the person's
 * next request; deactivating ends their sessions at once.
 */
export async function updateUser(context: ServiceContext, id: string, input: UserChanges): Promise<User> {
  requirePermission(context.actor, "user:update");
  const changes = parseInput(UserChanges, input);
  const now = context.clock.now();

  return inTransaction(context.db, async (transaction) => {
    const before = await loadUser(transaction, id);
    if (changes.email !== undefined && changes.email !== before.email) {
      if (await findUserByEmail(transaction, changes.email)) {
        throw conflict(`Адрес ${changes.email} уже занят / The address ${changes.email} is taken`);
      }
    }
    if (changes.departmentId) await assertDepartmentExists(transaction, changes.departmentId, "departmentId");
    const [after] = await orm(transaction)
      .update(users)
      .set({ ...changes, updatedAt: now })
      .where(eq(users.id, id))
      .returning();
    if (changes.active === false) {
      await orm(transaction)
        .update(sessions)
        .set({ revokedAt: now })
        .where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
    }
    await recordAudit(transaction, context, {
      action: "user.update",
      objectType: "user",
      objectId: id,
      departmentId: after!.departmentId,
      ...auditChange(userSnapshot(before), userSnapshot(after!), USER_PERSONAL_FIELDS),
    });
    return toUser(after!);
  });
}
