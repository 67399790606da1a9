// The intake's SQL: what one new incident reads (one statement) and writes (one statement). Raw SQL with
// typed parameters rather than Drizzle, because the writes are one statement of chained inserts and both
// run once per inbound item — see "Intake speed" in the README.
import type { Executor } from "@otklik/db";
import { NaiveBayesModel } from "../classification/naive-bayes.js";
import { CITY_MODEL_KEY, starterModel } from "../storage/classifier-store.js";

type SqlType = "text" | "int" | "float8" | "boolean" | "jsonb" | "timestamptz";

/** Collects positional parameters: `bind(value, "text")` answers `$n::text`. */
class Parameters {
  readonly values: unknown[] = [];

  bind(value: unknown, type: SqlType): string {
    this.values.push(value === undefined ? null : value);
    return `$${this.values.length}::${type}`;
  }

  json(value: unknown): string {
    // Both drivers pass strings through; node-postgres would turn a JS array into a PostgreSQL array.
    return this.bind(JSON.stringify(value), "jsonb");
  }

  instant(value: Date | null | undefined): string {
    return this.bind(value ? value.toISOString() : null, "timestamptz");
  }
}

/** The stored model's version: a new row version (xmin), a new correction or a new time changes it. */
const MODEL_VERSION = `xmin::text || ':' || corrections || ':' || floor(extract(epoch FROM updated_at) * 1000)::bigint`;

/** What the prelude answers before the incident is computed. */
export interface IntakeFacts {
  /** The incident already stored under this channel's external id (a re-delivery), when there is one. */
  existingId: string | null;
  /** Whether the year's registration sequence exists. */
  sequenceMade: boolean;
  /** The stored classifier model's version, null while the starter model is used. */
  modelVersion: string | null;
  /** Routing key → identity department id. */
  routes: Record<string, string>;
  /** The register's coordinates of the parsed street and house, when asked and known. */
  point: { lat: number; lon: number } | null;
}

/** The key of the advisory lock two deliveries of the same external item wait on. */
export function deliveryLockKey(channel: string, externalId: string): string {
  return `incidents:${channel}:${externalId}`;
}

/** The address register's form of a house number (as `storeAddressPoints` keeps it). */
function houseKey(house: string): string {
  return house.toLowerCase().replace(/\s+/gu, "");
}

/**
 * One round trip for everything a new incident is computed from. With an external id it first waits
 * for any other transaction delivering the same item (advisory lock until commit) and answers the
 * incident already stored for it; the insert that follows runs as a new statement, so it sees what
 * that other transaction committed.
 */
export async function readIntakeFacts(
  tx: Executor,
  input: {
    channel: string;
    externalId: string | null;
    sequenceName: string;
    lookup: { street: string; house: string } | null;
  },
): Promise<IntakeFacts> {
  const p = new Parameters();
  const columns: string[] = [];
  if (input.externalId !== null) {
    const key = p.bind(deliveryLockKey(input.channel, input.externalId), "text");
    columns.push(`pg_advisory_xact_lock(hashtext(${key})) AS locked`);
    columns.push(
      `(SELECT id FROM incidents WHERE channel = ${p.bind(input.channel, "text")} AND external_id = ${p.bind(input.externalId, "text")}) AS existing_id`,
    );
  }
  columns.push(`to_regclass(${p.bind(input.sequenceName, "text")}) IS NOT NULL AS sequence_made`);
  columns.push(
    `(SELECT ${MODEL_VERSION} FROM incident_classifier_models WHERE key = ${p.bind(CITY_MODEL_KEY, "text")}) AS model_version`,
  );
  columns.push(
    "(SELECT coalesce(json_object_agg(department_key, department_id), '{}'::json) FROM incident_department_routes) AS routes",
  );
  if (input.lookup) {
    columns.push(
      `(SELECT json_build_object('lat', lat, 'lon', lon) FROM incident_address_points WHERE street = ${p.bind(input.lookup.street, "text")} AND house = ${p.bind(houseKey(input.lookup.house), "text")}) AS point`,
    );
  }
  const [row] = await tx.query<{
    existing_id?: string | null;
    sequence_made: boolean;
    model_version: string | null;
    routes: Record<string, string> | null;
    point?: { lat: number; lon: number } | null;
  }>(`SELECT ${columns.join(",\n       ")}`, p.values);
  return {
    existingId: row?.existing_id ?? null,
    sequenceMade: row?.sequence_made === true,
    modelVersion: row?.model_version ?? null,
    routes: row?.routes ?? {},
    point: row?.point ?? null,
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

/** What the one insert statement writes besides the incident. */
export interface IntakeWrite {
  incident: IncidentValues;
  year: number;
  sequenceName: string;
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

/**
 * Writes a new incident, its reporter, its `created` timeline entry, its event in the outbox and (when
 * given) its inbox item in one statement, taking the year's next registration number inside it — the last thing it does before
 * the insert, and without a lock. With an external id the number is taken only when no incident has it
 * yet, and a concurrent insert of the same item ends in `ON CONFLICT DO NOTHING`: the statement then
 * answers the stored incident with `created: false`, or nothing when that one committed after this
 * statement began (the caller reads it then).
 */
export async function insertIncident(
  tx: Executor,
  write: IntakeWrite,
): Promise<{ id: string; number: string; sequence: number; created: boolean } | undefined> {
  const p = new Parameters();
  const v = write.incident;
  const id = p.bind(v.id, "text");
  const channel = p.bind(v.channel, "text");
  const external = v.externalId === null ? null : p.bind(v.externalId, "text");
  const receivedAt = p.instant(v.receivedAt);
  const createdAt = p.instant(v.createdAt);
  const authorName = p.bind(v.authorName, "text");
  const authorUrl = p.bind(v.authorUrl, "text");
  const sourceUrl = p.bind(v.sourceUrl, "text");
  const year = p.bind(write.year, "int");
  const stored = external
    ? `SELECT 1 FROM incidents WHERE channel = ${channel} AND external_id = ${external}`
    : undefined;

  const incident: [string, string][] = [
    ["id", id],
    ["number", `${year}::text || '-' || lpad(fresh.sequence::text, 6, '0')`],
    ["year", year],
    ["sequence", "fresh.sequence"],
    ["tracking_token", p.bind(v.trackingToken, "text")],
    ["channel", channel],
    ["external_id", external ?? "NULL"],
    ["source_network", p.bind(v.sourceNetwork, "text")],
    ["source_url", sourceUrl],
    ["author_name", authorName],
    ["author_url", authorUrl],
    ["text_original", p.bind(v.textOriginal, "text")],
    ["text_clean", p.bind(v.textClean, "text")],
    ["attachments", p.json(v.attachments)],
    ["address_text", p.bind(v.addressText, "text")],
    ["street", p.bind(v.street, "text")],
    ["house", p.bind(v.house, "text")],
    ["lat", p.bind(v.lat, "float8")],
    ["lon", p.bind(v.lon, "float8")],
    ["on_map", p.bind(v.onMap, "boolean")],
    ["category", p.bind(v.category, "text")],
    ["category_confidence", p.bind(v.categoryConfidence, "float8")],
    ["category_proposal", p.json(v.categoryProposal)],
    ["department_key", p.bind(v.departmentKey, "text")],
    ["department_id", p.bind(v.departmentId, "text")],
    ["urgent", p.bind(v.urgent, "boolean")],
    ["status", "'new'"],
    ["version", "1"],
    ["sla_events", p.json(v.slaEvents)],
    ["due_at", p.instant(v.dueAt)],
    ["sla_state", p.bind(v.slaState, "text")],
    ["created_at", createdAt],
    ["received_at", receivedAt],
    ["sent_at", p.instant(v.sentAt)],
    ["platform_deadline_at", p.instant(v.platformDeadlineAt)],
    ["updated_at", receivedAt],
  ];
  const reporter: [string, string][] = [
    ["id", p.bind(write.reporterId, "text")],
    ["incident_id", "inserted.id"],
    ["channel", channel],
    ["external_id", external ?? "NULL"],
    ["author_name", authorName],
    ["author_url", authorUrl],
    ["source_url", sourceUrl],
    ["original_incident_id", "inserted.id"],
    ["reported_at", createdAt],
  ];
  const timeline: [string, string][] = [
    ["id", p.bind(write.timeline.id, "text")],
    ["incident_id", "inserted.id"],
    ["at", receivedAt],
    ["actor_kind", p.bind(write.timeline.actorKind, "text")],
    ["actor_id", p.bind(write.timeline.actorId, "text")],
    ["kind", "'created'"],
    ["comment", "NULL"],
    ["media", "'[]'::jsonb"],
    ["data", p.json(write.timeline.data)],
  ];
  const event: [string, string][] = [
    ["id", p.bind(write.event.id, "text")],
    ["event", p.bind(write.event.name, "text")],
    ["payload", `${p.json(write.event.payload)} || jsonb_build_object('number', inserted.number)`],
    ["occurred_at", p.instant(write.event.occurredAt)],
  ];
  const parts = [
    `WITH fresh AS (
       SELECT nextval(${p.bind(write.sequenceName, "text")}::regclass)::int AS sequence
       ${stored ? `WHERE NOT EXISTS (${stored})` : ""}
     ),
     inserted AS (${insertSelect("incidents", incident, "fresh")}
       ${external ? "ON CONFLICT (channel, external_id) DO NOTHING" : ""}
       RETURNING id, number, sequence),
     reporter AS (${insertSelect("incident_reporters", reporter, "inserted")}),
     timeline AS (${insertSelect("incident_timeline", timeline, "inserted")}),
     event AS (${insertSelect("event_outbox", event, "inserted")})`,
  ];
  if (write.inbox && external) {
    const inbox: [string, string][] = [
      ["id", p.bind(write.inbox.id, "text")],
      ["channel", channel],
      ["external_id", external],
      ["kind", p.bind(write.inbox.kind, "text")],
      ["author_name", authorName],
      ["author_url", authorUrl],
      ["text", p.bind(v.textOriginal, "text")],
      ["url", sourceUrl],
      ["attachments", p.json(v.attachments)],
      ["raw", p.json(write.inbox.raw)],
      ["occurred_at", createdAt],
      ["received_at", receivedAt],
      ["decision", "'incident'"],
      ["decision_reason", p.bind(write.inbox.reason, "text")],
      ["incident_id", "inserted.id"],
      ["decided_by", p.bind(write.inbox.decidedBy, "text")],
      ["decided_at", receivedAt],
    ];
    parts.push(
      `, inbox AS (${insertSelect("incident_inbox", inbox, "inserted")} ON CONFLICT (channel, external_id) DO NOTHING)`,
    );
  }
  parts.push("SELECT id, number, sequence, true AS created FROM inserted");
  if (external) {
    parts.push(
      `UNION ALL SELECT id, number, sequence, false AS created FROM incidents
        WHERE channel = ${channel} AND external_id = ${external} AND NOT EXISTS (SELECT 1 FROM inserted)`,
    );
  }
  const [row] = await tx.query<{ id: string; number: string; sequence: number; created: boolean }>(
    parts.join("\n"),
    p.values,
  );
  return row ? { ...row, sequence: Number(row.sequence) } : undefined;
}

function insertSelect(table: string, columns: [string, string][], from: string): string {
  return `INSERT INTO ${table} (${columns.map(([name]) => name).join(", ")})
       SELECT ${columns.map(([, value]) => value).join(", ")} FROM ${from}`;
}
