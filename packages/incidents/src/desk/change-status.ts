import { emit, withTransaction } from "@otklik/db";
import { assertInScope, type Permission, recordAudit, requirePermission } from "@otklik/identity";
import { eq } from "drizzle-orm";
import type { IncidentContext } from "../context.js";
import { IncidentAssigned, IncidentStatusChanged } from "../events.js";
import { assertEvidenceReferences } from "../evidence/evidence.js";
import { type LifecycleCommand, LifecycleCommand as LifecycleCommandSchema } from "../lifecycle/commands.js";
import type { IncidentState, IncidentStatus, Resolution } from "../lifecycle/states.js";
import { transition } from "../lifecycle/transition.js";
import { incidents } from "../schema.js";
import { evaluateIncidentSla, slaSettings, slaSummary, storableSlaEvents } from "../sla/sla-evaluation.js";
import { scheduleSlaJobs } from "../sla/sla-jobs.js";
import {
  addTimelineEntry,
  assertVersion,
  INCIDENT_NOT_FOUND,
  type IncidentRow,
  type IncidentSummary,
  loadIncident,
  toIncidentSummary,
} from "../storage/incident-record.js";
import { lifecycleActor, requireAnyPermission } from "./actors.js";

const COMMAND_PERMISSIONS: Record<LifecycleCommand["type"], Permission[]> = {
  assign: ["incident:route", "incident:reassign"],
  start: ["incident:triage", "incident:progress"],
  "request-information": ["incident:triage", "incident:progress"],
  resume: ["incident:triage", "incident:progress"],
  resolve: ["incident:triage", "incident:progress"],
  forward: ["incident:triage", "incident:reassign"],
  reject: ["incident:triage", "incident:reassign"],
  close: ["incident:triage", "incident:reassign"],
  reopen: ["incident:triage", "incident:reassign"],
};

/** The pure lifecycle's state of a stored incident. */
export function lifecycleState(row: IncidentRow): IncidentState {
  return {
    status: row.status as IncidentStatus,
    version: row.version,
    departmentKey: row.departmentId,
    resolution: (row.resolution as Resolution | null) ?? null,
    firstPublicReplyAt: row.firstPublicReplyAt,
  };
}

/**
 * Applies a lifecycle command (assign, start, request-information, resume, forward, reject, resolve,
 * close, reopen) to a stored incident: checks who may, in which department (another department's
 * incident is «not found»), the version the actor saw, and the rules of `transition`; then stores
 * the new state, the timeline entry, the audit entry, the events and the SLA jobs in one
 * transaction. For `assign`, `departmentKey` is the department's id.
 */
export async function applyLifecycleCommand(
  context: IncidentContext,
  incidentId: string,
  input: LifecycleCommand,
): Promise<IncidentSummary> {
  const readScope = requirePermission(context.actor, "incident:read");
  const command = LifecycleCommandSchema.parse(input);
  return withTransaction(context.db, async (tx) => {
    const row = await loadIncident(tx, incidentId, { forUpdate: true });
    assertInScope(readScope, row.departmentId, INCIDENT_NOT_FOUND);
    const scope = requireAnyPermission(context.actor, COMMAND_PERMISSIONS[command.type]);
    assertInScope(scope, row.departmentId, INCIDENT_NOT_FOUND);
    if (command.type === "assign") assertInScope(scope, command.departmentKey, "Управление / Department");
    assertVersion(row, command.expectedVersion);
    const now = context.clock.now();
    const result = transition(lifecycleState(row), command, lifecycleActor(context.actor), now);
    // A fix's proof must be real: `media:<id>` references name this incident's uploads, of their kind.
    await assertEvidenceReferences(tx, incidentId, command.media);
    const slaEvents = [...row.slaEvents, ...storableSlaEvents(result.slaEvents)];
    const summary = slaSummary(evaluateIncidentSla(slaSettings(context), slaEvents, now));
    const assigneeId = command.type === "assign" ? (command.assigneeId ?? null) : row.assigneeId;
    const [updated] = await tx.drizzle
      .update(incidents)
      .set({
        status: result.incident.status,
        version: result.incident.version,
        departmentId: result.incident.departmentKey,
        assigneeId,
        resolution: result.incident.resolution,
        slaEvents,
        ...summary,
        updatedAt: now,
      })
      .where(eq(incidents.id, incidentId))
      .returning();
    const stored = updated as IncidentRow;
    const { event } = result;
    await addTimelineEntry(tx, {
      incidentId,
      at: now,
      actor: context.actor,
      kind: "status-changed",
      comment: event.comment,
      media: event.media,
      data: {
        command: event.command,
        from: event.from,
        to: event.to,
        ...(event.departmentKey ? { departmentId: event.departmentKey } : {}),
        ...(event.assigneeId ? { assigneeId: event.assigneeId } : {}),
        ...(event.resolution ? { resolution: event.resolution } : {}),
        ...(event.rejectionReason ? { rejectionReason: event.rejectionReason } : {}),
        ...(event.reopenSource ? { reopenSource: event.reopenSource } : {}),
      },
    });
    await recordAudit(tx, context, {
      action: `incident.${command.type}`,
      objectType: "incident",
      objectId: incidentId,
      departmentId: stored.departmentId,
      before: { status: row.status, departmentId: row.departmentId, version: row.version },
      after: { status: stored.status, departmentId: stored.departmentId, version: stored.version },
    });
    await emit(
      tx,
      IncidentStatusChanged,
      { incidentId, from: event.from, to: event.to, command: event.command },
      { clock: context.clock },
    );
    if (command.type === "assign") {
      await emit(
        tx,
        IncidentAssigned,
        {
          incidentId,
          departmentId: command.departmentKey,
          assigneeId,
          number: stored.number,
          previousDepartmentId: row.departmentId,
        },
        { clock: context.clock },
      );
    }
    await scheduleSlaJobs(tx, context, stored, now);
    return toIncidentSummary(stored);
  });
}
