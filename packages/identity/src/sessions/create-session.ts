import { newId } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { sessions } from "../schema.js";
import { hashSecret, newSecret } from "../secrets/secrets.js";
import type { IdentitySettings } from "../settings.js";
import { orm } from "../storage/database.js";
import type { SessionCredentials } from "./session.js";

/** Opens a session for a user who has just proven who they are. */
export async function createSession(
  db: Executor,
  args: {
    userId: string;
    now: Date;
    address: string | null;
    userAgent: string | undefined;
    settings: Pick<IdentitySettings, "sessionLifetimeMinutes">;
  },
): Promise<SessionCredentials> {
  const secret = newSecret(32);
  const csrfToken = newSecret(24);
  const id = newId("ses", args.now);
  const expiresAt = new Date(args.now.getTime() + args.settings.sessionLifetimeMinutes * 60_000);
  await orm(db)
    .insert(sessions)
    .values({
      id,
      userId: args.userId,
      secretHash: hashSecret(secret),
      csrfToken,
      address: args.address,
      userAgent: args.userAgent?.slice(0, 300) ?? null,
      createdAt: args.now,
      lastSeenAt: args.now,
      expiresAt,
    });
  return { id, secret, csrfToken, expiresAt };
}
