import { newId } from "@otklik/core";
import { requirePermission } from "../access/require-permission.js";
import { auditSnapshot } from "../audit/audit-snapshot.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { officials } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { NewOfficial, type Official } from "./official.js";
import { OFFICIAL_PERSONAL_FIELDS, officialSnapshot, toOfficials } from "./official-record.js";

/** Adds a deputy head of the administration (departments name their overseeing official). */
export async function createOfficial(context: ServiceContext, input: NewOfficial): Promise<Official> {
  requirePermission(context.actor, "official:create");
  const fields = parseInput(NewOfficial, input);
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const [row] = await orm(transaction)
      .insert(officials)
      .values({
        id: newId("off", now),
        fullName: fields.fullName,
        position: fields.position,
        email: fields.email ?? null,
        phone: fields.phone ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(transaction, context, {
      action: "official.create",
      objectType: "official",
      objectId: row!.id,
      after: auditSnapshot(officialSnapshot(row!), OFFICIAL_PERSONAL_FIELDS),
    });
    const [official] = await toOfficials(transaction, [row!]);
    return official!;
  });
}
