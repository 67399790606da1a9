import { OtklikError } from "@otklik/core";
import { and, eq, isNull } from "drizzle-orm";
import type { UserActor } from "../access/actor.js";
import type { Role } from "../access/roles.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import {
  hashPassword,
  needsRehash,
  verifyDummyPassword,
  verifyPassword,
} from "../passwords/password-hashing.js";
import { DEMO_PASSWORD } from "../passwords/password-policy.js";
import { sessions, users } from "../schema.js";
import { verifyTotp } from "../second-factor/totp.js";
import { hashSecret } from "../secrets/secrets.js";
import type { IdentitySettings } from "../settings.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import type { User } from "../users/user.js";
import { findUserByEmail, toUser } from "../users/user-record.js";
import { createSession } from "./create-session.js";
import { type SessionCredentials, SignInInput } from "./session.js";
import { assertNotLocked, clearAccountFailures, recordFailure, throttleKeys } from "./sign-in-throttle.js";

const WRONG_CREDENTIALS = "Неверный адрес электронной почты или пароль / Wrong e-mail or password";
const TOTP_REQUIRED = "Введите код из приложения-аутентификатора / Enter the code from the authenticator app";
const TOTP_WRONG = "Неверный код подтверждения / Wrong confirmation code";

/** The person signed in and their new session. */
export interface SignedIn {
  user: User;
  session: SessionCredentials;
}

/**
 * Signs a member of staff in. A wrong password and an unknown e-mail get the
 * same answer after the same work (an argon2 verification either way), and
 * count towards the same lockout. A new session is opened every time and the
 * one the browser came with (`previousSessionSecret`) is ended: a session id
 * planted before sign-in is worth nothing after it.
 */
export async function signIn(
  context: ServiceContext,
  input: SignInInput,
  settings: IdentitySettings,
  request: { userAgent?: string; previousSessionSecret?: string } = {},
): Promise<SignedIn> {
  const credentials = parseInput(SignInInput, input);
  const address =
    context.actor.kind === "anonymous" || context.actor.kind === "user" ? context.actor.address : null;
  const keys = throttleKeys(credentials.email, address);
  const now = context.clock.now();
  await assertNotLocked(context.db, keys, now);

  const user = await findUserByEmail(context.db, credentials.email);
  const passwordMatches =
    user?.passwordHash != null
      ? await verifyPassword(user.passwordHash, credentials.password)
      : await verifyDummyPassword(credentials.password, settings.passwordHashing);
  const refused = settings.refuseDemoPassword && credentials.password === DEMO_PASSWORD;
  const failures = { account: settings.accountThrottle, address: settings.addressThrottle };

  if (!user?.active || !passwordMatches || refused) {
    await recordFailure(context.db, keys, now, failures);
    throw new OtklikError("unauthorized", WRONG_CREDENTIALS);
  }

  let totpStep: number | undefined;
  if (user.totpSecret) {
    if (!credentials.totp) {
      throw new OtklikError("unauthorized", TOTP_REQUIRED, {
        details: [{ path: ["totp"], message: TOTP_REQUIRED }],
      });
    }
    totpStep = verifyTotp({
      secret: user.totpSecret,
      code: credentials.totp,
      at: now,
      lastUsedStep: user.totpLastStep,
    });
    if (totpStep === undefined) {
      await recordFailure(context.db, keys, now, failures);
      throw new OtklikError("unauthorized", TOTP_WRONG, {
        details: [{ path: ["totp"], message: TOTP_WRONG }],
      });
    }
  }

  const freshHash = needsRehash(user.passwordHash!, settings.passwordHashing)
    ? await hashPassword(credentials.password, settings.passwordHashing)
    : undefined;

  return inTransaction(context.db, async (transaction) => {
    await clearAccountFailures(transaction, keys);
    if (request.previousSessionSecret) {
      await orm(transaction)
        .update(sessions)
        .set({ revokedAt: now })
        .where(
          and(eq(sessions.secretHash, hashSecret(request.previousSessionSecret)), isNull(sessions.revokedAt)),
        );
    }
    if (totpStep !== undefined || freshHash) {
      await orm(transaction)
        .update(users)
        .set({
          ...(totpStep !== undefined ? { totpLastStep: totpStep } : {}),
          ...(freshHash ? { passwordHash: freshHash } : {}),
        })
        .where(eq(users.id, user.id));
    }
    const session = await createSession(transaction, {
      userId: user.id,
      now,
      address,
      userAgent: request.userAgent,
      settings,
    });
    const actor: UserActor = {
      kind: "user",
      userId: user.id,
      roles: user.roles as Role[],
      departmentId: user.departmentId,
      sessionId: session.id,
      address,
    };
    await recordAudit(
      transaction,
      { clock: context.clock, actor },
      {
        action: "session.create",
        objectType: "session",
        objectId: session.id,
        departmentId: user.departmentId,
        after: {
          userId: user.id,
          expiresAt: session.expiresAt.toISOString(),
          secondFactor: totpStep !== undefined,
        },
      },
    );
    return { user: toUser(user), session };
  });
}
