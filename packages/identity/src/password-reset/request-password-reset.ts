import { Email, newId } from "@otklik/core";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { passwordResets } from "../schema.js";
import { hashSecret, newSecret } from "../secrets/secrets.js";
import type { IdentitySettings } from "../settings.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { findUserByEmail } from "../users/user-record.js";

/** Whose password to reset. */
export const PasswordResetRequest = z.object({ email: Email });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

function resetMessage(link: string, minutes: number): { subject: string; text: string; html: string } {
  const text =
    `Здравствуйте!\n\nЧтобы задать новый пароль в системе «Отклик», откройте ссылку (она действует ${minutes} мин. и только один раз):\n${link}\n\n` +
    "Если вы не просили сменить пароль, ничего не делайте: пароль останется прежним.\n\n" +
    `Hello,\n\nTo set a new Otklik password, open this link (valid for ${minutes} minutes, once):\n${link}\n\n` +
    "If you did not ask for this, do nothing: your password stays as it is.\n";
  const html = `<p>Здравствуйте!</p><p>Чтобы задать новый пароль в системе «Отклик», откройте ссылку (она действует ${minutes} мин. и только один раз):<br><a href="${link}">${link}</a></p><p>Если вы не просили сменить пароль, ничего не делайте.</p><hr><p>To set a new Otklik password, open the link above (valid for ${minutes} minutes, once). If you did not ask for this, do nothing.</p>`;
  return { subject: "Отклик: смена пароля / Otklik: password reset", text, html };
}

/** What became of a reset request; the person asking is told the same either way. */
export interface PasswordResetOutcome {
  /** Why the e-mail could not be sent, for the app's log; `undefined` when sent or nothing was due. */
  mailError: unknown;
}

/**
 * E-mails a one-time reset link to an active account with this address. The
 * caller always gets the same answer, whether or not such an account exists:
 * even a failure to send is not thrown (that would tell), only reported for the log.
 */
export async function requestPasswordReset(
  context: ServiceContext,
  input: PasswordResetRequest,
  settings: Pick<IdentitySettings, "passwordResetUrl" | "passwordResetMinutes" | "sendMail">,
): Promise<PasswordResetOutcome> {
  const { email } = parseInput(PasswordResetRequest, input);
  const user = await findUserByEmail(context.db, email);
  if (!user?.active) return { mailError: undefined };
  const now = context.clock.now();
  const secret = newSecret(32);
  await inTransaction(context.db, async (transaction) => {
    const id = newId("pwr", now);
    await orm(transaction)
      .insert(passwordResets)
      .values({
        id,
        userId: user.id,
        secretHash: hashSecret(secret),
        createdAt: now,
        expiresAt: new Date(now.getTime() + settings.passwordResetMinutes * 60_000),
      });
    await recordAudit(transaction, context, {
      action: "user.password-reset-request",
      objectType: "user",
      objectId: user.id,
      departmentId: user.departmentId,
      after: { resetId: id },
    });
  });
  const link = `${settings.passwordResetUrl}${settings.passwordResetUrl.includes("?") ? "&" : "?"}token=${secret}`;
  try {
    await settings.sendMail({ to: user.email, ...resetMessage(link, settings.passwordResetMinutes) });
    return { mailError: undefined };
  } catch (error) {
    return { mailError: error };
  }
}
