import { conflict, OtklikError } from "@otklik/core";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { requireSignedInUser } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { users } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { loadUser } from "../users/user-record.js";
import { verifyTotp } from "./totp.js";

/** A code from the authenticator app. */
export const TotpCode = z.object({ code: z.string().trim().min(6).max(16) });
export type TotpCode = z.infer<typeof TotpCode>;

export const WRONG_CODE = "Неверный код подтверждения / Wrong confirmation code";

/** Finishes TOTP enrolment with a code from the app; from now on sign-in asks for a code. */
export async function confirmTotp(context: ServiceContext, input: TotpCode): Promise<void> {
  const actor = requireSignedInUser(context.actor);
  const { code } = parseInput(TotpCode, input);
  const now = context.clock.now();
  await inTransaction(context.db, async (transaction) => {
    const user = await loadUser(transaction, actor.userId);
    if (!user.totpPendingSecret) {
      throw conflict("Сначала начните подключение второго фактора / Start enrolling the second factor first");
    }
    const step = verifyTotp({ secret: user.totpPendingSecret, code, at: now, lastUsedStep: null });
    if (step === undefined) {
      throw new OtklikError("validation_failed", WRONG_CODE, {
        details: [{ path: ["code"], message: WRONG_CODE }],
      });
    }
    await orm(transaction)
      .update(users)
      .set({
        totpSecret: user.totpPendingSecret,
        totpPendingSecret: null,
        totpLastStep: step,
        updatedAt: now,
      })
      .where(eq(users.id, user.id));
    await recordAudit(transaction, context, {
      action: "user.totp-enable",
      objectType: "user",
      objectId: user.id,
      departmentId: user.departmentId,
      before: { totpEnabled: false },
      after: { totpEnabled: true },
    });
  });
}
