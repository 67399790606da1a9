import { conflict } from "@otklik/core";
import { eq } from "drizzle-orm";
import { requireSignedInUser } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { users } from "../schema.js";
import type { IdentitySettings } from "../settings.js";
import { inTransaction, orm } from "../storage/database.js";
import { loadUser } from "../users/user-record.js";
import { newTotpSecret, totpUri } from "./totp.js";

/** What the person adds to their authenticator app: the secret and its `otpauth://` URI (for a QR code). */
export interface TotpEnrolment {
  secret: string;
  uri: string;
}

/**
 * Starts enrolling the signed-in person in TOTP. Nothing changes at sign-in
 * until they confirm with a code ({@link confirmTotp}), so a half-finished
 * enrolment cannot lock anyone out. Starting again replaces the pending secret.
 */
export async function enrolTotp(
  context: ServiceContext,
  settings: Pick<IdentitySettings, "totpIssuer">,
): Promise<TotpEnrolment> {
  const actor = requireSignedInUser(context.actor);
  const user = await loadUser(context.db, actor.userId);
  if (user.totpSecret) {
    throw conflict("Второй фактор уже включён / The second factor is already on");
  }
  const secret = newTotpSecret();
  await inTransaction(context.db, async (transaction) => {
    await orm(transaction)
      .update(users)
      .set({ totpPendingSecret: secret, updatedAt: context.clock.now() })
      .where(eq(users.id, user.id));
    await recordAudit(transaction, context, {
      action: "user.totp-enrol",
      objectType: "user",
      objectId: user.id,
      departmentId: user.departmentId,
      after: { totpPending: true },
    });
  });
  return { secret, uri: totpUri({ secret, account: user.email, issuer: settings.totpIssuer }) };
}
