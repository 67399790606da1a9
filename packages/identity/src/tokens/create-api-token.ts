import { newId } from "@otklik/core";
import { actorId } from "../access/actor.js";
import { requirePermission } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { apiTokens } from "../schema.js";
import { hashSecret } from "../secrets/secrets.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { type IssuedApiToken, NewApiToken } from "./api-token.js";
import { toApiToken } from "./api-token-record.js";
import { newApiTokenSecret, tokenHint } from "./token-format.js";

/**
 * Issues an API token for an integration. The answer carries the secret once;
 * only its SHA-256 is stored. `secret` is for the demo seed's well-known key.
 */
export async function createApiToken(
  context: ServiceContext,
  input: NewApiToken,
  options: { secret?: string } = {},
): Promise<IssuedApiToken> {
  requirePermission(context.actor, "token:create");
  const fields = parseInput(NewApiToken, input);
  const secret = options.secret ?? newApiTokenSecret();
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const [row] = await orm(transaction)
      .insert(apiTokens)
      .values({
        id: newId("tok", now),
        name: fields.name,
        secretHash: hashSecret(secret),
        hint: tokenHint(secret),
        scopes: fields.scopes,
        createdBy: actorId(context.actor),
        createdAt: now,
      })
      .returning();
    await recordAudit(transaction, context, {
      action: "token.create",
      objectType: "token",
      objectId: row!.id,
      after: { name: row!.name, scopes: row!.scopes, hint: row!.hint },
    });
    return { token: toApiToken(row!), secret };
  });
}
