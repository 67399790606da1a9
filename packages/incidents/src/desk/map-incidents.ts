import { requirePermission, scopeToDepartment } from "@otklik/identity";
import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import { incidents } from "../schema.js";

/** The most incidents one map answer carries; more is `truncated` (narrow the filters). */
export const MAP_INCIDENTS_MAX = 20_000;

/** Filters of the map (the queue's, without pages), and how many incidents to answer at most. */
export const MapIncidentQuery = z.object({
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
  /** `true`: only incidents still being worked on (not resolved, closed, rejected or forwarded). */
  open: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAP_INCIDENTS_MAX).default(10_000),
});
export type MapIncidentQuery = z.input<typeof MapIncidentQuery>;

/** Statuses in which nobody works on an incident any more. */
export const FINISHED_STATUSES = ["resolved", "closed", "rejected", "forwarded"] as const;

/** One incident as the map and the department view draw it: no text, no personal data. */
export interface MapIncident {
  id: string;
  number: string;
  status: string;
  category: string;
  departmentId: string | null;
  urgent: boolean;
  /** Null when the incident has no coordinates («не на карте»): never a made-up point. */
  lat: number | null;
  lon: number | null;
  address: string | null;
  dueAt: string | null;
  slaState: string;
}

export interface MapIncidents {
  items: MapIncident[];
  /** How many of `items` have no coordinates. */
  notOnMap: number;
  /** More incidents match than `limit`: the nearest deadlines first were kept. */
  truncated: boolean;
}

/**
 * Every incident matching the queue's filters in one compact answer (nearest deadline first, at
 * most `limit`), for the map and the department view; executors and heads get their department's.
 * Reads only the columns it answers, so 10,000 incidents are one quick scan.
 */
export async function listIncidentsForMap(
  context: IncidentContext,
  rawQuery: MapIncidentQuery,
): Promise<MapIncidents> {
  const scope = requirePermission(context.actor, "incident:read");
  const parsed = MapIncidentQuery.safeParse(rawQuery);
  if (!parsed.success) throw parsed.error;
  const query = parsed.data;
  const finished = sql.join(
    FINISHED_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  const conditions: (SQL | undefined)[] = [
    scopeToDepartment(scope, incidents.departmentId),
    isNull(incidents.mergedIntoId),
    query.status ? eq(incidents.status, query.status) : undefined,
    query.departmentId ? eq(incidents.departmentId, query.departmentId) : undefined,
    query.category ? eq(incidents.category, query.category) : undefined,
    query.channel ? eq(incidents.channel, query.channel) : undefined,
    query.urgent !== undefined ? eq(incidents.urgent, query.urgent) : undefined,
    query.slaState ? eq(incidents.slaState, query.slaState) : undefined,
    query.open === true ? sql`${incidents.status} not in (${finished})` : undefined,
    query.open === false ? sql`${incidents.status} in (${finished})` : undefined,
    query.q
      ? sql`to_tsvector('russian', ${incidents.textClean}) @@ plainto_tsquery('russian', ${query.q})`
      : undefined,
  ];
  const rows = await context.db.drizzle
    .select({
      id: incidents.id,
      number: incidents.number,
      status: incidents.status,
      category: incidents.category,
      departmentId: incidents.departmentId,
      urgent: incidents.urgent,
      lat: incidents.lat,
      lon: incidents.lon,
      street: incidents.street,
      house: incidents.house,
      addressText: incidents.addressText,
      dueAt: incidents.dueAt,
      slaState: incidents.slaState,
    })
    .from(incidents)
    .where(and(...conditions))
    .orderBy(sql`${incidents.dueAt} asc nulls last`, asc(incidents.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map((row): MapIncident => {
    const located = row.lat !== null && row.lon !== null;
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      category: row.category,
      departmentId: row.departmentId,
      urgent: row.urgent,
      lat: located ? row.lat : null,
      lon: located ? row.lon : null,
      address: row.street ? (row.house ? `${row.street}, ${row.house}` : row.street) : row.addressText,
      dueAt: row.dueAt?.toISOString() ?? null,
      slaState: row.slaState,
    };
  });
  return {
    items,
    notOnMap: items.filter((item) => item.lat === null).length,
    truncated: rows.length > query.limit,
  };
}
