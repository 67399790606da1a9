import type { Page } from "@otklik/core";
import { and, desc, eq, lt } from "drizzle-orm";
import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import { consents } from "../schema.js";
import { orm } from "../storage/database.js";
import { cursorId, pageOfRows } from "../storage/pages.js";
import { parseInput } from "../storage/parse-input.js";
import { type Consent, ConsentQuery } from "./consent.js";
import { toConsent } from "./consent-record.js";

/** Lists consent records, newest first, optionally of one purpose. */
export async function listConsents(context: ServiceContext, query: ConsentQuery): Promise<Page<Consent>> {
  requirePermission(context.actor, "consent:read");
  const { limit, cursor, purpose } = parseInput(ConsentQuery, query);
  const after = cursorId(cursor);
  const rows = await orm(context.db)
    .select()
    .from(consents)
    .where(
      and(purpose ? eq(consents.purpose, purpose) : undefined, after ? lt(consents.id, after) : undefined),
    )
    .orderBy(desc(consents.id))
    .limit(limit + 1);
  return pageOfRows(rows, limit, toConsent);
}
