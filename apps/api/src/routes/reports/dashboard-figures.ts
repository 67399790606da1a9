import { systemClock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { listDepartments, systemActor } from "@otklik/identity";
import { daysOf, type Period } from "./period.js";

/*
 * The dashboards' and reports' figures, each one SQL aggregate over the tables the packages export
 * for reading (`incidents`, `content_publications`, `content_variants`, `content_publishers`), as the
 * API's observability does. Days, weeks, hours and weekdays are the city's (`AT TIME ZONE`), so an
 * incident at 23:30 in Abakan counts on its own day. Merged duplicates are left out: the incident they
 * joined counts once. Every query runs on PostgreSQL 15 and on PGlite (tests run both).
 */

/** Parameters $1 from, $2 to (dates), $3 the zone, $4 the departments (text[] or null). */
const INCIDENTS_IN_PERIOD = `i.merged_into_id IS NULL
  AND i.received_at >= ($1::date::timestamp AT TIME ZONE $3)
  AND i.received_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
  AND ($4::text[] IS NULL OR i.department_id = ANY($4::text[]))`;

/** When the first-reply clock starts: when the platform sent it to the city, else at receipt. */
const CLOCK_START = "coalesce(i.sent_at, i.received_at)";

const periodParameters = (period: Period): unknown[] => [
  period.from,
  period.to,
  period.timeZone,
  period.departments,
];

const count = (value: unknown): number => Number(value ?? 0);
const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const dateText = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);

/** A series per key (a channel, a category) over the period's days. */
export interface KeyedSeries {
  key: string;
  counts: number[];
  total: number;
}

export interface IncidentsPerDay {
  days: string[];
  totals: number[];
  byChannel: KeyedSeries[];
  byCategory: KeyedSeries[];
}

function keyedSeries(
  days: readonly string[],
  rows: readonly { day: unknown; key: unknown; count: unknown }[],
): KeyedSeries[] {
  const index = new Map(days.map((day, position) => [day, position]));
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const key = String(row.key);
    const counts = byKey.get(key) ?? days.map(() => 0);
    const position = index.get(dateText(row.day));
    if (position !== undefined) counts[position] = count(row.count);
    byKey.set(key, counts);
  }
  return [...byKey.entries()]
    .map(([key, counts]) => ({ key, counts, total: counts.reduce((sum, value) => sum + value, 0) }))
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

/** Incidents received per day, by channel and by category. */
export async function incidentsPerDay(db: Executor, period: Period): Promise<IncidentsPerDay> {
  const days = daysOf(period.from, period.to);
  const grouped = (column: string) =>
    db.query<{ day: unknown; key: unknown; count: unknown }>(
      `SELECT to_char(i.received_at AT TIME ZONE $3, 'YYYY-MM-DD') AS day, ${column} AS key, count(*)::int AS count
         FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} GROUP BY 1, 2`,
      periodParameters(period),
    );
  const byChannel = keyedSeries(days, await grouped("i.channel"));
  const byCategory = keyedSeries(days, await grouped("i.category"));
  const totals = days.map((_, position) =>
    byChannel.reduce((sum, series) => sum + (series.counts[position] ?? 0), 0),
  );
  return { days, totals, byChannel, byCategory };
}

/** Answered in time: the share within 2 hours and within the platform's deadline. */
export interface DeadlineShares {
  /** Incidents whose 2-hour window has closed or that were answered. */
  twoHoursDue: number;
  withinTwoHours: number;
  shareWithinTwoHours: number | null;
  /** Incidents with a platform deadline that has passed or that were answered. */
  platformDue: number;
  withinPlatformDeadline: number;
  shareWithinPlatformDeadline: number | null;
}

export interface DepartmentDeadlines {
  departmentId: string | null;
  departmentName: string;
  periods: DeadlineShares[];
  overall: DeadlineShares;
}

export interface ReplyDeadlines {
  bucket: "day" | "week" | "month";
  /** Each bucket's first day on the city's calendar (weeks start on Monday). */
  periods: string[];
  departments: DepartmentDeadlines[];
  overall: DeadlineShares;
}

interface DeadlineRow {
  period: unknown;
  department_id: string | null;
  two_due: unknown;
  two_within: unknown;
  platform_due: unknown;
  platform_within: unknown;
}

const DEADLINE_COLUMNS = `
  count(*) FILTER (WHERE i.first_public_reply_at IS NOT NULL OR ${CLOCK_START} + interval '2 hours' <= $5)::int AS two_due,
  count(*) FILTER (WHERE i.first_public_reply_at <= ${CLOCK_START} + interval '2 hours')::int AS two_within,
  count(*) FILTER (WHERE i.platform_deadline_at IS NOT NULL
    AND (i.first_public_reply_at IS NOT NULL OR i.platform_deadline_at <= $5))::int AS platform_due,
  count(*) FILTER (WHERE i.first_public_reply_at <= i.platform_deadline_at)::int AS platform_within`;

function deadlineShares(row: Omit<DeadlineRow, "period" | "department_id"> | undefined): DeadlineShares {
  const twoHoursDue = count(row?.two_due);
  const withinTwoHours = count(row?.two_within);
  const platformDue = count(row?.platform_due);
  const withinPlatformDeadline = count(row?.platform_within);
  return {
    twoHoursDue,
    withinTwoHours,
    shareWithinTwoHours: share(withinTwoHours, twoHoursDue),
    platformDue,
    withinPlatformDeadline,
    shareWithinPlatformDeadline: share(withinPlatformDeadline, platformDue),
  };
}

/** The bucket's first day for each day of the period, in order, without repeats. */
export function bucketStarts(
  period: Pick<Period, "from" | "to">,
  bucket: ReplyDeadlines["bucket"],
): string[] {
  const starts = new Set<string>();
  for (const day of daysOf(period.from, period.to)) {
    if (bucket === "day") starts.add(day);
    else if (bucket === "month") starts.add(`${day.slice(0, 7)}-01`);
    else {
      const date = new Date(`${day}T00:00:00Z`);
      const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
      starts.add(new Date(date.getTime() - weekday * 86_400_000).toISOString().slice(0, 10));
    }
  }
  return [...starts];
}

/**
 * Shares answered within 2 hours and within the platform's deadline, per department and bucket of
 * receipt. An incident counts once its window has closed (or it was answered): the last two hours'
 * incidents do not pull the share down before anyone could have answered them.
 */
export async function replyDeadlines(
  db: Executor,
  period: Period,
  now: Date,
  bucket: ReplyDeadlines["bucket"],
  names: ReadonlyMap<string, string>,
): Promise<ReplyDeadlines> {
  const periods = bucketStarts(period, bucket);
  const parameters = [...periodParameters(period), now, bucket];
  const rows = await db.query<DeadlineRow>(
    `SELECT to_char(date_trunc($6::text, i.received_at AT TIME ZONE $3), 'YYYY-MM-DD') AS period, i.department_id, ${DEADLINE_COLUMNS}
       FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} GROUP BY 1, 2`,
    parameters,
  );
  const totals = await db.query<DeadlineRow>(
    `SELECT i.department_id, ${DEADLINE_COLUMNS} FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} GROUP BY 1`,
    parameters.slice(0, 5),
  );
  const [overallRow] = await db.query<DeadlineRow>(
    `SELECT ${DEADLINE_COLUMNS} FROM incidents i WHERE ${INCIDENTS_IN_PERIOD}`,
    parameters.slice(0, 5),
  );
  const departments = totals
    .map((total): DepartmentDeadlines => {
      const mine = rows.filter((row) => row.department_id === total.department_id);
      return {
        departmentId: total.department_id,
        departmentName: departmentName(names, total.department_id),
        periods: periods.map((start) => deadlineShares(mine.find((row) => dateText(row.period) === start))),
        overall: deadlineShares(total),
      };
    })
    .sort((a, b) => a.departmentName.localeCompare(b.departmentName, "ru"));
  return { bucket, periods, departments, overall: deadlineShares(overallRow) };
}

/** A histogram bucket of first-reply times: `[fromMinutes, toMinutes)`, `toMinutes` null for the last. */
export interface ReplyTimeBucket {
  fromMinutes: number;
  toMinutes: number | null;
  label: { ru: string; en: string };
  count: number;
}

export interface FirstReplyTimes {
  replied: number;
  /** Incidents of the period not answered yet. */
  unanswered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  buckets: ReplyTimeBucket[];
}

/** Bucket edges in minutes: 15 min, 30 min, 1 h, 2 h (the first-reply target), 4 h, 9 h, 1 day, 3 days. */
export const REPLY_TIME_EDGES = [15, 30, 60, 120, 240, 540, 1440, 4320] as const;

function minutesLabel(minutes: number): { ru: string; en: string } {
  if (minutes < 60) return { ru: `${minutes} мин`, en: `${minutes} min` };
  if (minutes < 1440) return { ru: `${minutes / 60} ч`, en: `${minutes / 60} h` };
  const days = minutes / 1440;
  return { ru: `${days} сут.`, en: `${days} ${days === 1 ? "day" : "days"}` };
}

function bucketLabel(from: number, to: number | null): { ru: string; en: string } {
  if (to === null) {
    const edge = minutesLabel(from);
    return { ru: `более ${edge.ru}`, en: `over ${edge.en}` };
  }
  const low = minutesLabel(from);
  const high = minutesLabel(to);
  return from === 0
    ? { ru: `до ${high.ru}`, en: `under ${high.en}` }
    : { ru: `${low.ru}–${high.ru}`, en: `${low.en}–${high.en}` };
}

/**
 * Time from the clock's start (the platform's `sentAt`, else receipt) to the first public reply, in
 * minutes of the wall clock: a histogram and the median and 90th percentile (`percentile_cont`, linear
 * interpolation between the two nearest replies).
 */
export async function firstReplyTimes(db: Executor, period: Period): Promise<FirstReplyTimes> {
  const minutes = `greatest(0, extract(epoch FROM (i.first_public_reply_at - ${CLOCK_START})) / 60.0)`;
  const [summary] = await db.query<{ replied: unknown; unanswered: unknown; median: unknown; p90: unknown }>(
    `SELECT count(i.first_public_reply_at)::int AS replied,
            (count(*) - count(i.first_public_reply_at))::int AS unanswered,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes}) FILTER (WHERE i.first_public_reply_at IS NOT NULL) AS median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes}) FILTER (WHERE i.first_public_reply_at IS NOT NULL) AS p90
       FROM incidents i WHERE ${INCIDENTS_IN_PERIOD}`,
    periodParameters(period),
  );
  const histogram = await db.query<{ bucket: unknown; count: unknown }>(
    `SELECT width_bucket(${minutes}::float8, $5::float8[]) AS bucket, count(*)::int AS count
       FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} AND i.first_public_reply_at IS NOT NULL GROUP BY 1`,
    [...periodParameters(period), [...REPLY_TIME_EDGES]],
  );
  const edges = [0, ...REPLY_TIME_EDGES];
  const buckets = edges.map((fromMinutes, position): ReplyTimeBucket => {
    const toMinutes = REPLY_TIME_EDGES[position] ?? null;
    return {
      fromMinutes,
      toMinutes,
      label: bucketLabel(fromMinutes, toMinutes),
      count: count(histogram.find((row) => Number(row.bucket) === position)?.count),
    };
  });
  const round = (value: unknown) =>
    value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
  return {
    replied: count(summary?.replied),
    unanswered: count(summary?.unanswered),
    medianMinutes: round(summary?.median),
    p90Minutes: round(summary?.p90),
    buckets,
  };
}

/** Statuses of an incident still being worked on. */
export const OPEN_STATUSES = ["new", "assigned", "in_progress", "waiting_for_citizen", "reopened"] as const;

export interface DepartmentLoad {
  departmentId: string | null;
  departmentName: string;
  open: number;
  overdue: number;
}

/**
 * Open incidents of the period (received in it, not resolved, closed, rejected or forwarded) per
 * department, and how many of them are overdue now: their SLA state is `breached` or a deadline passed.
 */
export async function openAndOverdue(
  db: Executor,
  period: Period,
  now: Date,
  names: ReadonlyMap<string, string>,
): Promise<DepartmentLoad[]> {
  const rows = await db.query<{ department_id: string | null; open: unknown; overdue: unknown }>(
    `SELECT i.department_id, count(*)::int AS open,
            count(*) FILTER (WHERE i.sla_state = 'breached' OR i.due_at < $5)::int AS overdue
       FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} AND i.status = ANY($6::text[]) GROUP BY 1`,
    [...periodParameters(period), now, [...OPEN_STATUSES]],
  );
  return rows
    .map((row) => ({
      departmentId: row.department_id,
      departmentName: departmentName(names, row.department_id),
      open: count(row.open),
      overdue: count(row.overdue),
    }))
    .sort(
      (a, b) =>
        b.overdue - a.overdue || b.open - a.open || a.departmentName.localeCompare(b.departmentName, "ru"),
    );
}

/** Where a publication appears: the site, and the four social pages. */
export const PUBLICATION_CHANNELS = ["site", "vk", "telegram", "ok", "max"] as const;

export interface PublicationsPerWeek {
  /** Mondays on the city's calendar. */
  weeks: string[];
  byChannel: KeyedSeries[];
}

/** Publications by publisher department: $4 filters the publisher's department. */
const PUBLISHER_IN_SCOPE = "($4::text[] IS NULL OR p.department_id = ANY($4::text[]))";

/**
 * Publications per week and channel: on the site when first published, on a social page when its post
 * was published (the variant's state `published`, at its last change). The department filter is the
 * publisher's department.
 */
export async function publicationsPerWeek(db: Executor, period: Period): Promise<PublicationsPerWeek> {
  const weeks = bucketStarts(period, "week");
  const rows = await db.query<{ day: unknown; key: unknown; count: unknown }>(
    `SELECT to_char(date_trunc('week', at AT TIME ZONE $3), 'YYYY-MM-DD') AS day, channel AS key, count(*)::int AS count
       FROM (
         SELECT 'site' AS channel, c.first_published_at AS at, p.department_id
           FROM content_publications c JOIN content_publishers p ON p.id = c.publisher_id
          WHERE c.first_published_at IS NOT NULL AND ${PUBLISHER_IN_SCOPE}
         UNION ALL
         SELECT v.platform, v.updated_at, p.department_id
           FROM content_variants v
           JOIN content_publications c ON c.id = v.publication_id
           JOIN content_publishers p ON p.id = c.publisher_id
          WHERE v.state = 'published' AND ${PUBLISHER_IN_SCOPE}
       ) posted
      WHERE at >= ($1::date::timestamp AT TIME ZONE $3) AND at < (($2::date + 1)::timestamp AT TIME ZONE $3)
      GROUP BY 1, 2`,
    periodParameters(period),
  );
  const series = keyedSeries(weeks, rows);
  const byChannel = PUBLICATION_CHANNELS.map(
    (channel) =>
      series.find((item) => item.key === channel) ?? { key: channel, counts: weeks.map(() => 0), total: 0 },
  );
  return { weeks, byChannel };
}

export interface HeatMap {
  /** `cells[weekday][hour]`: weekday 0 is Monday, hours 0–23 on the city's clock. */
  cells: number[][];
  max: number;
  total: number;
}

/** Incidents received by weekday and hour on the city's clock. */
export async function heatMap(db: Executor, period: Period): Promise<HeatMap> {
  const rows = await db.query<{ weekday: unknown; hour: unknown; count: unknown }>(
    `SELECT extract(isodow FROM i.received_at AT TIME ZONE $3)::int AS weekday,
            extract(hour FROM i.received_at AT TIME ZONE $3)::int AS hour, count(*)::int AS count
       FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} GROUP BY 1, 2`,
    periodParameters(period),
  );
  const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const row of rows) {
    const weekday = Number(row.weekday) - 1;
    const hour = Number(row.hour);
    const line = cells[weekday];
    if (line && hour >= 0 && hour < 24) line[hour] = count(row.count);
  }
  const all = cells.flat();
  return { cells, max: Math.max(0, ...all), total: all.reduce((sum, value) => sum + value, 0) };
}

const NO_DEPARTMENT = "Без управления / No department";

function departmentName(names: ReadonlyMap<string, string>, id: string | null): string {
  if (id === null) return NO_DEPARTMENT;
  return names.get(id) ?? id;
}

/** Every department's short name by id (identity's directory, read as the system). */
export async function departmentNames(db: Executor): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await listDepartments(
      {
        db: db as Parameters<typeof listDepartments>[0]["db"],
        clock: systemClock,
        actor: systemActor("reports"),
      },
      { limit: 100, ...(cursor ? { cursor } : {}) },
    );
    for (const department of page.items) names.set(department.id, department.shortName || department.name);
    if (!page.nextCursor) return names;
    cursor = page.nextCursor;
  }
}
