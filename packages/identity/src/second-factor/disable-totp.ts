import { conflict, OtklikError } from "@otklik/core";
import { eq } from "drizzle-orm";
import { requireSignedInUser } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { users } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { loadUser } from "../users/user-record.js";
import { TotpCode, WRONG_CODE } from "./confirm-totp.js";
import { verifyTotp } from "./totp.js";

/** Turns the signed-in person's second factor off; a current code proves they still hold it. */
export async function disableTotp(context: ServiceContext, input: TotpCode): Promise<void> {
  const actor = requireSignedInUser(context.actor);
  const { code } = parseInput(TotpCode, input);
  const now = context.clock.now();
  await inTransaction(context.db, async (transaction) => {
    const user = await loadUser(transaction, actor.userId);
    if (!user.totpSecret) throw conflict("Второй фактор не включён / The second factor is off");
    const step = verifyTotp({ secret: user.totpSecret, code, at: now, lastUsedStep: user.totpLastStep });
    if (step === undefined) {
      throw new OtklikError("validation_failed", WRONG_CODE, {
        details: [{ path: ["code"], message: WRONG_CODE }],
      });
    }
    await orm(transaction)
      .update(users)
      .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null, updatedAt: now })
      .where(eq(users.id, user.id));
    await recordAudit(transaction, context, {
      action: "user.totp-disable",
      objectType: "user",
      objectId: user.id,
      departmentId: user.departmentId,
      before: { totpEnabled: true },
      after: { totpEnabled: false },
    });
  });
}
