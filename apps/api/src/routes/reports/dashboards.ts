import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { systemClock } from "@otklik/core";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { SESSION } from "../identity/route-support.js";
import { type CsvCell, csvResponse, toCsv } from "./csv.js";
import {
  departmentNames,
  firstReplyTimes,
  heatMap,
  incidentsPerDay,
  openAndOverdue,
  publicationsPerWeek,
  replyDeadlines,
} from "./dashboard-figures.js";
import { AnalyticsQuery, type Period, resolvePeriod } from "./period.js";

const TAGS = ["Dashboards"];
const CSV = "text/csv";

const PeriodSchema = z
  .object({
    from: z.string().openapi({ example: "2026-01-01" }),
    to: z.string().openapi({ example: "2026-01-31" }),
    timeZone: z.string().openapi({ example: "Asia/Krasnoyarsk" }),
    departmentId: z.string().nullable(),
  })
  .openapi("DashboardPeriod");

const KeyedSeriesSchema = z
  .object({ key: z.string(), counts: z.array(z.number().int()), total: z.number().int() })
  .openapi("DashboardSeries");

const DeadlineSharesSchema = z
  .object({
    twoHoursDue: z.number().int(),
    withinTwoHours: z.number().int(),
    shareWithinTwoHours: z.number().nullable(),
    platformDue: z.number().int(),
    withinPlatformDeadline: z.number().int(),
    shareWithinPlatformDeadline: z.number().nullable(),
  })
  .openapi("DeadlineShares");

const BucketQuery = AnalyticsQuery.safeExtend({
  bucket: z
    .enum(["day", "week", "month"], { error: "Шаг: day, week или month / Step: day, week or month" })
    .default("week")
    .openapi({ description: "Шаг ряда / The series' step" }),
});

const csvContent = { [CSV]: { schema: z.string().openapi({ description: "UTF-8 с BOM / UTF-8 with BOM" }) } };

function dashboardRoute<
  Schema extends z.ZodObject,
  Query extends z.ZodObject = typeof AnalyticsQuery,
>(options: {
  path: string;
  summary: string;
  description?: string;
  schema: Schema;
  name: string;
  query?: Query;
}) {
  return createRoute({
    method: "get",
    path: `/api/v1/dashboards/${options.path}`,
    tags: TAGS,
    summary: options.summary,
    description:
      (options.description ? `${options.description} ` : "") +
      "Период — дни по календарю города (`from`, `to` включительно; по умолчанию последние 30 дней, не больше 732); " +
      "начальник управления видит только своё управление. `format=csv` — те же данные в CSV. " +
      "/ The period is days of the city's calendar (`from`, `to` included; default the last 30 days, at most 732); " +
      "a head sees their department only. `format=csv` answers the same data as CSV.",
    security: SESSION,
    request: { query: (options.query ?? AnalyticsQuery) as Query },
    responses: {
      200: {
        description: "The series",
        content: {
          "application/json": {
            schema: options.schema.extend({ period: PeriodSchema }).openapi(options.name),
          },
          ...csvContent,
        },
      },
      ...errorResponses(401, 403, 422),
    },
  });
}

const perDayRoute = dashboardRoute({
  path: "incidents-per-day",
  summary: "Incidents received per day, by channel and by category",
  name: "IncidentsPerDay",
  schema: z.object({
    days: z.array(z.string()),
    totals: z.array(z.number().int()),
    byChannel: z.array(KeyedSeriesSchema),
    byCategory: z.array(KeyedSeriesSchema),
  }),
});

const deadlinesRoute = dashboardRoute({
  path: "reply-deadlines",
  summary: "Share answered within 2 hours and within the platform deadline, by department over time",
  description:
    "Считаются обращения, у которых срок уже истёк или есть ответ. / Counted: incidents whose window has closed or that were answered.",
  name: "ReplyDeadlines",
  query: BucketQuery,
  schema: z.object({
    bucket: z.enum(["day", "week", "month"]),
    periods: z.array(z.string()),
    departments: z.array(
      z.object({
        departmentId: z.string().nullable(),
        departmentName: z.string(),
        periods: z.array(DeadlineSharesSchema),
        overall: DeadlineSharesSchema,
      }),
    ),
    overall: DeadlineSharesSchema,
  }),
});

const replyTimesRoute = dashboardRoute({
  path: "first-reply-times",
  summary: "Distribution of first-reply times: histogram, median and 90th percentile (minutes)",
  name: "FirstReplyTimes",
  schema: z.object({
    replied: z.number().int(),
    unanswered: z.number().int(),
    medianMinutes: z.number().nullable(),
    p90Minutes: z.number().nullable(),
    buckets: z.array(
      z.object({
        fromMinutes: z.number(),
        toMinutes: z.number().nullable(),
        label: z.object({ ru: z.string(), en: z.string() }),
        count: z.number().int(),
      }),
    ),
  }),
});

const loadRoute = dashboardRoute({
  path: "open-overdue",
  summary: "Open and overdue incidents per department (received in the period)",
  name: "OpenAndOverdue",
  schema: z.object({
    departments: z.array(
      z.object({
        departmentId: z.string().nullable(),
        departmentName: z.string(),
        open: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
  }),
});

const publicationsRoute = dashboardRoute({
  path: "publications-per-week",
  summary: "Publications per week on the site and each social page",
  description:
    "Управление — управление издателя публикации. / The department filter is the publisher's department.",
  name: "PublicationsPerWeek",
  schema: z.object({ weeks: z.array(z.string()), byChannel: z.array(KeyedSeriesSchema) }),
});

const heatMapRoute = dashboardRoute({
  path: "heat-map",
  summary: "Incidents by weekday (Monday first) and hour on the city's clock",
  name: "IncidentHeatMap",
  schema: z.object({
    cells: z.array(z.array(z.number().int())),
    max: z.number().int(),
    total: z.number().int(),
  }),
});

const periodView = (period: Period) => ({
  from: period.from,
  to: period.to,
  timeZone: period.timeZone,
  departmentId: period.departmentId,
});

const fileName = (name: string, period: Period) => `${name}-${period.from}-${period.to}.csv`;
const percent = (value: number | null): CsvCell => (value === null ? null : Math.round(value * 1000) / 10);

/** The dashboards' series; each one also as CSV (`format=csv`). */
export function registerDashboardRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  const clock = () => deps.clock ?? systemClock;
  const periodOf = (c: Context<ApiEnvironment>, query: AnalyticsQuery) =>
    resolvePeriod(c.get("actor"), query, clock().now(), deps.settings.timeZone);

  app.openapi(perDayRoute, async (c) => {
    const query = c.req.valid("query");
    const period = periodOf(c, query);
    const data = await incidentsPerDay(deps.db, period);
    if (query.format === "csv") {
      const rows: CsvCell[][] = [];
      for (const [dimension, list] of [
        ["channel", data.byChannel],
        ["category", data.byCategory],
      ] as const) {
        for (const series of list) {
          for (const [index, day] of data.days.entries()) {
            rows.push([day, dimension, series.key, series.counts[index] ?? 0]);
          }
        }
      }
      return csvResponse(
        toCsv(["Дата / Date", "Разрез / Dimension", "Значение / Value", "Обращений / Incidents"], rows),
        fileName("incidents-per-day", period),
      );
    }
    return c.json({ period: periodView(period), ...data }, 200);
  });

  app.openapi(deadlinesRoute, async (c) => {
    const query = c.req.valid("query");
    const period = periodOf(c, query);
    const data = await replyDeadlines(
      deps.db,
      period,
      clock().now(),
      query.bucket,
      await departmentNames(deps.db),
    );
    if (query.format === "csv") {
      const rows: CsvCell[][] = data.departments.flatMap((department) =>
        data.periods.map((start, index) => {
          const shares = department.periods[index];
          return [
            start,
            department.departmentId ?? "",
            department.departmentName,
            shares?.twoHoursDue ?? 0,
            shares?.withinTwoHours ?? 0,
            percent(shares?.shareWithinTwoHours ?? null),
            shares?.platformDue ?? 0,
            shares?.withinPlatformDeadline ?? 0,
            percent(shares?.shareWithinPlatformDeadline ?? null),
          ];
        }),
      );
      return csvResponse(
        toCsv(
          [
            "Начало периода / Period start",
            "Код управления / Department id",
            "Управление / Department",
            "Срок 2 ч наступил / 2 h due",
            "Ответ в 2 ч / Within 2 h",
            "Доля в 2 ч, % / Share within 2 h, %",
            "Срок платформы наступил / Platform deadline due",
            "В срок платформы / Within platform deadline",
            "Доля в срок платформы, % / Share within platform deadline, %",
          ],
          rows,
        ),
        fileName("reply-deadlines", period),
      );
    }
    return c.json({ period: periodView(period), ...data }, 200);
  });

  app.openapi(replyTimesRoute, async (c) => {
    const query = c.req.valid("query");
    const period = periodOf(c, query);
    const data = await firstReplyTimes(deps.db, period);
    if (query.format === "csv") {
      const rows: CsvCell[][] = data.buckets.map((bucket) => [
        bucket.fromMinutes,
        bucket.toMinutes,
        `${bucket.label.ru} / ${bucket.label.en}`,
        bucket.count,
      ]);
      rows.push(["", "", "Медиана, мин / Median, min", data.medianMinutes]);
      rows.push(["", "", "90-й процентиль, мин / 90th percentile, min", data.p90Minutes]);
      rows.push(["", "", "Без ответа / Unanswered", data.unanswered]);
      return csvResponse(
        toCsv(
          ["С, мин / From, min", "До, мин / To, min", "Интервал / Interval", "Обращений / Incidents"],
          rows,
        ),
        fileName("first-reply-times", period),
      );
    }
    return c.json({ period: periodView(period), ...data }, 200);
  });

  app.openapi(loadRoute, async (c) => {
    const query = c.req.valid("query");
    const period = periodOf(c, query);
    const departments = await openAndOverdue(deps.db, period, clock().now(), await departmentNames(deps.db));
    if (query.format === "csv") {
      return csvResponse(
        toCsv(
          [
            "Код управления / Department id",
            "Управление / Department",
            "Открыто / Open",
            "Просрочено / Overdue",
          ],
          departments.map((row) => [row.departmentId ?? "", row.departmentName, row.open, row.overdue]),
        ),
        fileName("open-overdue", period),
      );
    }
    return c.json({ period: periodView(period), departments }, 200);
  });

  app.openapi(publicationsRoute, async (c) => {
    const query = c.req.valid("query");
    const period = periodOf(c, query);
    const data = await publicationsPerWeek(deps.db, period);
    if (query.format === "csv") {
      const rows: CsvCell[][] = data.byChannel.flatMap((series) =>
        data.weeks.map((week, index) => [week, series.key, series.counts[index] ?? 0]),
      );
      return csvResponse(
        toCsv(["Неделя с / Week from", "Канал / Channel", "Публикаций / Publications"], rows),
        fileName("publications-per-week", period),
      );
    }
    return c.json({ period: periodView(period), ...data }, 200);
  });

  app.openapi(heatMapRoute, async (c) => {
    const query = c.req.valid("query");
    const period = periodOf(c, query);
    const data = await heatMap(deps.db, period);
    if (query.format === "csv") {
      const weekdays = ["Пн / Mon", "Вт / Tue", "Ср / Wed", "Чт / Thu", "Пт / Fri", "Сб / Sat", "Вс / Sun"];
      return csvResponse(
        toCsv(
          [
            "День недели / Weekday",
            ...Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, "0")}:00`),
          ],
          data.cells.map((line, weekday) => [weekdays[weekday] ?? "", ...line]),
        ),
        fileName("heat-map", period),
      );
    }
    return c.json({ period: periodView(period), ...data }, 200);
  });
}
