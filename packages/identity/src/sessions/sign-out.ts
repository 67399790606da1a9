import { and, eq, isNull } from "drizzle-orm";
import { requireSignedInUser } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { sessions } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";

/** Ends the actor's current session: its cookie stops working at once. */
export async function signOut(context: ServiceContext): Promise<void> {
  const actor = requireSignedInUser(context.actor);
  if (!actor.sessionId) return;
  const sessionId = actor.sessionId;
  const now = context.clock.now();
  await inTransaction(context.db, async (transaction) => {
    const ended = await orm(transaction)
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    if (ended.length === 0) return;
    await recordAudit(transaction, context, {
      action: "session.revoke",
      objectType: "session",
      objectId: sessionId,
      departmentId: actor.departmentId,
      after: { userId: actor.userId, reason: "sign-out" },
    });
  });
}
