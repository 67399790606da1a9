import type { Page } from "@otklik/core";
import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import { requirePermission } from "../access/require-permission.js";
import type { ServiceContext } from "../context.js";
import { auditLog } from "../schema.js";
import { orm } from "../storage/database.js";
import { cursorId, pageOfRows } from "../storage/pages.js";
import { parseInput } from "../storage/parse-input.js";
import { type AuditEntry, AuditQuery } from "./audit-entry.js";

type AuditRow = typeof auditLog.$inferSelect;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: { kind: row.actorKind as AuditEntry["actor"]["kind"], id: row.actorId },
    address: row.address,
    action: row.action,
    object: { type: row.objectType, id: row.objectId },
    departmentId: row.departmentId,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
  };
}

/** Lists audit entries, newest first, by object and/or by the person who acted. */
export async function listAudit(context: ServiceContext, query: AuditQuery): Promise<Page<AuditEntry>> {
  requirePermission(context.actor, "audit:read");
  const { limit, cursor, objectType, objectId, actorId } = parseInput(AuditQuery, query);
  const conditions: (SQL | undefined)[] = [
    objectType ? eq(auditLog.objectType, objectType) : undefined,
    objectId ? eq(auditLog.objectId, objectId) : undefined,
    actorId ? eq(auditLog.actorId, actorId) : undefined,
  ];
  const after = cursorId(cursor);
  if (after) conditions.push(lt(auditLog.id, after));
  const rows = await orm(context.db)
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  return pageOfRows(rows, limit, toEntry);
}
