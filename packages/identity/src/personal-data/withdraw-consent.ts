import { eq } from "drizzle-orm";
import { requirePermission } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { consents } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import type { Consent } from "./consent.js";
import { loadConsent, toConsent } from "./consent-record.js";

/** Records that a person withdrew a consent (told the office by letter or phone). Withdrawing twice changes nothing. */
export async function withdrawConsent(context: ServiceContext, id: string): Promise<Consent> {
  requirePermission(context.actor, "consent:withdraw");
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const before = await loadConsent(transaction, id);
    if (before.withdrawnAt) return toConsent(before);
    const [after] = await orm(transaction)
      .update(consents)
      .set({ withdrawnAt: now })
      .where(eq(consents.id, id))
      .returning();
    await recordAudit(transaction, context, {
      action: "consent.withdraw",
      objectType: "consent",
      objectId: id,
      before: { withdrawnAt: null },
      after: { withdrawnAt: now.toISOString() },
    });
    return toConsent(after!);
  });
}
