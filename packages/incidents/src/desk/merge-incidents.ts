import { OtklikError } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { assertInScope, recordAudit, requirePermission } from "@otklik/identity";
import { and, eq, gte, isNull, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import { type DuplicateSuggestion, findDuplicates } from "../duplicates/find-duplicates.js";
import { incidents, reporters } from "../schema.js";
import {
  addTimelineEntry,
  INCIDENT_NOT_FOUND,
  type IncidentSummary,
  loadIncident,
  toIncidentSummary,
} from "../storage/incident-record.js";

/** Merge duplicates into the incident kept. */
export const MergeInput = z.object({
  duplicateIds: z.array(z.string().min(1).max(64)).min(1).max(50),
  version: z.number().int().nonnegative().optional(),
});
export type MergeInput = z.input<typeof MergeInput>;

/**
 * Merges duplicates into one incident (`incident:triage`): their reporters move to it (all are kept,
 * so all are answered), each duplicate is closed as merged and points to the one kept.
 */
export async function mergeIncidents(
  context: IncidentContext,
  keepId: string,
  rawInput: MergeInput,
): Promise<IncidentSummary> {
  const readScope = requirePermission(context.actor, "incident:read");
  const input = MergeInput.parse(rawInput);
  return withTransaction(context.db, async (tx) => {
    const kept = await loadIncident(tx, keepId, { forUpdate: true });
    assertInScope(readScope, kept.departmentId, INCIDENT_NOT_FOUND);
    requirePermission(context.actor, "incident:triage");
    if (input.version !== undefined && input.version !== kept.version) {
      throw new OtklikError(
        "conflict",
        `Обращение уже изменено (версия ${kept.version}) / The incident was changed meanwhile (version ${kept.version})`,
      );
    }
    if (kept.mergedIntoId)
      throw new OtklikError(
        "conflict",
        "Это обращение само объединено с другим / This incident was merged into another",
      );
    const now = context.clock.now();
    for (const duplicateId of input.duplicateIds) {
      if (duplicateId === keepId)
        throw new OtklikError(
          "validation_failed",
          "Нельзя объединить обращение с самим собой / Cannot merge an incident into itself",
          { details: [{ path: ["duplicateIds"], message: "contains the kept id" }] },
        );
      const duplicate = await loadIncident(tx, duplicateId, { forUpdate: true });
      if (duplicate.mergedIntoId) continue;
      await tx.drizzle
        .update(reporters)
        .set({ incidentId: keepId })
        .where(eq(reporters.incidentId, duplicateId));
      await tx.drizzle
        .update(incidents)
        .set({
          mergedIntoId: keepId,
          status: "closed",
          version: duplicate.version + 1,
          dueAt: null,
          slaState: "met",
          updatedAt: now,
        })
        .where(eq(incidents.id, duplicateId));
      await addTimelineEntry(tx, {
        incidentId: duplicateId,
        at: now,
        actor: context.actor,
        kind: "merged",
        data: { into: keepId },
      });
      await addTimelineEntry(tx, {
        incidentId: keepId,
        at: now,
        actor: context.actor,
        kind: "merged",
        data: { from: duplicateId, number: duplicate.number },
      });
      await recordAudit(tx, context, {
        action: "incident.merge",
        objectType: "incident",
        objectId: duplicateId,
        departmentId: duplicate.departmentId,
        after: { mergedIntoId: keepId },
      });
    }
    const [updated] = await tx.drizzle
      .update(incidents)
      .set({ version: kept.version + 1, updatedAt: now })
      .where(eq(incidents.id, keepId))
      .returning();
    return toIncidentSummary(updated ?? kept);
  });
}

/** Duplicate suggestions for an incident among the open incidents of the last 7 days. */
export async function suggestDuplicates(
  context: IncidentContext,
  incidentId: string,
): Promise<DuplicateSuggestion[]> {
  const scope = requirePermission(context.actor, "incident:read");
  const row = await loadIncident(context.db, incidentId);
  assertInScope(scope, row.departmentId, INCIDENT_NOT_FOUND);
  const since = new Date(row.createdAt.getTime() - 7 * 24 * 3600 * 1000);
  const others = await context.db.drizzle
    .select()
    .from(incidents)
    .where(
      and(
        ne(incidents.id, incidentId),
        isNull(incidents.mergedIntoId),
        gte(incidents.createdAt, since),
        sql`${incidents.status} <> 'closed'`,
      ),
    )
    .limit(500);
  const candidate = (item: typeof row) => ({
    id: item.id,
    text: item.textOriginal,
    createdAt: item.createdAt,
    authorKey: item.authorUrl ?? item.authorName,
    location: item.lat !== null && item.lon !== null ? { lat: item.lat, lon: item.lon } : null,
    address: {
      ...(item.street ? { street: item.street } : {}),
      ...(item.house ? { house: item.house } : {}),
    },
  });
  return findDuplicates(candidate(row), others.map(candidate));
}
