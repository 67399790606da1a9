// Settings for administrators: the SLA policy (versions, a preview of its deadlines) and the days of the
// desk's calendars — the working calendar `office` and the duty calendar `duty` — with the import of the
// Russian production calendar (data.gov.ru CSV). @otklik/sla computes, @otklik/incidents stores.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  addCalendarDay,
  CalendarDay,
  CalendarDayInput,
  createSlaSettingsStore,
  describeCalendarMonth,
  getSlaPolicy,
  importProductionCalendar,
  listCalendarDays,
  listSlaPolicyVersions,
  previewSlaPolicy,
  removeCalendarDay,
  SlaPolicyChange,
  SlaPolicyVersion,
  SlaPreviewInput,
  type SlaSettingsStore,
  saveSlaPolicy,
} from "@otklik/incidents";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION, serviceContext } from "../identity/route-support.js";
import type { IncidentRouteSettings } from "./incident-support.js";
import { json } from "./incident-support.js";

const TAGS = ["Settings"];

/** The largest production-calendar file accepted: a CSV of every year since 1999 is about 20 KB. */
export const PRODUCTION_CALENDAR_MAX_CHARS = 512 * 1024;

const PolicyVersionSchema = documented(SlaPolicyVersion, "SlaPolicyVersion");
const CalendarDaySchema = documented(CalendarDay, "CalendarDay");

const PreviewSchema = z
  .object({
    version: z.number().int().nullable().openapi({ description: "null: a draft / черновик" }),
    timeZone: z.string().openapi({ example: "Asia/Krasnoyarsk" }),
    receivedAt: z.string(),
    metrics: z.array(
      z.object({
        metric: z.string().openapi({ example: "platform-answer" }),
        rule: z.string().openapi({ example: "default" }),
        calendar: z.string().openapi({ example: "office" }),
        targetMinutes: z.number(),
        dueAt: z.string().nullable(),
        dueAtLocal: z.string().nullable().openapi({
          description: "Срок по часам города / The deadline on the city's wall clock",
          example: "2026-07-06 11:00",
        }),
      }),
    ),
  })
  .openapi("SlaPreview");

const ImportSchema = z
  .object({
    calendar: z.string(),
    years: z.array(
      z.object({
        year: z.number().int(),
        workingDays: z.number().int(),
        days: z.number().int().openapi({ description: "Дней записано из файла / Days stored from the file" }),
        keptOwnDays: z.number().int().openapi({
          description:
            "Дат, где остался день, добавленный вручную / Dates where a day added by hand was kept",
        }),
      }),
    ),
  })
  .openapi("ProductionCalendarImport");

const ImportBody = z
  .object({
    csv: z
      .string()
      .min(1)
      .max(PRODUCTION_CALENDAR_MAX_CHARS)
      .openapi({
        description:
          "Текст CSV производственного календаря с data.gov.ru: «Год/Месяц,Январь,…,Декабрь,Всего рабочих дней,…», в " +
          "ячейке месяца — нерабочие дни; «*» — сокращённый предпраздничный день, «+» — перенос / The text of " +
          "data.gov.ru's production calendar CSV: each month cell lists the days off; `*` a shortened pre-holiday " +
          "day, `+` a transferred day",
        example:
          'Год/Месяц,Январь,Февраль,Март,Апрель,Май,Июнь,Июль,Август,Сентябрь,Октябрь,Ноябрь,Декабрь,Всего рабочих дней\n2026,"1,2,3,4,5,6,7,8,9+,10,11,17,18,24,25,31",…,247',
      }),
  })
  .openapi("ProductionCalendarFile");

const CalendarParameter = z.object({
  calendar: z
    .string()
    .min(1)
    .max(32)
    .openapi({
      param: { name: "calendar", in: "path" },
      description:
        "`office` (рабочий календарь / working calendar) или `duty` (дежурный / the desk's duty calendar)",
      example: "office",
    }),
});
const DayParameters = CalendarParameter.extend({
  date: z
    .string()
    .min(1)
    .max(10)
    .openapi({ param: { name: "date", in: "path" }, example: "2026-07-03" }),
});
const YearQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(1900)
    .max(2999)
    .optional()
    .openapi({ param: { name: "year", in: "query" }, example: 2026 }),
});

const MonthQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(1900)
    .max(2999)
    .openapi({ param: { name: "year", in: "query" }, example: 2026 }),
  month: z.coerce
    .number()
    .int()
    .min(1)
    .max(12)
    .openapi({ param: { name: "month", in: "query" }, example: 7 }),
});

const EffectiveDaySchema = z
  .object({
    date: z.string(),
    kind: z.enum(["working", "non-working", "shortened"]),
    name: z.string().nullable(),
    source: z.enum(["production-calendar", "regional", "manual"]).nullable().openapi({
      description:
        "Откуда день, если он сохранён; null — недельный график или встроенные правила / Where a stored day comes from; null: weekly hours or built-in rules",
    }),
  })
  .openapi("EffectiveCalendarDay");

const monthRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/calendars/{calendar}/month",
  tags: TAGS,
  summary:
    "A month of a desk calendar as the desk counts it: each day's kind, name and source (administrator)",
  security: SESSION,
  request: { params: CalendarParameter, query: MonthQuery },
  responses: {
    200: {
      description: "Every day of the month",
      content: json(z.object({ days: z.array(EffectiveDaySchema) }).openapi("CalendarMonth")),
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

const getPolicyRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/sla/policy",
  tags: TAGS,
  summary: "The current SLA policy version (administrator)",
  security: SESSION,
  responses: {
    200: { description: "The current version", content: json(PolicyVersionSchema) },
    ...errorResponses(401, 403),
  },
});

const listVersionsRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/sla/policy/versions",
  tags: TAGS,
  summary: "Every SLA policy version, newest first; version 1 is the configured policy (administrator)",
  security: SESSION,
  responses: {
    200: {
      description: "The versions",
      content: json(z.object({ items: z.array(PolicyVersionSchema) }).openapi("SlaPolicyVersions")),
    },
    ...errorResponses(401, 403),
  },
});

const saveRoute = createRoute({
  method: "post",
  path: "/api/v1/settings/sla/policy/versions",
  tags: TAGS,
  summary: "Save a new SLA policy version (administrator)",
  description:
    "Обращения, зарегистрированные после сохранения, считаются по новой версии; прежние сохраняют сроки своей " +
    "версии. Неверная политика — 422 с путями ошибок (`policy.rules.0.name`). / Incidents registered after the save " +
    "are measured by the new version; earlier ones keep their version's deadlines. An invalid policy is 422 with " +
    "the paths of its problems.",
  security: SESSION,
  request: {
    body: { required: true, content: json(documented(SlaPolicyChange, "SlaPolicyChange")) },
  },
  responses: {
    201: { description: "The new version", content: json(PolicyVersionSchema) },
    ...errorResponses(401, 403, 409, 422),
  },
});

const previewRoute = createRoute({
  method: "post",
  path: "/api/v1/settings/sla/policy/preview",
  tags: TAGS,
  summary:
    "Each metric's deadline for an incident received at a given time, by a draft or a saved version (administrator)",
  security: SESSION,
  request: {
    body: { required: true, content: json(documented(SlaPreviewInput, "SlaPreviewInput")) },
  },
  responses: {
    200: { description: "The deadlines", content: json(PreviewSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const listDaysRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/calendars/{calendar}/days",
  tags: TAGS,
  summary: "A desk calendar's stored days: holidays, shortened and working days (administrator)",
  security: SESSION,
  request: { params: CalendarParameter, query: YearQuery },
  responses: {
    200: {
      description: "The days, by date",
      content: json(z.object({ items: z.array(CalendarDaySchema) }).openapi("CalendarDays")),
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

const addDayRoute = createRoute({
  method: "post",
  path: "/api/v1/settings/calendars/{calendar}/days",
  tags: TAGS,
  summary: "Add a day (a regional holiday, a city's own day) or change the day of that date (administrator)",
  security: SESSION,
  request: {
    params: CalendarParameter,
    body: { required: true, content: json(documented(CalendarDayInput, "CalendarDayInput")) },
  },
  responses: {
    201: { description: "The stored day", content: json(CalendarDaySchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const removeDayRoute = createRoute({
  method: "delete",
  path: "/api/v1/settings/calendars/{calendar}/days/{date}",
  tags: TAGS,
  summary: "Remove a stored day: the date follows the weekly hours and built-in rules again (administrator)",
  security: SESSION,
  request: { params: DayParameters },
  responses: {
    204: { description: "Removed" },
    ...errorResponses(401, 403, 404, 422),
  },
});

const importRoute = createRoute({
  method: "post",
  path: "/api/v1/settings/calendars/{calendar}/import",
  tags: TAGS,
  summary: "Import the Russian production calendar (data.gov.ru CSV) into a desk calendar (administrator)",
  description:
    "Дни каждого года из файла заменяют ранее импортированные; дни, добавленные вручную, остаются. Файл с ошибкой " +
    "не импортируется совсем: 422, в `details` — строка и столбец. / Each year in the file replaces the days " +
    "imported before; days added by hand stay. A file with a problem imports nothing: 422 with the line and column.",
  security: SESSION,
  request: { params: CalendarParameter, body: { required: true, content: json(ImportBody) } },
  responses: {
    200: { description: "What the import did", content: json(ImportSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

/**
 * The SLA settings store the incident routes measure with: the given one (the process's, see
 * `start.ts`), else one made over the app's database with the configured policy. Every incident
 * route (and Open311) looks whether the settings changed before it runs (`fresh`: once per TTL).
 */
export function withSlaSettings(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): IncidentRouteSettings & { slaStore: SlaSettingsStore } {
  const slaStore = settings.slaStore ?? createSlaSettingsStore({ db: deps.db, configured: settings.sla });
  for (const path of ["/api/v1/*", "/open311/*"]) {
    app.use(path, async (_c, next) => {
      // A database that cannot be read fails the request itself; the cached settings stay in use.
      await slaStore.fresh().catch(() => undefined);
      await next();
    });
  }
  return { ...settings, sla: slaStore.settings, slaStore };
}

/** Settings for administrators: the SLA policy and the desk's calendars. */
export function registerSlaSettingsRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  store: SlaSettingsStore,
): void {
  app.openapi(getPolicyRoute, async (c) => c.json(await getSlaPolicy(serviceContext(c, deps), store), 200));
  app.openapi(listVersionsRoute, async (c) =>
    c.json({ items: await listSlaPolicyVersions(serviceContext(c, deps), store) }, 200),
  );
  app.openapi(saveRoute, async (c) =>
    c.json(await saveSlaPolicy(serviceContext(c, deps), store, c.req.valid("json")), 201),
  );
  app.openapi(previewRoute, async (c) =>
    c.json(await previewSlaPolicy(serviceContext(c, deps), store, c.req.valid("json")), 200),
  );
  app.openapi(listDaysRoute, async (c) => {
    const { year } = c.req.valid("query");
    const items = await listCalendarDays(
      serviceContext(c, deps),
      c.req.valid("param").calendar,
      year !== undefined ? { year } : {},
    );
    return c.json({ items }, 200);
  });
  app.openapi(monthRoute, async (c) => {
    const { year, month } = c.req.valid("query");
    const days = await describeCalendarMonth(
      serviceContext(c, deps),
      store,
      c.req.valid("param").calendar,
      year,
      month,
    );
    return c.json({ days }, 200);
  });
  app.openapi(addDayRoute, async (c) =>
    c.json(
      await addCalendarDay(
        serviceContext(c, deps),
        store,
        c.req.valid("param").calendar,
        c.req.valid("json"),
      ),
      201,
    ),
  );
  app.openapi(removeDayRoute, async (c) => {
    const { calendar, date } = c.req.valid("param");
    await removeCalendarDay(serviceContext(c, deps), store, calendar, date);
    return c.body(null, 204);
  });
  app.openapi(importRoute, async (c) =>
    c.json(
      await importProductionCalendar(
        serviceContext(c, deps),
        store,
        c.req.valid("param").calendar,
        c.req.valid("json").csv,
      ),
      200,
    ),
  );
}
