import { withTransaction } from "@otklik/db";
import { assertInScope, recordAudit, requirePermission } from "@otklik/identity";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { CategoryCode } from "../classification/categories.js";
import type { IncidentContext } from "../context.js";
import { incidentClassifiedEvent } from "../lifecycle/facts.js";
import { incidents } from "../schema.js";
import { evaluateIncidentSla, slaSettings, slaSummary, storableSlaEvents } from "../sla/sla-evaluation.js";
import { scheduleSlaJobs } from "../sla/sla-jobs.js";
import { trainOnCorrection } from "../storage/classifier-store.js";
import {
  addTimelineEntry,
  assertVersion,
  INCIDENT_NOT_FOUND,
  type IncidentRow,
  type IncidentSummary,
  loadIncident,
  toIncidentSummary,
} from "../storage/incident-record.js";

/** The operator confirms the proposed category or sets another; urgency may be corrected too. */
export const CategoryDecision = z.object({
  category: CategoryCode,
  urgent: z.boolean().optional(),
  version: z.number().int().nonnegative().optional(),
});
export type CategoryDecision = z.input<typeof CategoryDecision>;

/**
 * Confirms or corrects an incident's category (`incident:triage`). A correction — a category other
 * than the one proposed — teaches the stored classifier model in the same transaction.
 */
export async function decideCategory(
  context: IncidentContext,
  incidentId: string,
  rawInput: CategoryDecision,
): Promise<IncidentSummary> {
  const readScope = requirePermission(context.actor, "incident:read");
  const input = CategoryDecision.parse(rawInput);
  return withTransaction(context.db, async (tx) => {
    const row = await loadIncident(tx, incidentId, { forUpdate: true });
    assertInScope(readScope, row.departmentId, INCIDENT_NOT_FOUND);
    requirePermission(context.actor, "incident:triage");
    assertVersion(row, input.version);
    const now = context.clock.now();
    const urgent = input.urgent ?? row.urgent;
    const corrected = input.category !== row.category;
    if (corrected) await trainOnCorrection(tx, context.clock, row.textOriginal, input.category);
    const slaEvents = [
      ...row.slaEvents,
      ...storableSlaEvents([incidentClassifiedEvent({ at: now, category: input.category, urgent })]),
    ];
    const summary = slaSummary(evaluateIncidentSla(slaSettings(context), slaEvents, now));
    const [updated] = await tx.drizzle
      .update(incidents)
      .set({
        category: input.category,
        urgent,
        categoryConfirmed: true,
        version: row.version + 1,
        slaEvents,
        ...summary,
        updatedAt: now,
      })
      .where(eq(incidents.id, incidentId))
      .returning();
    await addTimelineEntry(tx, {
      incidentId,
      at: now,
      actor: context.actor,
      kind: "category",
      data: { from: row.category, to: input.category, corrected, urgent },
    });
    await recordAudit(tx, context, {
      action: corrected ? "incident.category.correct" : "incident.category.confirm",
      objectType: "incident",
      objectId: incidentId,
      departmentId: row.departmentId,
      before: { category: row.category, urgent: row.urgent },
      after: { category: input.category, urgent },
    });
    await scheduleSlaJobs(tx, context, updated as IncidentRow, now);
    return toIncidentSummary(updated as IncidentRow);
  });
}
