// The intake's SQL: what a batch of new incidents reads (one statement) and writes (one statement). Raw SQL
// rather than Drizzle, because the writes are one statement of chained inserts over a JSON batch and both
// run for every inbound item — see "Intake speed" in the README.
import type { Executor } from "@otklik/db";
import { NaiveBayesModel } from "../classification/naive-bayes.js";
import { CITY_MODEL_KEY, starterModel } from "../storage/classifier-store.js";

/** The stored model's version: a new row version (xmin), a new correction or a new time changes it. */
const MODEL_VERSION = `xmin::text || ':' || corrections || ':' || floor(extract(epoch FROM updated_at) * 1000)::bigint`;

/** What the prelude answers before a batch of incidents is computed. */
export interface IntakeFacts {
  /** Incidents already stored under the asked channels' external ids (re-deliveries), by {@link deliveryKey}. */
  existing: Map<string, string>;
  /** Whether the year's registration sequence exists. */
  sequenceMade: boolean;
  /** The stored classifier model's version, null while the starter model is used. */
  modelVersion: string | null;
  /** Routing key → identity department id. */
  routes: Record<string, string>;
  /** The register's coordinates of the asked streets and houses, by {@link pointKey}. */
  points: Map<string, { lat: number; lon: number }>;
}

/** The key of one channel's external item. */
export function deliveryKey(channel: string, externalId: string): string {
  return `${channel}\u0000${externalId}`;
}

/** The address register's form of a house number (as `storeAddressPoints` keeps it). */
function houseKey(house: string): string {
  return house.toLowerCase().replace(/\s+/gu, "");
}

/** The key of a street and house in {@link IntakeFacts.points}. */
export function pointKey(street: string, house: string): string {
  return `${street}\u0000${houseKey(house)}`;
}

/**
 * One round trip for everything a batch of new incidents is computed from: which of the external items
 * are stored already, whether the year's sequence exists, the classifier model's version, the routing
 * table and the register's points of the parsed addresses.
 *
 * It first waits for any other transaction delivering one of the same items (an advisory lock per item
 * until commit, taken in one order — by hash — so two batches cannot deadlock on them). The insert that
 * follows runs as a new statement and sees what that other transaction committed, so a re-delivery in
 * flight at the same time takes no registration number; the insert's `ON CONFLICT` is the last guard.
 */
export async function readIntakeFacts(
  tx: Executor,
  input: {
    items: readonly { channel: string; externalId: string }[];
    sequenceName: string;
    lookups: readonly { street: string; house: string }[];
  },
): Promise<IntakeFacts> {
  const [row] = await tx.query<{
    existing: { channel: string; external_id: string; id: string }[] | null;
    sequence_made: boolean;
    model_version: string | null;
    routes: Record<string, string> | null;
    points: { street: string; house: string; lat: number; lon: number }[] | null;
  }>(
    `SELECT
       (SELECT count(pg_advisory_xact_lock(h))
          FROM (SELECT DISTINCT hashtext('incidents:' || c || ':' || e) AS h
                  FROM unnest($1::text[], $2::text[]) AS item(c, e) ORDER BY h) AS keys) AS locked,
       (SELECT json_agg(json_build_object('channel', channel, 'external_id', external_id, 'id', id))
          FROM incidents
         WHERE (channel, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))) AS existing,
       to_regclass($3::text) IS NOT NULL AS sequence_made,
       (SELECT ${MODEL_VERSION} FROM incident_classifier_models WHERE key = $4::text) AS model_version,
       (SELECT coalesce(json_object_agg(department_key, department_id), '{}'::json)
          FROM incident_department_routes) AS routes,
       (SELECT json_agg(json_build_object('street', street, 'house', house, 'lat', lat, 'lon', lon))
          FROM incident_address_points
         WHERE (street, house) IN (SELECT * FROM unnest($5::text[], $6::text[]))) AS points`,
    [
      input.items.map((item) => item.channel),
      input.items.map((item) => item.externalId),
      input.sequenceName,
      CITY_MODEL_KEY,
      input.lookups.map((lookup) => lookup.street),
      input.lookups.map((lookup) => houseKey(lookup.house)),
    ],
  );
  return {
    existing: new Map(
      (row?.existing ?? []).map((item) => [deliveryKey(item.channel, item.external_id), item.id]),
    ),
    sequenceMade: row?.sequence_made === true,
    modelVersion: row?.model_version ?? null,
    routes: row?.routes ?? {},
    points: new Map(
      (row?.points ?? []).map((point) => [
        pointKey(point.street, point.house),
        { lat: Number(point.lat), lon: Number(point.lon) },
      ]),
    ),
  };
}

const models = new Map<string, NaiveBayesModel>();

/**
 * The classifier model of `version` (from {@link readIntakeFacts}): the starter model while none is
 * stored, else the stored one, parsed once per version and kept (a few versions at most), so an
 * intake does not fetch and validate the whole model every time.
 */
export async function classifierModelOf(tx: Executor, version: string | null): Promise<NaiveBayesModel> {
  if (version === null) return starterModel();
  const known = models.get(version);
  if (known) return known;
  const [row] = await tx.query<{ model: unknown; version: string }>(
    `SELECT model, ${MODEL_VERSION} AS version FROM incident_classifier_models WHERE key = $1`,
    [CITY_MODEL_KEY],
  );
  if (!row) return starterModel();
  const model = NaiveBayesModel.parse(row.model);
  if (models.size >= 4) models.delete(models.keys().next().value as string);
  models.set(row.version, model);
  return model;
}

/** The columns of a new incident, as the insert writes them (number, year and sequence come from SQL). */
export interface IncidentValues {
  id: string;
  trackingToken: string;
  channel: string;
  externalId: string | null;
  sourceNetwork: string | null;
  sourceUrl: string | null;
  authorName: string | null;
  authorUrl: string | null;
  textOriginal: string;
  textClean: string;
  attachments: { type: string; url: string }[];
  addressText: string | null;
  street: string | null;
  house: string | null;
  lat: number | null;
  lon: number | null;
  onMap: boolean;
  category: string;
  categoryConfidence: number;
  categoryProposal: unknown;
  departmentKey: string | null;
  departmentId: string | null;
  urgent: boolean;
  slaEvents: Record<string, unknown>[];
  dueAt: Date | null;
  slaState: string;
  createdAt: Date;
  receivedAt: Date;
  sentAt: Date | null;
  platformDeadlineAt: Date | null;
}

/** One new incident and what the insert statement writes with it. */
export interface IntakeWrite {
  incident: IncidentValues;
  reporterId: string;
  timeline: { id: string; actorKind: string; actorId: string; data: Record<string, unknown> };
  /** The inbound item kept whole in the inbox, decided as an incident (the platform's items). */
  inbox: { id: string; kind: string; raw: unknown; decidedBy: string; reason: string } | null;
  /**
   * The event to put in the outbox with the incident (already validated against its schema); its
   * payload gets the registration number under `number`, which only the statement knows.
   */
  event: { id: string; name: string; payload: Record<string, unknown>; occurredAt: Date };
}

/** The batch's rows as the statement reads them (`jsonb_to_recordset`), with their SQL types. */
const BATCH_COLUMNS = `ord int, id text, tracking_token text, channel text, external_id text, source_network text,
  source_url text, author_name text, author_url text, text_original text, text_clean text, attachments jsonb,
  address_text text, street text, house text, lat float8, lon float8, on_map boolean, category text,
  category_confidence float8, category_proposal jsonb, department_key text, department_id text, urgent boolean,
  sla_events jsonb, due_at timestamptz, sla_state text, created_at timestamptz, received_at timestamptz,
  sent_at timestamptz, platform_deadline_at timestamptz, reporter_id text, timeline_id text,
  timeline_actor_kind text, timeline_actor_id text, timeline_data jsonb, event_id text, event_name text,
  event_payload jsonb, event_at timestamptz, inbox_id text, inbox_kind text, inbox_raw jsonb,
  inbox_decided_by text, inbox_reason text`;

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/**
 * PostgreSQL's text (and jsonb's strings) cannot hold U+0000 or a lone UTF-16 surrogate, which a JSON body
 * may carry as `\u0000` / `\ud800`: both become U+FFFD, as an invalid byte does when a body is decoded.
 */
function storableString(_key: string, value: unknown): unknown {
  return typeof value === "string" ? value.replace(UNSTORABLE, "\ufffd") : value;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what it finds.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// JSON.stringify writes U+0000 and lone surrogates as escapes (`\u0000`, `\ud800`). Where none appears (a
// literal backslash before `u0000` in a text matches too, harmlessly), no string needs `storableString`.
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** The batch as the statement's JSON, strings made storable; the replacer pass only when one may need it. */
function batchJson(rows: readonly Record<string, unknown>[]): string {
  const json = JSON.stringify(rows);
  return UNSTORABLE_ESCAPE.test(json) ? JSON.stringify(rows, storableString) : json;
}

function batchRow(write: IntakeWrite, ord: number): Record<string, unknown> {
  const v = write.incident;
  const inbox = write.inbox && v.externalId !== null ? write.inbox : null;
  return {
    ord,
    id: v.id,
    tracking_token: v.trackingToken,
    channel: v.channel,
    external_id: v.externalId,
    source_network: v.sourceNetwork,
    source_url: v.sourceUrl,
    author_name: v.authorName,
    author_url: v.authorUrl,
    text_original: v.textOriginal,
    text_clean: v.textClean,
    attachments: v.attachments,
    address_text: v.addressText,
    street: v.street,
    house: v.house,
    lat: v.lat,
    lon: v.lon,
    on_map: v.onMap,
    category: v.category,
    category_confidence: v.categoryConfidence,
    category_proposal: v.categoryProposal,
    department_key: v.departmentKey,
    department_id: v.departmentId,
    urgent: v.urgent,
    sla_events: v.slaEvents,
    due_at: iso(v.dueAt),
    sla_state: v.slaState,
    created_at: iso(v.createdAt),
    received_at: iso(v.receivedAt),
    sent_at: iso(v.sentAt),
    platform_deadline_at: iso(v.platformDeadlineAt),
    reporter_id: write.reporterId,
    timeline_id: write.timeline.id,
    timeline_actor_kind: write.timeline.actorKind,
    timeline_actor_id: write.timeline.actorId,
    timeline_data: write.timeline.data,
    event_id: write.event.id,
    event_name: write.event.name,
    event_payload: write.event.payload,
    event_at: iso(write.event.occurredAt),
    inbox_id: inbox?.id ?? null,
    inbox_kind: inbox?.kind ?? null,
    inbox_raw: inbox?.raw ?? null,
    inbox_decided_by: inbox?.decidedBy ?? null,
    inbox_reason: inbox?.reason ?? null,
  };
}

/**
 * Writes a batch of new incidents — each with its reporter, its `created` timeline entry, its event in
 * the outbox and (when given) its inbox item — in one statement, taking each its year's next
 * registration number inside it, without a lock. Items whose external id is stored already get no
 * number; one that another transaction inserts meanwhile ends in `ON CONFLICT DO NOTHING` (its number
 * is then a gap, accepted). Rows are inserted in (channel, external id) order, so two batches racing on
 * the same items lock them in the same order and cannot deadlock. Answers the incidents it inserted;
 * the caller reads the others.
 */
export async function insertIncidents(
  tx: Executor,
  batch: { year: number; sequenceName: string; writes: readonly IntakeWrite[] },
): Promise<Map<string, { number: string; sequence: number }>> {
  if (batch.writes.length === 0) return new Map();
  const rows = await tx.query<{ id: string; number: string; sequence: number }>(
    `WITH batch AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS b(${BATCH_COLUMNS})
     ),
     fresh AS (
       SELECT b.*, nextval($2::text::regclass)::int AS sequence
         FROM (SELECT * FROM batch b
                WHERE b.external_id IS NULL
                   OR NOT EXISTS (SELECT 1 FROM incidents i
                                   WHERE i.channel = b.channel AND i.external_id = b.external_id)
                ORDER BY b.channel, b.external_id, b.ord) b
     ),
     inserted AS (
       INSERT INTO incidents (id, number, year, sequence, tracking_token, channel, external_id, source_network,
         source_url, author_name, author_url, text_original, text_clean, attachments, address_text, street, house,
         lat, lon, on_map, category, category_confidence, category_proposal, department_key, department_id, urgent,
         status, version, sla_events, due_at, sla_state, created_at, received_at, sent_at, platform_deadline_at,
         updated_at)
       SELECT id, $3::int::text || '-' || lpad(sequence::text, 6, '0'), $3::int, sequence, tracking_token, channel,
         external_id, source_network, source_url, author_name, author_url, text_original, text_clean, attachments,
         address_text, street, house, lat, lon, on_map, category, category_confidence, category_proposal,
         department_key, department_id, urgent, 'new', 1, sla_events, due_at, sla_state, created_at, received_at,
         sent_at, platform_deadline_at, received_at
         FROM fresh
       ON CONFLICT (channel, external_id) DO NOTHING
       RETURNING id, number, sequence
     ),
     reporter AS (
       INSERT INTO incident_reporters (id, incident_id, channel, external_id, author_name, author_url, source_url,
         original_incident_id, reported_at)
       SELECT b.reporter_id, i.id, b.channel, b.external_id, b.author_name, b.author_url, b.source_url, i.id,
         b.created_at
         FROM inserted i JOIN batch b USING (id)
     ),
     timeline AS (
       INSERT INTO incident_timeline (id, incident_id, at, actor_kind, actor_id, kind, comment, media, data)
       SELECT b.timeline_id, i.id, b.received_at, b.timeline_actor_kind, b.timeline_actor_id, 'created', NULL,
         '[]'::jsonb, b.timeline_data
         FROM inserted i JOIN batch b USING (id)
     ),
     event AS (
       INSERT INTO event_outbox (id, event, payload, occurred_at)
       SELECT b.event_id, b.event_name, b.event_payload || jsonb_build_object('number', i.number), b.event_at
         FROM inserted i JOIN batch b USING (id)
     ),
     inbox AS (
       INSERT INTO incident_inbox (id, channel, external_id, kind, author_name, author_url, text, url, attachments,
         raw, occurred_at, received_at, decision, decision_reason, incident_id, decided_by, decided_at)
       SELECT b.inbox_id, b.channel, b.external_id, b.inbox_kind, b.author_name, b.author_url, b.text_original,
         b.source_url, b.attachments, b.inbox_raw, b.created_at, b.received_at, 'incident', b.inbox_reason, i.id,
         b.inbox_decided_by, b.received_at
         FROM inserted i JOIN batch b USING (id)
        WHERE b.inbox_id IS NOT NULL
       ON CONFLICT (channel, external_id) DO NOTHING
     )
     SELECT id, number, sequence FROM inserted`,
    [batchJson(batch.writes.map(batchRow)), batch.sequenceName, batch.year],
  );
  return new Map(rows.map((row) => [row.id, { number: row.number, sequence: Number(row.sequence) }]));
}
