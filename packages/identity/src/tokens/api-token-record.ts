import { notFound } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import { apiTokens } from "../schema.js";
import { orm } from "../storage/database.js";
import type { ApiToken } from "./api-token.js";
import type { TokenScope } from "./token-scopes.js";

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export const TOKEN_NOT_FOUND = "Токен / Token";

export function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    hint: row.hint,
    scopes: row.scopes as TokenScope[],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function loadApiToken(db: Executor, id: string): Promise<ApiTokenRow> {
  const [row] = await orm(db).select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  if (!row) throw notFound(TOKEN_NOT_FOUND);
  return row;
}
