import { eq } from "drizzle-orm";
import { requirePermission } from "../access/require-permission.js";
import { auditChange } from "../audit/audit-snapshot.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { departments } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { type Department, DepartmentChanges } from "./department.js";
import { departmentSnapshot, loadDepartment, toDepartment } from "./department-record.js";
import { assertReferencesExist } from "./organisation-references.js";

/** Changes a department: names, parent, overseeing official, head, contacts, calendar. */
export async function updateDepartment(
  context: ServiceContext,
  id: string,
  input: DepartmentChanges,
): Promise<Department> {
  requirePermission(context.actor, "department:update");
  const changes = parseInput(DepartmentChanges, input);
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const before = await loadDepartment(transaction, id);
    await assertReferencesExist(transaction, changes, id);
    const { contacts, ...plain } = changes;
    const [after] = await orm(transaction)
      .update(departments)
      .set({
        ...plain,
        ...(contacts?.email !== undefined ? { email: contacts.email } : {}),
        ...(contacts?.phone !== undefined ? { phone: contacts.phone } : {}),
        ...(contacts?.address !== undefined ? { address: contacts.address } : {}),
        updatedAt: now,
      })
      .where(eq(departments.id, id))
      .returning();
    await recordAudit(transaction, context, {
      action: "department.update",
      objectType: "department",
      objectId: id,
      departmentId: id,
      ...auditChange(departmentSnapshot(before), departmentSnapshot(after!), []),
    });
    return toDepartment(after!);
  });
}
