import { newId } from "@otklik/core";
import { emit, type Transaction } from "@otklik/db";
import { recordAudit } from "@otklik/identity";
import { eq } from "drizzle-orm";
import { parseAddress } from "../addresses/parse-address.js";
import type { CategoryCode } from "../classification/categories.js";
import { classifyComment } from "../classification/classify-comment.js";
import type { IncidentContext } from "../context.js";
import { IncidentCreated } from "../events.js";
import { incidentCreatedEvent } from "../lifecycle/facts.js";
import { newTrackingToken } from "../numbers/tracking-token.js";
import { routeToDepartment } from "../routing/routing-table.js";
import { incidents, reporters } from "../schema.js";
import { evaluateIncidentSla, slaSettings, slaSummary, storableSlaEvents } from "../sla/sla-evaluation.js";
import { scheduleSlaJobs } from "../sla/sla-jobs.js";
import { findAddressPoint } from "../storage/address-store.js";
import { loadClassifierModel } from "../storage/classifier-store.js";
import { resolveDepartmentKeys } from "../storage/department-routes.js";
import { addTimelineEntry, type IncidentRow } from "../storage/incident-record.js";
import { allocateRegistrationNumber, yearInZone } from "../storage/registration-numbers.js";
import { normalizeText } from "../text/normalize.js";

/** What any channel knows about a new incident. */
export interface NewIncident {
  channel: string;
  externalId?: string | null;
  sourceNetwork?: string | null;
  sourceUrl?: string | null;
  authorName?: string | null;
  authorUrl?: string | null;
  text: string;
  attachments?: { type: string; url: string }[];
  addressText?: string | null;
  location?: { lat: number; lon: number } | null;
  /** When the citizen wrote it. */
  createdAt: Date;
  /** When the platform sent it to the city: the first-reply clock starts here, else at receipt. */
  sentAt?: Date | null;
  platformDeadlineAt?: Date | null;
  /**
   * The category the citizen chose (the site's form, an Open311 `service_code`); the classifier's
   * proposal is still made and kept, and still decides urgency.
   */
  category?: CategoryCode | null;
}

/** The city's time zone for yearly numbering. */
export const DEFAULT_TIME_ZONE = "Asia/Krasnoyarsk";

/**
 * Registers an incident in the caller's transaction: cleans the text, proposes a category and
 * urgency with the stored classifier, routes it (urgent ones also to the duty dispatch service),
 * parses and geocodes the address against the register, allocates the year's registration number
 * and a tracking token, opens the SLA clocks, and writes the reporter, the timeline entry, the
 * audit entry, the `IncidentCreated` event and the SLA jobs — all or nothing with the caller.
 * When `externalId` is set and the channel already has it, the existing incident is answered.
 */
export async function createIncidentInTransaction(
  tx: Transaction,
  context: IncidentContext,
  input: NewIncident,
): Promise<{ incident: IncidentRow; created: boolean }> {
  const now = context.clock.now();
  if (input.externalId) {
    // Two deliveries of one platform id wait for each other here, so the second finds the first.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `incidents:${input.channel}:${input.externalId}`,
    ]);
    const [existing] = await tx.query<{ id: string }>(
      "SELECT id FROM incidents WHERE channel = $1 AND external_id = $2",
      [input.channel, input.externalId],
    );
    if (existing) {
      const [row] = await tx.drizzle.select().from(incidents).where(eq(incidents.id, existing.id));
      return { incident: row as IncidentRow, created: false };
    }
  }

  const cleaned = normalizeText(input.text);
  const model = await loadClassifierModel(tx);
  const proposal = classifyComment(input.text, model);
  const category = input.category ?? proposal.category;
  const routing = routeToDepartment({ category, urgent: proposal.urgent });
  const keys = [routing.target.departmentKey, ...routing.notifyAtOnce.map((target) => target.departmentKey)];
  const departmentIds = await resolveDepartmentKeys(tx, keys);
  const departmentId =
    routing.target.kind === "department" ? (departmentIds.get(routing.target.departmentKey) ?? null) : null;
  const notifyDepartmentIds = routing.notifyAtOnce.flatMap((target) => {
    const id = departmentIds.get(target.departmentKey);
    return id ? [id] : [];
  });

  const address = parseAddress(input.addressText ?? input.text);
  let point = input.location ?? null;
  if (!point && address?.street && address.house)
    point = await findAddressPoint(tx, address.street, address.house);

  const { number, year, sequence } = await allocateRegistrationNumber(tx, yearInZone(now, DEFAULT_TIME_ZONE));
  const id = newId("inc", now);
  const clockStart = input.sentAt ?? now;
  const slaEvents = storableSlaEvents([
    incidentCreatedEvent({
      at: clockStart,
      category: category,
      channel: input.channel,
      urgent: proposal.urgent,
      ...(departmentId ? { departmentKey: departmentId } : {}),
    }),
  ]);
  const summary = slaSummary(evaluateIncidentSla(slaSettings(context), slaEvents, now));
  const inserted = await tx.drizzle
    .insert(incidents)
    .values({
      id,
      number,
      year,
      sequence,
      trackingToken: newTrackingToken(),
      channel: input.channel,
      externalId: input.externalId ?? null,
      sourceNetwork: input.sourceNetwork ?? null,
      sourceUrl: input.sourceUrl ?? null,
      authorName: input.authorName ?? null,
      authorUrl: input.authorUrl ?? null,
      textOriginal: input.text,
      textClean: cleaned.normalized,
      attachments: input.attachments ?? [],
      addressText: input.addressText ?? null,
      street: address?.street ?? null,
      house: address?.house ?? null,
      lat: point?.lat ?? null,
      lon: point?.lon ?? null,
      onMap: point !== null,
      category: category,
      categoryConfidence: proposal.confidence,
      categoryProposal: proposal,
      departmentKey: routing.target.departmentKey,
      departmentId,
      urgent: proposal.urgent,
      status: "new",
      version: 1,
      slaEvents,
      dueAt: summary.dueAt,
      slaState: summary.slaState,
      createdAt: input.createdAt,
      receivedAt: now,
      sentAt: input.sentAt ?? null,
      platformDeadlineAt: input.platformDeadlineAt ?? null,
      updatedAt: now,
    })
    .returning();
  const incident = inserted[0] as IncidentRow;
  await tx.drizzle.insert(reporters).values({
    id: newId("rep", now),
    incidentId: id,
    channel: input.channel,
    externalId: input.externalId ?? null,
    authorName: input.authorName ?? null,
    authorUrl: input.authorUrl ?? null,
    sourceUrl: input.sourceUrl ?? null,
    originalIncidentId: id,
    reportedAt: input.createdAt,
  });
  await addTimelineEntry(tx, {
    incidentId: id,
    at: now,
    actor: context.actor,
    kind: "created",
    data: {
      channel: input.channel,
      category: category,
      confidence: proposal.confidence,
      urgent: proposal.urgent,
      urgencyReasons: proposal.urgencyReasons,
      departmentKey: routing.target.departmentKey,
    },
  });
  await recordAudit(tx, context, {
    action: "incident.create",
    objectType: "incident",
    objectId: id,
    departmentId,
    after: {
      number,
      channel: input.channel,
      category: category,
      urgent: proposal.urgent,
      status: "new",
    },
  });
  await emit(
    tx,
    IncidentCreated,
    {
      incidentId: id,
      number,
      channel: input.channel,
      category: category,
      departmentId,
      urgent: proposal.urgent,
      notifyDepartmentIds,
    },
    { clock: context.clock },
  );
  await scheduleSlaJobs(tx, context, incident, now);
  return { incident, created: true };
}
