import { newId, notFound, OtklikError } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { type Actor, actorId } from "@otklik/identity";
import { eq } from "drizzle-orm";
import { incidents, timelineEntries } from "../schema.js";

/** An incident row as stored. */
export type IncidentRow = typeof incidents.$inferSelect;

export const INCIDENT_NOT_FOUND = "Обращение / Incident";

/** Reads one incident, locking it for the rest of the transaction when `forUpdate`. Throws not_found. */
export async function loadIncident(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentRow> {
  const query = db.drizzle.select().from(incidents).where(eq(incidents.id, id));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound(INCIDENT_NOT_FOUND);
  return row;
}

/** An incident as the desk's API answers it (instants as ISO strings). */
export interface IncidentSummary {
  id: string;
  number: string;
  channel: string;
  sourceNetwork: string | null;
  text: string;
  category: string;
  categoryConfidence: number;
  categoryConfirmed: boolean;
  departmentId: string | null;
  assigneeId: string | null;
  urgent: boolean;
  status: string;
  version: number;
  address: string | null;
  location: { lat: number; lon: number } | null;
  onMap: boolean;
  dueAt: string | null;
  slaState: string;
  createdAt: string;
  receivedAt: string;
  sentAt: string | null;
  firstPublicReplyAt: string | null;
  mergedIntoId: string | null;
  updatedAt: string;
}

/** The address as one line: the register's street and house, else what was written. */
export function addressLine(row: Pick<IncidentRow, "street" | "house" | "addressText">): string | null {
  if (row.street) return row.house ? `${row.street}, ${row.house}` : row.street;
  return row.addressText;
}

/** The columns {@link toIncidentSummary} reads (a list may select only these). */
export type IncidentSummaryRow = Pick<
  IncidentRow,
  | "id"
  | "number"
  | "channel"
  | "sourceNetwork"
  | "textOriginal"
  | "category"
  | "categoryConfidence"
  | "categoryConfirmed"
  | "departmentId"
  | "assigneeId"
  | "urgent"
  | "status"
  | "version"
  | "street"
  | "house"
  | "addressText"
  | "lat"
  | "lon"
  | "onMap"
  | "dueAt"
  | "slaState"
  | "createdAt"
  | "receivedAt"
  | "sentAt"
  | "firstPublicReplyAt"
  | "mergedIntoId"
  | "updatedAt"
>;

export function toIncidentSummary(row: IncidentSummaryRow): IncidentSummary {
  return {
    id: row.id,
    number: row.number,
    channel: row.channel,
    sourceNetwork: row.sourceNetwork,
    text: row.textOriginal,
    category: row.category,
    categoryConfidence: row.categoryConfidence,
    categoryConfirmed: row.categoryConfirmed,
    departmentId: row.departmentId,
    assigneeId: row.assigneeId,
    urgent: row.urgent,
    status: row.status,
    version: row.version,
    address: addressLine(row),
    location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    onMap: row.onMap,
    dueAt: row.dueAt?.toISOString() ?? null,
    slaState: row.slaState,
    createdAt: row.createdAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    firstPublicReplyAt: row.firstPublicReplyAt?.toISOString() ?? null,
    mergedIntoId: row.mergedIntoId,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Appends one timeline entry in the caller's transaction. */
export async function addTimelineEntry(
  tx: Executor,
  entry: {
    incidentId: string;
    at: Date;
    actor: Actor;
    kind: string;
    comment?: string | null;
    media?: { kind: string; url: string }[];
    data?: Record<string, unknown>;
  },
): Promise<string> {
  const id = newId("itl", entry.at);
  await tx.drizzle.insert(timelineEntries).values({
    id,
    incidentId: entry.incidentId,
    at: entry.at,
    actorKind: entry.actor.kind,
    actorId: actorId(entry.actor),
    kind: entry.kind,
    comment: entry.comment ?? null,
    media: entry.media ?? [],
    data: entry.data ?? {},
  });
  return id;
}

/** Throws a conflict when the client saw an older version than the stored one. */
export function assertVersion(row: IncidentRow, expected: number | undefined): void {
  if (expected === undefined || expected === row.version) return;
  throw new OtklikError(
    "conflict",
    `Обращение уже изменено (версия ${row.version}, у вас ${expected}): обновите и повторите. / The incident was changed meanwhile (version ${row.version}, you saw ${expected}): reload and retry.`,
    { details: [{ path: ["version"], message: `current version: ${row.version}` }] },
  );
}
