import { newId } from "@otklik/core";
import { requirePermission } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { departments } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { type Department, NewDepartment } from "./department.js";
import { departmentSnapshot, toDepartment } from "./department-record.js";
import { assertReferencesExist } from "./organisation-references.js";

/** Adds a department of the administration. */
export async function createDepartment(context: ServiceContext, input: NewDepartment): Promise<Department> {
  requirePermission(context.actor, "department:create");
  const fields = parseInput(NewDepartment, input);
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    await assertReferencesExist(transaction, fields);
    const [row] = await orm(transaction)
      .insert(departments)
      .values({
        id: newId("dep", now),
        name: fields.name,
        shortName: fields.shortName,
        parentId: fields.parentId ?? null,
        officialId: fields.officialId ?? null,
        headUserId: fields.headUserId ?? null,
        email: fields.contacts?.email ?? null,
        phone: fields.contacts?.phone ?? null,
        address: fields.contacts?.address ?? null,
        publicCard: fields.publicCard ?? null,
        calendarKey: fields.calendarKey ?? "default",
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(transaction, context, {
      action: "department.create",
      objectType: "department",
      objectId: row!.id,
      departmentId: row!.id,
      after: departmentSnapshot(row!),
    });
    return toDepartment(row!);
  });
}
