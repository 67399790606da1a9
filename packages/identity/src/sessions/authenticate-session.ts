import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import type { UserActor } from "../access/actor.js";
import type { Role } from "../access/roles.js";
import { sessions, users } from "../schema.js";
import { hashSecret } from "../secrets/secrets.js";
import type { IdentitySettings } from "../settings.js";
import { orm } from "../storage/database.js";
import type { User } from "../users/user.js";
import { toUser } from "../users/user-record.js";

/** A request's session, once its cookie has been checked. */
export interface AuthenticatedSession {
  actor: UserActor;
  user: User;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

// Writing last-seen on every request would make every read a write; once a minute is plenty.
const TOUCH_AFTER_MS = 60_000;

/**
 * Reads a session cookie's secret: the signed-in user, or `undefined` when the
 * session is unknown, ended, expired, idle too long or its account deactivated.
 * Roles and department are read afresh, so a change applies on the next request.
 */
export async function authenticateSession(
  context: { db: Executor; clock: Clock },
  secret: string,
  request: { address: string | null; settings: Pick<IdentitySettings, "sessionIdleMinutes"> },
): Promise<AuthenticatedSession | undefined> {
  const now = context.clock.now();
  const [found] = await orm(context.db)
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.secretHash, hashSecret(secret)))
    .limit(1);
  if (!found) return undefined;
  const { session, user } = found;
  const idleUntil = session.lastSeenAt.getTime() + request.settings.sessionIdleMinutes * 60_000;
  if (session.revokedAt || session.expiresAt <= now || idleUntil <= now.getTime() || !user.active) {
    return undefined;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS) {
    await orm(context.db).update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
  }
  return {
    actor: {
      kind: "user",
      userId: user.id,
      roles: user.roles as Role[],
      departmentId: user.departmentId,
      sessionId: session.id,
      address: request.address,
    },
    user: toUser(user),
    sessionId: session.id,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
  };
}
