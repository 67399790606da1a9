import { decodeCursor, encodeCursor, OtklikError, type Page, Pagination } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { assertInScope, requirePermission, scopeToDepartment } from "@otklik/identity";
import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import {
  type DepartmentReplyDraft,
  type DepartmentRequestView,
  replyDraftFrom,
  requestsOfIncident,
} from "../department-requests/department-requests.js";
import { incidents, replies, replyDeliveries, reporters, timelineEntries } from "../schema.js";
import { evaluateIncidentSla, type SlaMetricView, slaSettings, slaView } from "../sla/sla-evaluation.js";
import {
  INCIDENT_NOT_FOUND,
  type IncidentSummary,
  loadIncident,
  toIncidentSummary,
} from "../storage/incident-record.js";
import { type ReplyDeliveryView, toDeliveryView } from "./deliver-reply.js";

/** The largest page of the queue: the desk reads a short first page, then the rest in pages this long. */
export const INCIDENT_PAGE_MAX = 1000;

/** Filters of the desk's queue. */
export const IncidentQuery = Pagination.extend({
  limit: z.coerce
    .number({ error: "limit должен быть числом / limit must be a number" })
    .int({ error: "limit должен быть целым / limit must be a whole number" })
    .min(1, { error: "limit не меньше 1 / limit must be at least 1" })
    .max(INCIDENT_PAGE_MAX, {
      error: `limit не больше ${INCIDENT_PAGE_MAX} / limit must be at most ${INCIDENT_PAGE_MAX}`,
    })
    .default(20),
  status: z.string().min(1).max(40).optional(),
  departmentId: z.string().min(1).max(64).optional(),
  category: z.string().min(1).max(40).optional(),
  channel: z.string().min(1).max(40).optional(),
  urgent: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  slaState: z.enum(["running", "paused", "met", "breached"]).optional(),
  /** Words to find, in Russian (PostgreSQL's `russian` full-text configuration). */
  q: z.string().trim().min(1).max(200).optional(),
});
export type IncidentQuery = z.input<typeof IncidentQuery>;

const FAR_FUTURE = "9999-12-31T00:00:00.000Z";

/** The columns a summary is made of: not the SLA event log, the classifier's proposal and the like. */
const SUMMARY_COLUMNS = {
  id: incidents.id,
  number: incidents.number,
  channel: incidents.channel,
  sourceNetwork: incidents.sourceNetwork,
  textOriginal: incidents.textOriginal,
  category: incidents.category,
  categoryConfidence: incidents.categoryConfidence,
  categoryConfirmed: incidents.categoryConfirmed,
  departmentId: incidents.departmentId,
  assigneeId: incidents.assigneeId,
  urgent: incidents.urgent,
  status: incidents.status,
  version: incidents.version,
  street: incidents.street,
  house: incidents.house,
  addressText: incidents.addressText,
  lat: incidents.lat,
  lon: incidents.lon,
  onMap: incidents.onMap,
  dueAt: incidents.dueAt,
  slaState: incidents.slaState,
  createdAt: incidents.createdAt,
  receivedAt: incidents.receivedAt,
  sentAt: incidents.sentAt,
  firstPublicReplyAt: incidents.firstPublicReplyAt,
  mergedIntoId: incidents.mergedIntoId,
  updatedAt: incidents.updatedAt,
};

/**
 * The desk's queue, nearest deadline first (incidents without a running deadline last), filtered;
 * executors and heads see their department's incidents only. Merged duplicates are left out.
 */
export async function listIncidents(
  context: IncidentContext,
  rawQuery: IncidentQuery,
): Promise<Page<IncidentSummary>> {
  const scope = requirePermission(context.actor, "incident:read");
  const parsed = IncidentQuery.safeParse(rawQuery);
  if (!parsed.success) throw parsed.error;
  const query = parsed.data;
  const due = sql`coalesce(${incidents.dueAt}, ${FAR_FUTURE}::timestamptz)`;
  let after: SQL | undefined;
  if (query.cursor) {
    const position = decodeCursor(query.cursor);
    if (!position || typeof position.due !== "string" || typeof position.id !== "string") {
      throw new OtklikError("validation_failed", "Неверный курсор / Invalid cursor", {
        details: [{ path: ["cursor"], message: "invalid" }],
      });
    }
    after = or(
      sql`${due} > ${position.due}::timestamptz`,
      and(sql`${due} = ${position.due}::timestamptz`, gt(incidents.id, position.id)),
    );
  }
  const rows = await context.db.drizzle
    .select(SUMMARY_COLUMNS)
    .from(incidents)
    .where(
      and(
        scopeToDepartment(scope, incidents.departmentId),
        isNull(incidents.mergedIntoId),
        query.status ? eq(incidents.status, query.status) : undefined,
        query.departmentId ? eq(incidents.departmentId, query.departmentId) : undefined,
        query.category ? eq(incidents.category, query.category) : undefined,
        query.channel ? eq(incidents.channel, query.channel) : undefined,
        query.urgent !== undefined ? eq(incidents.urgent, query.urgent) : undefined,
        query.slaState ? eq(incidents.slaState, query.slaState) : undefined,
        query.q
          ? sql`to_tsvector('russian', ${incidents.textClean}) @@ plainto_tsquery('russian', ${query.q})`
          : undefined,
        after,
      ),
    )
    .orderBy(asc(due), asc(incidents.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toIncidentSummary),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor({ due: (last.dueAt ?? new Date(FAR_FUTURE)).toISOString(), id: last.id })
        : null,
  };
}

/**
 * The summaries (the queue's row shape) of the incidents named, in no particular order; unknown ids are
 * left out, merged duplicates are answered (with `mergedIntoId`). No permission check: for the API's live
 * stream, which checks each viewer's department scope against `departmentId` itself, as the queue does.
 */
export async function incidentSummaries(db: Executor, ids: readonly string[]): Promise<IncidentSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.drizzle
    .select(SUMMARY_COLUMNS)
    .from(incidents)
    .where(inArray(incidents.id, [...ids]));
  return rows.map(toIncidentSummary);
}

/** One incident with everything the desk shows. */
export interface IncidentDetail extends IncidentSummary {
  categoryProposal: unknown;
  attachments: { type: string; url: string }[];
  author: { name: string | null; url: string | null; sourceUrl: string | null };
  trackingToken: string;
  timeline: {
    id: string;
    at: string;
    actorKind: string;
    actorId: string;
    kind: string;
    comment: string | null;
    media: { kind: string; url: string }[];
    data: Record<string, unknown>;
  }[];
  replies: {
    id: string;
    visibility: string;
    text: string;
    deliveryState: string;
    /** Why the delivery failed or is in doubt (Russian first); null when delivered or queued. */
    deliveryError: string | null;
    deliveryAttempts: number;
    channel: string | null;
    createdAt: string;
    sentAt: string | null;
    /** Public replies: one delivery per reporter, each to the reporter's own origin; internal notes: none. */
    deliveries: ReplyDeliveryView[];
  }[];
  reporters: {
    id: string;
    channel: string;
    authorName: string | null;
    authorUrl: string | null;
    sourceUrl: string | null;
    reportedAt: string;
    originalIncidentId: string;
    /** The reporter's consent in identity's ledger (site form: their contacts live there). */
    consentId: string | null;
  }[];
  sla: SlaMetricView[];
  /** Requests to the department for the substance of the answer, oldest first. */
  departmentRequests: DepartmentRequestView[];
  /** How many of them are open past their due time. */
  overdueDepartmentRequests: number;
  /** The latest department answer not yet used in a public reply: the reply's draft. */
  replyDraft: DepartmentReplyDraft | null;
}

/** One incident with its timeline, replies, reporters and SLA evaluation; another department's answers «not found». */
export async function getIncident(context: IncidentContext, id: string): Promise<IncidentDetail> {
  const scope = requirePermission(context.actor, "incident:read");
  const row = await loadIncident(context.db, id);
  assertInScope(scope, row.departmentId, INCIDENT_NOT_FOUND);
  const [timeline, replyRows, reporterRows, deliveryRows] = [
    await context.db.drizzle
      .select()
      .from(timelineEntries)
      .where(eq(timelineEntries.incidentId, id))
      .orderBy(asc(timelineEntries.at), asc(timelineEntries.id)),
    await context.db.drizzle
      .select()
      .from(replies)
      .where(eq(replies.incidentId, id))
      .orderBy(asc(replies.createdAt)),
    await context.db.drizzle
      .select()
      .from(reporters)
      .where(eq(reporters.incidentId, id))
      .orderBy(asc(reporters.reportedAt)),
    await context.db.drizzle
      .select()
      .from(replyDeliveries)
      .where(eq(replyDeliveries.incidentId, id))
      .orderBy(asc(replyDeliveries.createdAt), asc(replyDeliveries.id)),
  ];
  const evaluation = evaluateIncidentSla(slaSettings(context), row.slaEvents, context.clock.now());
  const requests = await requestsOfIncident(context.db, id, context.clock.now());
  return {
    ...toIncidentSummary(row),
    categoryProposal: row.categoryProposal,
    attachments: row.attachments,
    author: { name: row.authorName, url: row.authorUrl, sourceUrl: row.sourceUrl },
    trackingToken: row.trackingToken,
    timeline: timeline.map((entry) => ({
      id: entry.id,
      at: entry.at.toISOString(),
      actorKind: entry.actorKind,
      actorId: entry.actorId,
      kind: entry.kind,
      comment: entry.comment,
      media: entry.media,
      data: entry.data,
    })),
    replies: replyRows.map((reply) => ({
      id: reply.id,
      visibility: reply.visibility,
      text: reply.text,
      deliveryState: reply.deliveryState,
      deliveryError: reply.deliveryError,
      deliveryAttempts: reply.deliveryAttempts,
      channel: reply.channel,
      createdAt: reply.createdAt.toISOString(),
      sentAt: reply.sentAt?.toISOString() ?? null,
      deliveries: deliveryRows.filter((delivery) => delivery.replyId === reply.id).map(toDeliveryView),
    })),
    reporters: reporterRows.map((reporter) => ({
      id: reporter.id,
      channel: reporter.channel,
      authorName: reporter.authorName,
      authorUrl: reporter.authorUrl,
      sourceUrl: reporter.sourceUrl,
      reportedAt: reporter.reportedAt.toISOString(),
      originalIncidentId: reporter.originalIncidentId,
      consentId: reporter.consentId,
    })),
    sla: slaView(evaluation),
    departmentRequests: requests,
    overdueDepartmentRequests: requests.filter((request) => request.overdue).length,
    replyDraft: replyDraftFrom(requests),
  };
}

/** What a citizen sees by the tracking link: status and public replies, nobody's personal data. */
export interface TrackedIncident {
  number: string;
  status: string;
  category: string;
  createdAt: string;
  updatedAt: string;
  replies: { text: string; at: string }[];
}

/** The public tracking view of an incident by its token; an unknown token is «not found». */
export async function trackIncident(
  context: Pick<IncidentContext, "db">,
  token: string,
): Promise<TrackedIncident> {
  const [row] = await context.db.drizzle.select().from(incidents).where(eq(incidents.trackingToken, token));
  if (!row) throw new OtklikError("not_found", `${INCIDENT_NOT_FOUND}: не найдено / not found`);
  const publicReplies = await context.db.drizzle
    .select({ text: replies.text, at: replies.createdAt })
    .from(replies)
    .where(and(eq(replies.incidentId, row.id), eq(replies.visibility, "public")))
    .orderBy(asc(replies.createdAt));
  return {
    number: row.number,
    status: row.status,
    category: row.category,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    replies: publicReplies.map((reply) => ({ text: reply.text, at: reply.at.toISOString() })),
  };
}

/** Figures for the dashboards: counts by status, channel and category, and the share of first replies within 2 hours. */
export interface IncidentStats {
  total: number;
  byStatus: Record<string, number>;
  byChannel: Record<string, number>;
  byCategory: Record<string, number>;
  firstReplies: { replied: number; withinTwoHours: number; shareWithinTwoHours: number | null };
}

/** Dashboard figures over the incidents the actor reaches (`report:read`), optionally since an instant. */
export async function incidentStats(
  context: IncidentContext,
  options: { since?: Date } = {},
): Promise<IncidentStats> {
  const scope = requirePermission(context.actor, "report:read");
  const where = and(
    scopeToDepartment(scope, incidents.departmentId),
    isNull(incidents.mergedIntoId),
    options.since ? sql`${incidents.receivedAt} >= ${options.since.toISOString()}::timestamptz` : undefined,
  );
  const group = async (
    column: typeof incidents.status | typeof incidents.channel | typeof incidents.category,
  ) => {
    const rows = await context.db.drizzle
      .select({ key: column, count: sql<number>`count(*)::int` })
      .from(incidents)
      .where(where)
      .groupBy(column);
    return Object.fromEntries(rows.map((row) => [row.key, Number(row.count)]));
  };
  const byStatus = await group(incidents.status);
  const byChannel = await group(incidents.channel);
  const byCategory = await group(incidents.category);
  const [replyFigures] = await context.db.drizzle
    .select({
      replied: sql<number>`count(${incidents.firstPublicReplyAt})::int`,
      within: sql<number>`count(*) filter (where ${incidents.firstPublicReplyAt} <= coalesce(${incidents.sentAt}, ${incidents.receivedAt}) + interval '2 hours')::int`,
    })
    .from(incidents)
    .where(where);
  const replied = Number(replyFigures?.replied ?? 0);
  const within = Number(replyFigures?.within ?? 0);
  return {
    total: Object.values(byStatus).reduce((sum, count) => sum + count, 0),
    byStatus,
    byChannel,
    byCategory,
    firstReplies: {
      replied,
      withinTwoHours: within,
      shareWithinTwoHours: replied === 0 ? null : within / replied,
    },
  };
}
