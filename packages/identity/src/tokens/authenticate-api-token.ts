import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import type { TokenActor } from "../access/actor.js";
import { apiTokens } from "../schema.js";
import { hashSecret } from "../secrets/secrets.js";
import { orm } from "../storage/database.js";
import type { ApiToken } from "./api-token.js";
import { toApiToken } from "./api-token-record.js";

// Last-used time is for people ("is this integration still alive?"); a minute's precision is enough.
const TOUCH_AFTER_MS = 60_000;

/**
 * Reads a bearer token: the integration acting, or `undefined` for an unknown
 * or revoked token. Looked up on every request, so revocation works at once.
 */
export async function authenticateApiToken(
  context: { db: Executor; clock: Clock },
  secret: string,
  request: { address: string | null },
): Promise<{ actor: TokenActor; token: ApiToken } | undefined> {
  const [row] = await orm(context.db)
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.secretHash, hashSecret(secret)))
    .limit(1);
  if (!row || row.revokedAt) return undefined;
  const now = context.clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_AFTER_MS) {
    await orm(context.db).update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
    row.lastUsedAt = now;
  }
  return {
    actor: { kind: "token", tokenId: row.id, scopes: toApiToken(row).scopes, address: request.address },
    token: toApiToken(row),
  };
}
