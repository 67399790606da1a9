import { eq } from "drizzle-orm";
import { requirePermission } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { apiTokens } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import type { ApiToken } from "./api-token.js";
import { loadApiToken, toApiToken } from "./api-token-record.js";

/** Revokes a token: the next request with it is refused. Revoking twice changes nothing. */
export async function revokeApiToken(context: ServiceContext, id: string): Promise<ApiToken> {
  requirePermission(context.actor, "token:revoke");
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const before = await loadApiToken(transaction, id);
    if (before.revokedAt) return toApiToken(before);
    const [after] = await orm(transaction)
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(eq(apiTokens.id, id))
      .returning();
    await recordAudit(transaction, context, {
      action: "token.revoke",
      objectType: "token",
      objectId: id,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString() },
    });
    return toApiToken(after!);
  });
}
