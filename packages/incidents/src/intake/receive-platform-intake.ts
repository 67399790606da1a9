import type { PlatformIntake } from "@otklik/channels";
import { conflict } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { eq } from "drizzle-orm";
import type { IncidentContext } from "../context.js";
import { applyLifecycleCommand } from "../desk/change-status.js";
import { incidents } from "../schema.js";
import { addTimelineEntry } from "../storage/incident-record.js";
import { createIncidentInTransaction, type NewIncident } from "./create-incident.js";

/** What a new incident of the platform is, for `createIncidentsInTransaction`. */
export function platformIncidentInput(intake: PlatformIntake): NewIncident {
  return {
    channel: "platform",
    externalId: intake.id,
    sourceNetwork: intake.source.network,
    sourceUrl: intake.source.url ?? null,
    authorName: intake.source.authorName ?? null,
    authorUrl: intake.source.authorUrl ?? null,
    text: intake.text,
    attachments: intake.attachments ?? [],
    addressText: intake.address ?? null,
    location: intake.location ?? null,
    createdAt: new Date(intake.createdAt),
    sentAt: intake.sentAt ? new Date(intake.sentAt) : null,
    platformDeadlineAt: intake.deadlineAt ? new Date(intake.deadlineAt) : null,
    // Kept whole in the inbox (decided as an incident: the platform's items are incidents).
    raw: intake,
  };
}

/**
 * Stores one message of the incident platform, already verified and parsed by
 * `receivePlatformIntake` of `@otklik/channels`. `incident` registers a new incident at once (the
 * same platform `id` twice is one incident, also when both arrive together); `update` adds the
 * platform's comment to the timeline; `rework` adds it and reopens the incident (the platform
 * returned the city's answer); `closed` adds it and closes the incident when its status allows.
 * Answers the incident's id, as the 202 body.
 */
export async function receivePlatformIncident(
  context: IncidentContext,
  intake: PlatformIntake,
): Promise<{ incidentId: string; created: boolean }> {
  if (intake.type === "incident") {
    const result = await withTransaction(context.db, (tx) =>
      createIncidentInTransaction(tx, context, platformIncidentInput(intake)),
    );
    return { incidentId: result.incident.id, created: result.created };
  }
  const [row] = await context.db.drizzle
    .select({ id: incidents.id, status: incidents.status })
    .from(incidents)
    .where(eq(incidents.externalId, intake.id));
  if (!row) {
    throw conflict(
      `Платформа прислала «${intake.type}» для неизвестного обращения ${intake.id} / The platform sent "${intake.type}" for unknown incident ${intake.id}`,
    );
  }
  const comment = intake.comment ?? intake.text;
  if (intake.type === "rework" && ["resolved", "closed", "forwarded", "rejected"].includes(row.status)) {
    await applyLifecycleCommand(context, row.id, { type: "reopen", source: "platform-rework", comment });
  } else if (intake.type === "closed" && ["resolved", "forwarded", "rejected"].includes(row.status)) {
    await applyLifecycleCommand(context, row.id, { type: "close", comment });
  } else {
    await withTransaction(context.db, (tx) =>
      addTimelineEntry(tx, {
        incidentId: row.id,
        at: context.clock.now(),
        actor: context.actor,
        kind: `platform-${intake.type}`,
        comment,
      }),
    );
  }
  return { incidentId: row.id, created: false };
}
