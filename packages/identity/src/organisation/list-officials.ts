import { type Page, Pagination } from "@otklik/core";
import { asc, gt } from "drizzle-orm";
import type { z } from "zod";
import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import { officials } from "../schema.js";
import { orm } from "../storage/database.js";
import { cursorId, pageOfRows } from "../storage/pages.js";
import { parseInput } from "../storage/parse-input.js";
import type { Official } from "./official.js";
import { toOfficials } from "./official-record.js";

/** Which officials to list. */
export const OfficialQuery = Pagination;
export type OfficialQuery = z.infer<typeof OfficialQuery>;

/** Lists the officials in creation order, each with the departments they oversee. */
export async function listOfficials(context: ServiceContext, query: OfficialQuery): Promise<Page<Official>> {
  requirePermission(context.actor, "official:read");
  const { limit, cursor } = parseInput(OfficialQuery, query);
  const after = cursorId(cursor);
  const rows = await orm(context.db)
    .select()
    .from(officials)
    .where(after ? gt(officials.id, after) : undefined)
    .orderBy(asc(officials.id))
    .limit(limit + 1);
  const page = pageOfRows(rows, limit, (row) => row);
  return { items: await toOfficials(context.db, page.items), nextCursor: page.nextCursor };
}
