import { eq } from "drizzle-orm";
import { requirePermission } from "../access/require-permission.js";
import { auditChange } from "../audit/audit-snapshot.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { officials } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { type Official, OfficialChanges } from "./official.js";
import { loadOfficial, OFFICIAL_PERSONAL_FIELDS, officialSnapshot, toOfficials } from "./official-record.js";

/** Changes an official's name, position or contacts. */
export async function updateOfficial(
  context: ServiceContext,
  id: string,
  input: OfficialChanges,
): Promise<Official> {
  requirePermission(context.actor, "official:update");
  const changes = parseInput(OfficialChanges, input);
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const before = await loadOfficial(transaction, id);
    const [after] = await orm(transaction)
      .update(officials)
      .set({ ...changes, updatedAt: now })
      .where(eq(officials.id, id))
      .returning();
    await recordAudit(transaction, context, {
      action: "official.update",
      objectType: "official",
      objectId: id,
      ...auditChange(officialSnapshot(before), officialSnapshot(after!), OFFICIAL_PERSONAL_FIELDS),
    });
    const [official] = await toOfficials(transaction, [after!]);
    return official!;
  });
}
