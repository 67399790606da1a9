import { listAudienceReadings, listConnections } from "@otklik/channels";
import { explanatoryMaterialsForTopics } from "@otklik/content";
import type { Clock } from "@otklik/core";
import type { Database } from "@otklik/db";
import type { Actor } from "@otklik/identity";
import { CATEGORY_NAMES, frequentQuestions } from "@otklik/incidents";
import {
  type DeadlineShares,
  type DepartmentDeadlines,
  departmentNames,
  type FirstReplyTimes,
  firstReplyTimes,
  OPEN_STATUSES,
  PUBLICATION_CHANNELS,
  replyDeadlines,
} from "./dashboard-figures.js";
import { addDays, type Period } from "./period.js";

/** A counted thing with its name in both languages. */
export interface Counted {
  key: string;
  ru: string;
  en: string;
  count: number;
}

export interface IncidentKind {
  category: string;
  ru: string;
  en: string;
  received: number;
  resolved: number;
  rejected: number;
  forwarded: number;
  open: number;
}

/** One official page's audience: readings from the platform, or left for the office to fill in. */
export interface AudienceRow {
  platform: string;
  ru: string;
  en: string;
  /** The connection's name, when the page is connected. */
  page: string | null;
  metric: "members" | "subscribers" | null;
  atStart: number | null;
  atEnd: number | null;
  readAt: string | null;
  /** True when no reading exists: the office fills the row in by hand. */
  toFillIn: boolean;
}

export interface TopicRow {
  topic: string;
  stems: string[];
  count: number;
  materials: { title: string; state: string; path: string | null }[];
}

export interface MediaFigures {
  requestsReceived: number;
  answered: number;
  answeredOnTime: number;
  refused: number;
  deferred: number;
  open: number;
  pressReleases: number;
  accreditedJournalists: number;
}

/** Everything a yearly or monthly report says, computed once and kept with the run. */
export interface ReportFigures {
  kind: "yearly" | "monthly";
  title: { ru: string; en: string };
  period: { from: string; to: string; timeZone: string };
  departmentId: string | null;
  departmentName: string | null;
  generatedAt: string;
  publications: { total: number; byType: Counted[]; byPublisher: Counted[]; byChannel: Counted[] };
  audience: AudienceRow[];
  incidents: {
    received: number;
    resolved: number;
    rejected: number;
    byKind: IncidentKind[];
    byChannel: Counted[];
    /** Social-page messages dismissed in the inbox (not incidents); null for one department's report. */
    dismissedMessages: number | null;
    /** Months of a yearly report, days of a monthly one. */
    timeline: { labels: string[]; counts: number[] };
  };
  firstReply: FirstReplyTimes;
  deadlines: { overall: DeadlineShares; departments: DepartmentDeadlines[] };
  topics: TopicRow[];
  media: MediaFigures;
}

export const PUBLICATION_TYPE_NAMES: Record<string, { ru: string; en: string }> = {
  news: { ru: "Новости", en: "News" },
  official_statement: { ru: "Официальные заявления", en: "Official statements" },
  announcement: { ru: "Анонсы", en: "Announcements" },
  notice: { ru: "Объявления", en: "Notices" },
  auction_notice: { ru: "Извещения о торгах", en: "Auction notices" },
  hearing: { ru: "Публичные слушания", en: "Public hearings" },
  explanatory: { ru: "Разъяснения", en: "Explanatory materials" },
  handbook_article: { ru: "Справочник горожанина", en: "Citizen's handbook" },
  information_category: { ru: "Информация о деятельности", en: "Information on activities" },
};

export const CHANNEL_NAMES: Record<string, { ru: string; en: string }> = {
  site: { ru: "Сайт", en: "Website" },
  vk: { ru: "ВКонтакте", en: "VK" },
  telegram: { ru: "Telegram", en: "Telegram" },
  ok: { ru: "Одноклассники", en: "OK" },
  max: { ru: "MAX", en: "MAX" },
  platform: { ru: "Платформа обратной связи", en: "Feedback platform" },
  open311: { ru: "Open311", en: "Open311" },
};

const MONTHS_RU = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"];

/** The four official pages whose audience the report gives. */
export const OFFICIAL_PAGES = ["vk", "ok", "telegram", "max"] as const;

export interface FigureContext {
  db: Database;
  clock: Clock;
  /** The person who asked for the report: topics are read with their rights. */
  actor: Actor;
}

const count = (value: unknown): number => Number(value ?? 0);
const named = (table: Record<string, { ru: string; en: string }>, key: string) =>
  table[key] ?? { ru: key, en: key };

/** Parameters $1 from, $2 to, $3 zone; the period's bounds as instants. */
const START = "($1::date::timestamp AT TIME ZONE $3)";
const END = "(($2::date + 1)::timestamp AT TIME ZONE $3)";
const PUBLISHER_IN_SCOPE = "($4::text[] IS NULL OR p.department_id = ANY($4::text[]))";
const INCIDENTS_IN_PERIOD = `i.merged_into_id IS NULL AND i.received_at >= ${START} AND i.received_at < ${END}
  AND ($4::text[] IS NULL OR i.department_id = ANY($4::text[]))`;

/** The report's steps, in order: progress is «steps done of these». */
export const REPORT_STEPS = [
  "publications",
  "audience",
  "incidents",
  "first-replies",
  "deadlines",
  "topics",
  "media",
  "charts",
  "docx",
  "xlsx",
  "csv",
] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

export async function publicationFigures(
  context: FigureContext,
  period: Period,
): Promise<ReportFigures["publications"]> {
  const parameters = [period.from, period.to, period.timeZone, period.departments];
  const published = `c.first_published_at >= ${START} AND c.first_published_at < ${END} AND ${PUBLISHER_IN_SCOPE}`;
  const byType = await context.db.query<{ key: string; count: unknown }>(
    `SELECT c.type AS key, count(*)::int AS count FROM content_publications c
       JOIN content_publishers p ON p.id = c.publisher_id WHERE ${published} GROUP BY 1 ORDER BY 2 DESC, 1`,
    parameters,
  );
  const byPublisher = await context.db.query<{ key: string; name: string; count: unknown }>(
    `SELECT p.id AS key, p.name, count(*)::int AS count FROM content_publications c
       JOIN content_publishers p ON p.id = c.publisher_id WHERE ${published} GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
    parameters,
  );
  const posts = await context.db.query<{ key: string; count: unknown }>(
    `SELECT v.platform AS key, count(*)::int AS count FROM content_variants v
       JOIN content_publications c ON c.id = v.publication_id JOIN content_publishers p ON p.id = c.publisher_id
      WHERE v.state = 'published' AND v.updated_at >= ${START} AND v.updated_at < ${END} AND ${PUBLISHER_IN_SCOPE}
      GROUP BY 1`,
    parameters,
  );
  const total = byType.reduce((sum, row) => sum + count(row.count), 0);
  const channelCount = (channel: string) =>
    channel === "site" ? total : count(posts.find((row) => row.key === channel)?.count);
  return {
    total,
    byType: byType.map((row) => ({
      key: row.key,
      ...named(PUBLICATION_TYPE_NAMES, row.key),
      count: count(row.count),
    })),
    byPublisher: byPublisher.map((row) => ({
      key: row.key,
      ru: row.name,
      en: row.name,
      count: count(row.count),
    })),
    byChannel: PUBLICATION_CHANNELS.map((channel) => ({
      key: channel,
      ...named(CHANNEL_NAMES, channel),
      count: channelCount(channel),
    })),
  };
}

/**
 * The four pages' audience from the readings channels stores (`channel_audience_readings`): the first and
 * the last reading within the period. A page without readings is a row the office fills in by hand.
 */
export async function audienceFigures(context: FigureContext, period: Period): Promise<AudienceRow[]> {
  const connections = await listConnections({ db: context.db });
  const from = new Date(`${period.from}T00:00:00Z`);
  // The period's instants are the city's days; a few hours' slack either side changes nothing for daily readings.
  const to = new Date(`${addDays(period.to, 1)}T00:00:00Z`);
  const rows: AudienceRow[] = [];
  for (const platform of OFFICIAL_PAGES) {
    const connection = connections.find((candidate) => candidate.platform === platform);
    const readings = connection
      ? await listAudienceReadings({ db: context.db, connectionId: connection.id, from, to })
      : [];
    const first = readings[0];
    const last = readings.at(-1);
    rows.push({
      platform,
      ...named(CHANNEL_NAMES, platform),
      page: connection?.name ?? null,
      metric: last?.metric ?? null,
      atStart: first?.value ?? null,
      atEnd: last?.value ?? null,
      readAt: last?.readAt.toISOString() ?? null,
      toFillIn: !last,
    });
  }
  return rows;
}

export async function incidentFigures(
  context: FigureContext,
  period: Period,
  kind: ReportFigures["kind"],
): Promise<ReportFigures["incidents"]> {
  const parameters = [period.from, period.to, period.timeZone, period.departments];
  const kinds = await context.db.query<Record<string, unknown> & { category: string }>(
    `SELECT i.category, count(*)::int AS received,
            count(*) FILTER (WHERE i.status IN ('resolved', 'closed'))::int AS resolved,
            count(*) FILTER (WHERE i.status = 'rejected')::int AS rejected,
            count(*) FILTER (WHERE i.status = 'forwarded')::int AS forwarded,
            count(*) FILTER (WHERE i.status = ANY($5::text[]))::int AS open
       FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} GROUP BY 1 ORDER BY 2 DESC, 1`,
    [...parameters, [...OPEN_STATUSES]],
  );
  const channels = await context.db.query<{ key: string; count: unknown }>(
    `SELECT i.channel AS key, count(*)::int AS count FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} GROUP BY 1 ORDER BY 2 DESC, 1`,
    parameters,
  );
  const unit = kind === "yearly" ? "month" : "day";
  const timeline = await context.db.query<{ bucket: string; count: unknown }>(
    `SELECT to_char(date_trunc('${unit}', i.received_at AT TIME ZONE $3), 'YYYY-MM-DD') AS bucket, count(*)::int AS count
       FROM incidents i WHERE ${INCIDENTS_IN_PERIOD} GROUP BY 1`,
    parameters,
  );
  let dismissedMessages: number | null = null;
  if (period.departments === null) {
    const [row] = await context.db.query<{ count: unknown }>(
      `SELECT count(*)::int AS count FROM incident_inbox
        WHERE decision = 'dismissed' AND received_at >= ${START} AND received_at < ${END}`,
      parameters.slice(0, 3),
    );
    dismissedMessages = count(row?.count);
  }
  const buckets: string[] = [];
  if (unit === "month") {
    for (let month = Number(period.from.slice(5, 7)); ; month++) {
      const year = Number(period.from.slice(0, 4)) + Math.floor((month - 1) / 12);
      const start = `${year}-${String(((month - 1) % 12) + 1).padStart(2, "0")}-01`;
      if (start > period.to) break;
      buckets.push(start);
    }
  } else {
    for (let day = period.from; day <= period.to; day = addDays(day, 1)) buckets.push(day);
  }
  const byKind = kinds.map((row) => ({
    category: row.category,
    ...named(CATEGORY_NAMES as Record<string, { ru: string; en: string }>, row.category),
    received: count(row.received),
    resolved: count(row.resolved),
    rejected: count(row.rejected),
    forwarded: count(row.forwarded),
    open: count(row.open),
  }));
  return {
    received: byKind.reduce((sum, row) => sum + row.received, 0),
    resolved: byKind.reduce((sum, row) => sum + row.resolved, 0),
    rejected: byKind.reduce((sum, row) => sum + row.rejected, 0),
    byKind,
    byChannel: channels.map((row) => ({
      key: row.key,
      ...named(CHANNEL_NAMES, row.key),
      count: count(row.count),
    })),
    dismissedMessages,
    timeline: {
      labels: buckets.map((bucket) =>
        unit === "month" ? (MONTHS_RU[Number(bucket.slice(5, 7)) - 1] ?? bucket) : bucket.slice(8, 10),
      ),
      counts: buckets.map((bucket) => count(timeline.find((row) => row.bucket === bucket)?.count)),
    },
  };
}

export async function deadlineFigures(
  context: FigureContext,
  period: Period,
): Promise<ReportFigures["deadlines"]> {
  const deadlines = await replyDeadlines(
    context.db,
    period,
    context.clock.now(),
    "month",
    await departmentNames(context.db),
  );
  return { overall: deadlines.overall, departments: deadlines.departments };
}

/** The period's most frequent questions (incidents' topics) and the explanatory materials made for them. */
export async function topicFigures(context: FigureContext, period: Period): Promise<TopicRow[]> {
  const since = await instantOf(context, period.from, period.timeZone);
  const until = await instantOf(context, addDays(period.to, 1), period.timeZone);
  const topics = await frequentQuestions(
    { db: context.db, clock: context.clock, actor: context.actor },
    { since: since.toISOString(), until: until.toISOString(), top: 10, examples: 1 },
  );
  const materials = await explanatoryMaterialsForTopics(
    { db: context.db },
    topics.map((topic) => topic.topic),
  );
  return topics.map((topic) => ({
    topic: topic.topic,
    stems: topic.stems,
    count: topic.count,
    materials: materials
      .filter((material) => material.topic === topic.topic)
      .map((material) => ({ title: material.title, state: material.state, path: material.path })),
  }));
}

async function instantOf(context: FigureContext, day: string, timeZone: string): Promise<Date> {
  const [row] = await context.db.query<{ at: Date | string }>(
    "SELECT ($1::date::timestamp AT TIME ZONE $2) AS at",
    [day, timeZone],
  );
  return new Date(row?.at ?? `${day}T00:00:00Z`);
}

/**
 * Media relations: editorial requests received in the period and what became of them (answered within
 * the Mass Media Law's 7 days or not), press releases sent, journalists accredited at the period's end.
 */
export async function mediaFigures(context: FigureContext, period: Period): Promise<MediaFigures> {
  const parameters = [period.from, period.to, period.timeZone];
  const [requests] = await context.db.query<Record<string, unknown>>(
    `SELECT count(*)::int AS received,
            count(*) FILTER (WHERE state = 'answered')::int AS answered,
            count(*) FILTER (WHERE state = 'answered' AND answered_at <= coalesce(deferred_until, answer_due_at))::int AS on_time,
            count(*) FILTER (WHERE state = 'refused')::int AS refused,
            count(*) FILTER (WHERE state = 'deferred')::int AS deferred,
            count(*) FILTER (WHERE state = 'open')::int AS open
       FROM content_information_requests WHERE received_at >= ${START} AND received_at < ${END}`,
    parameters,
  );
  const [releases] = await context.db.query<{ count: unknown }>(
    `SELECT count(*)::int AS count FROM content_press_releases WHERE sent_at >= ${START} AND sent_at < ${END}`,
    parameters,
  );
  const [journalists] = await context.db.query<{ count: unknown }>(
    `SELECT count(*)::int AS count FROM content_journalists
      WHERE accredited_until >= $1 AND created_at < (($1::date + 1)::timestamp AT TIME ZONE $2)
        AND (revoked_at IS NULL OR revoked_at >= (($1::date + 1)::timestamp AT TIME ZONE $2))`,
    [period.to, period.timeZone],
  );
  return {
    requestsReceived: count(requests?.received),
    answered: count(requests?.answered),
    answeredOnTime: count(requests?.on_time),
    refused: count(requests?.refused),
    deferred: count(requests?.deferred),
    open: count(requests?.open),
    pressReleases: count(releases?.count),
    accreditedJournalists: count(journalists?.count),
  };
}

/** Every figure of a report, reporting each step as it is done. */
export async function collectReportFigures(
  context: FigureContext,
  input: { kind: ReportFigures["kind"]; period: Period; title: { ru: string; en: string } },
  stepDone: (step: ReportStep) => Promise<void>,
): Promise<ReportFigures> {
  const { period, kind } = input;
  const publications = await publicationFigures(context, period);
  await stepDone("publications");
  const audience = await audienceFigures(context, period);
  await stepDone("audience");
  const incidents = await incidentFigures(context, period, kind);
  await stepDone("incidents");
  const firstReply = await firstReplyTimes(context.db, period);
  await stepDone("first-replies");
  const deadlines = await deadlineFigures(context, period);
  await stepDone("deadlines");
  const topics = await topicFigures(context, period);
  await stepDone("topics");
  const media = await mediaFigures(context, period);
  await stepDone("media");
  const names = period.departmentId ? await departmentNames(context.db) : undefined;
  return {
    kind,
    title: input.title,
    period: { from: period.from, to: period.to, timeZone: period.timeZone },
    departmentId: period.departmentId,
    departmentName: period.departmentId ? (names?.get(period.departmentId) ?? period.departmentId) : null,
    generatedAt: context.clock.now().toISOString(),
    publications,
    audience,
    incidents,
    firstReply,
    deadlines,
    topics,
    media,
  };
}
