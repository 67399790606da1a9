import { fromZodError, newId } from "@otklik/core";
import type { Transaction } from "@otklik/db";
import { actorId, recordAudits } from "@otklik/identity";
import type { SlaEvaluation } from "@otklik/sla";
import { inArray } from "drizzle-orm";
import { parseAddress } from "../addresses/parse-address.js";
import type { CategoryCode } from "../classification/categories.js";
import { classifyComment } from "../classification/classify-comment.js";
import type { NaiveBayesModel } from "../classification/naive-bayes.js";
import type { IncidentContext } from "../context.js";
import { IncidentCreated } from "../events.js";
import { incidentCreatedEvent } from "../lifecycle/facts.js";
import { newTrackingToken } from "../numbers/tracking-token.js";
import { routeToDepartment } from "../routing/routing-table.js";
import { incidents } from "../schema.js";
import {
  evaluateIncidentSla,
  slaSettings,
  slaSummary,
  stampPolicyVersion,
  storableSlaEvents,
} from "../sla/sla-evaluation.js";
import { nextCheckpointOf, reachedCheckpointOf, slaCheckpointJob } from "../sla/sla-jobs.js";
import type { IncidentRow } from "../storage/incident-record.js";
import {
  ensureRegistrationSequence,
  registrationSequenceName,
  yearInZone,
} from "../storage/registration-numbers.js";
import { normalizeText } from "../text/normalize.js";
import {
  classifierModelOf,
  deliveryKey,
  type IncidentValues,
  type IntakeFacts,
  type IntakeWrite,
  insertIncidents,
  pointKey,
  readIntakeFacts,
} from "./intake-statements.js";

/** What any channel knows about a new incident. */
export interface NewIncident {
  /** The incident's id when the caller needs it before the insert (files stored first); a new one otherwise. */
  id?: string;
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
 */
export async function createIncidentInTransaction(
  tx: Transaction,
  context: IncidentContext,
  input: NewIncident,
): Promise<{ incident: IncidentRow; created: boolean }> {
  const [result] = await createIncidentsInTransaction(tx, context, [input]);
  return result as { incident: IncidentRow; created: boolean };
}

/**
 * {@link createIncidentInTransaction} for many incidents at once, answering one result per input in
 * order. The same external item twice in `inputs` is one incident (the second answers `created: false`).
 *
 * Four statements whatever the batch's size: one read of everything the incidents are computed from,
 * one of chained inserts (the incidents with their numbers — taken there from a sequence, without a
 * lock — their reporters, timeline entries, `IncidentCreated` events in the outbox and inbox items),
 * the audit entries, and the SLA jobs.
 */
export async function createIncidentsInTransaction(
  tx: Transaction,
  context: IncidentContext,
  inputs: readonly NewIncident[],
): Promise<{ incident: IncidentRow; created: boolean }[]> {
  const now = context.clock.now();
  const year = yearInZone(now, DEFAULT_TIME_ZONE);
  const sequenceName = registrationSequenceName(year);

  // The first input of each external item leads; later ones of the same item follow its result.
  const leaderOf = new Map<string, number>();
  const leads: number[] = inputs.map((input, index) => {
    if (input.externalId == null) return index;
    const key = deliveryKey(input.channel, input.externalId);
    const leader = leaderOf.get(key);
    if (leader !== undefined) return leader;
    leaderOf.set(key, index);
    return index;
  });
  const leaders = inputs.flatMap((input, index) => (leads[index] === index ? [{ input, index }] : []));
  const addresses = new Map(
    leaders.map(({ input, index }) => [index, parseAddress(input.addressText ?? input.text)]),
  );
  const lookups = leaders.flatMap(({ input, index }) => {
    const address = addresses.get(index);
    return !input.location && address?.street && address.house
      ? [{ street: address.street, house: address.house }]
      : [];
  });
  const facts = await readIntakeFacts(tx, {
    items: leaders.flatMap(({ input }) =>
      input.externalId != null ? [{ channel: input.channel, externalId: input.externalId }] : [],
    ),
    sequenceName,
    lookups,
  });
  const fresh = leaders.filter(
    ({ input }) =>
      input.externalId == null || !facts.existing.has(deliveryKey(input.channel, input.externalId)),
  );
  if (fresh.length > 0 && !facts.sequenceMade) await ensureRegistrationSequence(tx, year);
  const model = fresh.length > 0 ? await classifierModelOf(tx, facts.modelVersion) : null;

  const writes = new Map<number, IntakeWrite>();
  // Each new incident's SLA evaluated once, at `now`: for its row's summary and for its SLA jobs.
  const evaluations = new Map<string, SlaEvaluation>();
  for (const { input, index } of fresh) {
    const { write, evaluation } = newIncidentWrite(
      context,
      input,
      addresses.get(index) ?? null,
      facts,
      model!,
      now,
    );
    writes.set(index, write);
    evaluations.set(write.incident.id, evaluation);
  }
  const inserted = await insertIncidents(tx, { year, sequenceName, writes: [...writes.values()] });

  // Items stored before (or by a transaction that committed while this one inserted): their incidents.
  const existingIds = new Map<number, string>();
  const raced: number[] = [];
  for (const { input, index } of leaders) {
    const write = writes.get(index);
    if (write && inserted.has(write.incident.id)) continue;
    const known =
      input.externalId != null ? facts.existing.get(deliveryKey(input.channel, input.externalId)) : undefined;
    if (known) existingIds.set(index, known);
    else raced.push(index);
  }
  if (raced.length > 0) {
    const found = await tx.query<{ id: string; channel: string; external_id: string }>(
      `SELECT id, channel, external_id FROM incidents
        WHERE (channel, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [raced.map((index) => inputs[index]!.channel), raced.map((index) => inputs[index]!.externalId ?? "")],
    );
    const byKey = new Map(found.map((row) => [deliveryKey(row.channel, row.external_id), row.id]));
    for (const index of raced) {
      const input = inputs[index]!;
      const id =
        input.externalId != null ? byKey.get(deliveryKey(input.channel, input.externalId)) : undefined;
      if (!id)
        throw new Error(`@otklik/incidents: incident ${writes.get(index)?.incident.id} was not stored`);
      existingIds.set(index, id);
    }
  }
  const stored =
    existingIds.size > 0
      ? await tx.drizzle
          .select()
          .from(incidents)
          .where(inArray(incidents.id, [...new Set(existingIds.values())]))
      : [];
  const storedById = new Map(stored.map((row) => [row.id, row]));

  const results = new Map<number, { incident: IncidentRow; created: boolean }>();
  const created: IncidentRow[] = [];
  for (const { index } of leaders) {
    const existingId = existingIds.get(index);
    if (existingId) {
      const row = storedById.get(existingId);
      if (!row) throw new Error(`@otklik/incidents: incident ${existingId} vanished`);
      results.set(index, { incident: row, created: false });
      continue;
    }
    const write = writes.get(index)!;
    const numbered = inserted.get(write.incident.id)!;
    const incident: IncidentRow = {
      ...write.incident,
      number: numbered.number,
      year,
      sequence: numbered.sequence,
      categoryConfirmed: false,
      assigneeId: null,
      status: "new",
      resolution: null,
      version: 1,
      firstPublicReplyAt: null,
      mergedIntoId: null,
      updatedAt: now,
    };
    created.push(incident);
    results.set(index, { incident, created: true });
  }
  await recordAudits(
    tx,
    context,
    created.map((incident) => ({
      action: "incident.create",
      objectType: "incident",
      objectId: incident.id,
      departmentId: incident.departmentId,
      after: {
        number: incident.number,
        channel: incident.channel,
        category: incident.category,
        urgent: incident.urgent,
        status: "new",
      },
    })),
  );
  await scheduleDeadlineJobs(tx, context, created, evaluations, now);
  return inputs.map((_, index) => {
    const result = results.get(leads[index]!)!;
    return leads[index] === index ? result : { incident: result.incident, created: false };
  });
}

/** What a new incident is, computed in JavaScript from its input and the batch's facts. */
function newIncidentWrite(
  context: IncidentContext,
  input: NewIncident,
  address: ReturnType<typeof parseAddress>,
  facts: IntakeFacts,
  model: NaiveBayesModel,
  now: Date,
): { write: IntakeWrite; evaluation: SlaEvaluation } {
  const externalId = input.externalId ?? null;
  const cleaned = normalizeText(input.text);
  const proposal = classifyComment(input.text, model);
  const category = input.category ?? proposal.category;
  const routing = routeToDepartment({ category, urgent: proposal.urgent });
  const departmentId =
    routing.target.kind === "department" ? (facts.routes[routing.target.departmentKey] ?? null) : null;
  const notifyDepartmentIds = routing.notifyAtOnce.flatMap((target) => {
    const id = facts.routes[target.departmentKey];
    return id ? [id] : [];
  });
  const registered =
    !input.location && address?.street && address.house
      ? (facts.points.get(pointKey(address.street, address.house)) ?? null)
      : null;
  const point = input.location ?? registered;

  const id = input.id ?? newId("inc", now);
  const clockStart = input.sentAt ?? now;
  const settings = slaSettings(context);
  const slaEvents = stampPolicyVersion(
    settings,
    storableSlaEvents([
      incidentCreatedEvent({
        at: clockStart,
        category,
        channel: input.channel,
        urgent: proposal.urgent,
        ...(departmentId ? { departmentKey: departmentId } : {}),
      }),
    ]),
  );
  const evaluation = evaluateIncidentSla(settings, slaEvents, now);
  const summary = slaSummary(evaluation);
  const values: IncidentValues = {
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
  const write: IntakeWrite = {
    incident: values,
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
  };
  return { write, evaluation };
}

/**
 * The new incidents' SLA jobs — each incident's next warning or deadline, as `scheduleSlaJobs`
 * schedules it, and a job now for one registered with a warning or deadline already behind it — all in
 * one statement in the caller's transaction.
 */
async function scheduleDeadlineJobs(
  tx: Transaction,
  context: IncidentContext,
  created: readonly IncidentRow[],
  evaluations: ReadonlyMap<string, SlaEvaluation>,
  now: Date,
): Promise<void> {
  const jobs = context.jobs;
  if (!jobs || created.length === 0) return;
  const batch = created.flatMap((incident) => {
    const evaluation =
      evaluations.get(incident.id) ?? evaluateIncidentSla(slaSettings(context), incident.slaEvents, now);
    return [
      reachedCheckpointOf(incident.id, evaluation, now),
      nextCheckpointOf(incident.id, evaluation, now),
    ].flatMap((point) => (point ? [slaCheckpointJob(incident.id, point)] : []));
  });
  await jobs.sendMany(batch, { tx });
}
