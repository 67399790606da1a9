import { fromZodError, newId } from "@otklik/core";
import type { Jobs, Transaction } from "@otklik/db";
import { actorId, recordAudit } from "@otklik/identity";
import { eq } from "drizzle-orm";
import { parseAddress } from "../addresses/parse-address.js";
import type { CategoryCode } from "../classification/categories.js";
import { classifyComment } from "../classification/classify-comment.js";
import type { IncidentContext } from "../context.js";
import { IncidentCreated } from "../events.js";
import { incidentCreatedEvent } from "../lifecycle/facts.js";
import { newTrackingToken } from "../numbers/tracking-token.js";
import { routeToDepartment } from "../routing/routing-table.js";
import { incidents } from "../schema.js";
import { evaluateIncidentSla, slaSettings, slaSummary, storableSlaEvents } from "../sla/sla-evaluation.js";
import {
  deterministicUuid,
  SLA_QUEUE,
  type SlaDeadlineJob,
  scheduleSlaJobs,
  slaCheckpoints,
} from "../sla/sla-jobs.js";
import type { IncidentRow } from "../storage/incident-record.js";
import {
  ensureRegistrationSequence,
  registrationSequenceName,
  yearInZone,
} from "../storage/registration-numbers.js";
import { normalizeText } from "../text/normalize.js";
import { classifierModelOf, insertIncident, readIntakeFacts } from "./intake-statements.js";

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
  /**
   * The inbound item as the channel parsed it, for channels whose items are incidents by definition
   * (the platform): kept whole in the inbox, decided as an incident. Needs `externalId`. Items that
   * reached the inbox first (social pages) are already kept there and leave this out.
   */
  raw?: unknown;
}

/** The city's time zone for yearly numbering. */
export const DEFAULT_TIME_ZONE = "Asia/Krasnoyarsk";

/**
 * Registers an incident in the caller's transaction: cleans the text, proposes a category and
 * urgency with the stored classifier, routes it (urgent ones also to the duty dispatch service),
 * parses and geocodes the address against the register, takes the year's registration number and a
 * tracking token, opens the SLA clocks, and writes the reporter, the timeline entry, the inbox item
 * (when `raw` is given), the audit entry, the `IncidentCreated` event and the SLA jobs — all or
 * nothing with the caller. When `externalId` is set and the channel already has it, the existing
 * incident is answered (also when both deliveries arrive at once).
 *
 * Four statements: one read of everything the incident is computed from, one of chained inserts (the
 * incident with its number — taken there from a sequence, without a lock — its reporter, timeline
 * entry, `IncidentCreated` in the outbox and inbox item), the audit entry, and the SLA jobs in one batch.
 */
export async function createIncidentInTransaction(
  tx: Transaction,
  context: IncidentContext,
  input: NewIncident,
): Promise<{ incident: IncidentRow; created: boolean }> {
  const now = context.clock.now();
  const externalId = input.externalId ?? null;
  const year = yearInZone(now, DEFAULT_TIME_ZONE);
  const sequenceName = registrationSequenceName(year);
  const address = parseAddress(input.addressText ?? input.text);
  const lookup =
    !input.location && address?.street && address.house
      ? { street: address.street, house: address.house }
      : null;

  const facts = await readIntakeFacts(tx, { channel: input.channel, externalId, sequenceName, lookup });
  if (facts.existingId) return { incident: await readIncident(tx, facts.existingId), created: false };
  if (!facts.sequenceMade) await ensureRegistrationSequence(tx, year);

  const cleaned = normalizeText(input.text);
  const proposal = classifyComment(input.text, await classifierModelOf(tx, facts.modelVersion));
  const category = input.category ?? proposal.category;
  const routing = routeToDepartment({ category, urgent: proposal.urgent });
  const departmentId =
    routing.target.kind === "department" ? (facts.routes[routing.target.departmentKey] ?? null) : null;
  const notifyDepartmentIds = routing.notifyAtOnce.flatMap((target) => {
    const id = facts.routes[target.departmentKey];
    return id ? [id] : [];
  });
  const point = input.location ?? facts.point;

  const id = newId("inc", now);
  const clockStart = input.sentAt ?? now;
  const slaEvents = storableSlaEvents([
    incidentCreatedEvent({
      at: clockStart,
      category,
      channel: input.channel,
      urgent: proposal.urgent,
      ...(departmentId ? { departmentKey: departmentId } : {}),
    }),
  ]);
  const summary = slaSummary(evaluateIncidentSla(slaSettings(context), slaEvents, now));
  const values = {
    id,
    trackingToken: newTrackingToken(),
    channel: input.channel,
    externalId,
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
    category,
    categoryConfidence: proposal.confidence,
    categoryProposal: proposal,
    departmentKey: routing.target.departmentKey,
    departmentId,
    urgent: proposal.urgent,
    slaEvents,
    dueAt: summary.dueAt,
    slaState: summary.slaState,
    createdAt: input.createdAt,
    receivedAt: now,
    sentAt: input.sentAt ?? null,
    platformDeadlineAt: input.platformDeadlineAt ?? null,
  };
  // Validated here as `emit` validates it; the statement adds the number and writes it to the outbox.
  const occurredAt = context.clock.now();
  const event = IncidentCreated.schema.safeParse({
    incidentId: id,
    number: "",
    channel: input.channel,
    category,
    departmentId,
    urgent: proposal.urgent,
    notifyDepartmentIds,
  });
  if (!event.success) throw fromZodError(event.error, `Событие / Event "${IncidentCreated.name}"`);
  const { number: _filledInByTheStatement, ...eventPayload } = event.data;
  const stored = await insertIncident(tx, {
    incident: values,
    year,
    sequenceName,
    reporterId: newId("rep", now),
    timeline: {
      id: newId("itl", now),
      actorKind: context.actor.kind,
      actorId: actorId(context.actor),
      data: {
        channel: input.channel,
        category,
        confidence: proposal.confidence,
        urgent: proposal.urgent,
        urgencyReasons: proposal.urgencyReasons,
        departmentKey: routing.target.departmentKey,
      },
    },
    inbox:
      input.raw !== undefined && externalId !== null
        ? {
            id: newId("inb", now),
            kind: "incident",
            raw: input.raw,
            decidedBy: actorId(context.actor),
            reason: `${input.channel}-incident`,
          }
        : null,
    event: { id: newId("evt", occurredAt), name: IncidentCreated.name, payload: eventPayload, occurredAt },
  });
  // Another delivery of the same item committed after this statement began: answer its incident.
  if (!stored && externalId !== null) {
    const [other] = await tx.query<{ id: string }>(
      "SELECT id FROM incidents WHERE channel = $1 AND external_id = $2",
      [input.channel, externalId],
    );
    if (other) return { incident: await readIncident(tx, other.id), created: false };
  }
  if (!stored) throw new Error(`@otklik/incidents: incident ${id} was not stored`);
  if (!stored.created) return { incident: await readIncident(tx, stored.id), created: false };

  const incident: IncidentRow = {
    ...values,
    number: stored.number,
    year,
    sequence: stored.sequence,
    categoryConfirmed: false,
    assigneeId: null,
    status: "new",
    resolution: null,
    version: 1,
    firstPublicReplyAt: null,
    mergedIntoId: null,
    updatedAt: now,
  };
  await recordAudit(tx, context, {
    action: "incident.create",
    objectType: "incident",
    objectId: id,
    departmentId,
    after: {
      number: stored.number,
      channel: input.channel,
      category,
      urgent: proposal.urgent,
      status: "new",
    },
  });
  await scheduleDeadlineJobs(tx, context, incident, now);
  return { incident, created: true };
}

async function readIncident(tx: Transaction, id: string): Promise<IncidentRow> {
  const [row] = await tx.drizzle.select().from(incidents).where(eq(incidents.id, id));
  if (!row) throw new Error(`@otklik/incidents: incident ${id} vanished`);
  return row;
}

/** Job runners whose SLA queue was seen to exist (a batch insert skips a missing queue silently). */
const checkedRunners = new WeakSet<Jobs>();

/**
 * The new incident's SLA warning and deadline jobs, all in one statement (pg-boss's batch insert, in
 * the caller's transaction, with the same deterministic ids as `scheduleSlaJobs`). The first time a
 * job runner is used they go one by one through `scheduleSlaJobs`, whose `send` refuses a queue that
 * does not exist; afterwards in one batch.
 */
async function scheduleDeadlineJobs(
  tx: Transaction,
  context: IncidentContext,
  incident: IncidentRow,
  now: Date,
): Promise<void> {
  const jobs = context.jobs;
  if (!jobs) return;
  const points = slaCheckpoints(context, incident, now);
  if (points.length === 0) return;
  if (!checkedRunners.has(jobs)) {
    await scheduleSlaJobs(tx, context, incident, now);
    checkedRunners.add(jobs);
    return;
  }
  const data: SlaDeadlineJob = { incidentId: incident.id };
  await jobs.boss.insert(
    points.map((point) => ({
      name: SLA_QUEUE,
      id: deterministicUuid(point.key),
      data,
      startAfter: point.at.toISOString(),
    })),
    { db: { executeSql: async (text, values) => ({ rows: await tx.query(text, values ?? []) }) } },
  );
}
