import { conflict, newId, OtklikError } from "@otklik/core";
import { requirePermission } from "../access/require-permission.js";
import { auditSnapshot } from "../audit/audit-snapshot.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { assertDepartmentExists } from "../organisation/department-record.js";
import {
  hashPassword,
  type PasswordHashing,
  PRODUCTION_PASSWORD_HASHING,
} from "../passwords/password-hashing.js";
import { passwordProblem } from "../passwords/password-policy.js";
import { users } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { NewUser, type User } from "./user.js";
import { findUserByEmail, toUser, USER_PERSONAL_FIELDS, userSnapshot } from "./user-record.js";

/** Creates a staff account. Only an administrator may; the e-mail must be free. */
export async function createUser(
  context: ServiceContext,
  input: NewUser,
  options: { passwordHashing?: PasswordHashing } = {},
): Promise<User> {
  requirePermission(context.actor, "user:create");
  const fields = parseInput(NewUser, input);
  if (fields.password !== undefined) {
    const problem = passwordProblem(fields.password, fields.email);
    if (problem) {
      throw new OtklikError("validation_failed", problem, {
        details: [{ path: ["password"], message: problem }],
      });
    }
  }
  // Hash outside the transaction: it is the slow part and needs no lock.
  const passwordHash =
    fields.password === undefined
      ? null
      : await hashPassword(fields.password, options.passwordHashing ?? PRODUCTION_PASSWORD_HASHING);
  const now = context.clock.now();

  return inTransaction(context.db, async (transaction) => {
    if (await findUserByEmail(transaction, fields.email)) {
      throw conflict(`Адрес ${fields.email} уже занят / The address ${fields.email} is taken`);
    }
    if (fields.departmentId) await assertDepartmentExists(transaction, fields.departmentId, "departmentId");
    const [row] = await orm(transaction)
      .insert(users)
      .values({
        id: newId("usr", now),
        email: fields.email,
        fullName: fields.fullName,
        departmentId: fields.departmentId ?? null,
        roles: fields.roles,
        active: true,
        passwordHash,
        passwordChangedAt: passwordHash ? now : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(transaction, context, {
      action: "user.create",
      objectType: "user",
      objectId: row!.id,
      departmentId: row!.departmentId,
      after: auditSnapshot(userSnapshot(row!), USER_PERSONAL_FIELDS),
    });
    return toUser(row!);
  });
}
