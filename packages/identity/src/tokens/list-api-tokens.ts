import { type Page, Pagination } from "@otklik/core";
import { asc, gt } from "drizzle-orm";
import type { z } from "zod";
import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import { apiTokens } from "../schema.js";
import { orm } from "../storage/database.js";
import { cursorId, pageOfRows } from "../storage/pages.js";
import { parseInput } from "../storage/parse-input.js";
import type { ApiToken } from "./api-token.js";
import { toApiToken } from "./api-token-record.js";

export const ApiTokenQuery = Pagination;
export type ApiTokenQuery = z.infer<typeof ApiTokenQuery>;

/** Lists API tokens, revoked ones included, with when each was last used. */
export async function listApiTokens(context: ServiceContext, query: ApiTokenQuery): Promise<Page<ApiToken>> {
  requirePermission(context.actor, "token:read");
  const { limit, cursor } = parseInput(ApiTokenQuery, query);
  const after = cursorId(cursor);
  const rows = await orm(context.db)
    .select()
    .from(apiTokens)
    .where(after ? gt(apiTokens.id, after) : undefined)
    .orderBy(asc(apiTokens.id))
    .limit(limit + 1);
  return pageOfRows(rows, limit, toApiToken);
}
