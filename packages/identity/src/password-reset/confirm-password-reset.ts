import { OtklikError } from "@otklik/core";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { hashPassword } from "../passwords/password-hashing.js";
import { NewPassword, passwordProblem } from "../passwords/password-policy.js";
import { passwordResets, sessions, users } from "../schema.js";
import { hashSecret } from "../secrets/secrets.js";
import { clearAccountFailures, throttleKeys } from "../sessions/sign-in-throttle.js";
import type { IdentitySettings } from "../settings.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";

/** The token from the reset link and the new password. */
export const PasswordResetConfirmation = z.object({
  token: z.string().min(16).max(128),
  password: NewPassword,
});
export type PasswordResetConfirmation = z.infer<typeof PasswordResetConfirmation>;

const INVALID_LINK =
  "Ссылка для смены пароля недействительна или устарела, запросите новую / The reset link is invalid or expired, ask for a new one";

/**
 * Sets a new password with a reset link's token. The link works once; every
 * session of the account ends and its sign-in lockout is lifted.
 */
export async function confirmPasswordReset(
  context: ServiceContext,
  input: PasswordResetConfirmation,
  settings: Pick<IdentitySettings, "passwordHashing">,
): Promise<void> {
  const { token, password } = parseInput(PasswordResetConfirmation, input);
  const now = context.clock.now();
  const [found] = await orm(context.db)
    .select({ reset: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.secretHash, hashSecret(token)))
    .limit(1);
  if (!found || found.reset.usedAt || found.reset.expiresAt <= now || !found.user.active) {
    throw new OtklikError("validation_failed", INVALID_LINK, {
      details: [{ path: ["token"], message: INVALID_LINK }],
    });
  }
  const problem = passwordProblem(password, found.user.email);
  if (problem) {
    throw new OtklikError("validation_failed", problem, {
      details: [{ path: ["password"], message: problem }],
    });
  }
  const passwordHash = await hashPassword(password, settings.passwordHashing);
  const { reset, user } = found;

  await inTransaction(context.db, async (transaction) => {
    const used = await orm(transaction)
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    // Two tabs racing with one link: only the first wins.
    if (used.length === 0) {
      throw new OtklikError("validation_failed", INVALID_LINK, {
        details: [{ path: ["token"], message: INVALID_LINK }],
      });
    }
    await orm(transaction)
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, user.id));
    await orm(transaction)
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)));
    await clearAccountFailures(transaction, throttleKeys(user.email, null));
    await recordAudit(transaction, context, {
      action: "user.password-reset",
      objectType: "user",
      objectId: user.id,
      departmentId: user.departmentId,
      after: { resetId: reset.id, sessionsEnded: true },
    });
  });
}
