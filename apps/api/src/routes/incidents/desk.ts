import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  addInternalNote,
  applyLifecycleCommand,
  CategoryDecision,
  decideCategory,
  getIncident,
  IncidentQuery,
  incidentStats,
  LifecycleCommand,
  listIncidents,
  listIncidentsForMap,
  MAP_INCIDENTS_MAX,
  MapIncidentQuery,
  MergeInput,
  mergeIncidents,
  NoteInput,
  ReplyInput,
  replyToIncident,
} from "@otklik/incidents";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION, SESSION_OR_TOKEN } from "../identity/route-support.js";
import {
  IncidentDetailSchema,
  IncidentIdParameter,
  IncidentPageSchema,
  type IncidentRouteSettings,
  IncidentSummarySchema,
  incidentContext,
  json,
  ReplyOutcomeSchema,
  ReplyViewSchema,
} from "./incident-support.js";

const TAGS = ["Incidents"];

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents",
  tags: TAGS,
  summary:
    "The incident queue, nearest deadline first, with filters; executors and heads see their department's",
  security: SESSION_OR_TOKEN,
  request: { query: documented(IncidentQuery, {}) },
  responses: {
    200: { description: "A page of incidents", content: json(IncidentPageSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const StatsQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional().openapi({ example: "2026-01-01T00:00:00+07:00" }),
});

const statsRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/stats",
  tags: TAGS,
  summary: "Counts by status, channel and category; share of first replies within 2 hours",
  security: SESSION_OR_TOKEN,
  request: { query: StatsQuery },
  responses: {
    200: {
      description: "The figures",
      content: json(
        z
          .object({
            total: z.number().int(),
            byStatus: z.record(z.string(), z.number()),
            byChannel: z.record(z.string(), z.number()),
            byCategory: z.record(z.string(), z.number()),
            firstReplies: z.object({
              replied: z.number().int(),
              withinTwoHours: z.number().int(),
              shareWithinTwoHours: z.number().nullable(),
            }),
          })
          .openapi("IncidentStats"),
      ),
    },
    ...errorResponses(401, 403, 422),
  },
});

const MapIncidentSchema = z
  .object({
    id: z.string(),
    number: z.string().openapi({ example: "2026-004215" }),
    status: z.string(),
    category: z.string(),
    departmentId: z.string().nullable(),
    urgent: z.boolean(),
    lat: z.number().nullable().openapi({ description: "Нет координат — null / No coordinates: null" }),
    lon: z.number().nullable(),
    address: z.string().nullable(),
    dueAt: z.string().nullable(),
    slaState: z.string(),
  })
  .openapi("MapIncident");

const mapRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/map",
  tags: TAGS,
  summary:
    "Every incident matching the queue's filters in one compact answer, for the map and the department view",
  description:
    "Те же фильтры, что у очереди, и `open=true` — только незавершённые; без страниц: до `limit` обращений " +
    `(по умолчанию 10 000, не больше ${MAP_INCIDENTS_MAX.toLocaleString("en")}), ближайший срок первым, \`truncated\` — если подошло больше. ` +
    "Обращения без координат приходят с `lat`/`lon` = null и считаются в `notOnMap`. Исполнитель и начальник видят своё управление. " +
    "/ The queue's filters and `open=true` (still being worked on); no pages: at most `limit` incidents (10,000 by default), " +
    "nearest deadline first, `truncated` when more match. Incidents without coordinates come with null `lat`/`lon` and are " +
    "counted in `notOnMap`. Executors and heads see their department's.",
  security: SESSION_OR_TOKEN,
  request: { query: documented(MapIncidentQuery, {}) },
  responses: {
    200: {
      description: "The incidents",
      content: json(
        z
          .object({
            items: z.array(MapIncidentSchema),
            notOnMap: z.number().int(),
            truncated: z.boolean(),
          })
          .openapi("MapIncidents"),
      ),
    },
    ...errorResponses(401, 403, 422),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/{id}",
  tags: TAGS,
  summary: "One incident with its timeline, replies, reporters and SLA; another department's is «not found»",
  security: SESSION_OR_TOKEN,
  request: { params: IncidentIdParameter },
  responses: {
    200: { description: "The incident", content: json(IncidentDetailSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const transitionRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/transitions",
  tags: TAGS,
  summary:
    "A lifecycle command: assign, start, request-information, resume, forward, reject, resolve, close, reopen",
  description:
    "`expectedVersion` — версия, которую видел сотрудник; более новая — 409. Недопустимая команда — 409 со списком " +
    "допустимых. Вложения `media:<id>` должны быть файлами этого обращения нужного вида, иначе 422. " +
    "/ A stale `expectedVersion` is 409; an illegal command is 409 listing the allowed ones; `media:<id>` items must " +
    "name this incident's uploads of that kind, else 422.",
  security: SESSION,
  request: {
    params: IncidentIdParameter,
    body: { required: true, content: json(documented(LifecycleCommand, "LifecycleCommand")) },
  },
  responses: {
    200: { description: "Applied", content: json(IncidentSummarySchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const replyRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/replies",
  tags: TAGS,
  summary: "A public reply to the citizen: checked first (warnings), then queued for delivery",
  description:
    "Если проверка ответа нашла замечания, ответ не отправляется (200, `accepted: false`); `force: true` отправляет. " +
    "Принятый ответ уходит каждому заявителю туда, где он написал (объединённое обращение — всем), отдельными доставками (см. `deliveries` в карточке). " +
    "/ With warnings the reply is not sent (200, `accepted: false`) unless `force` is true. An accepted reply goes to every " +
    "reporter where they wrote (all of a merged incident's), as separate deliveries (see `deliveries` in the detail).",
  security: SESSION,
  request: {
    params: IncidentIdParameter,
    body: { required: true, content: json(documented(ReplyInput, "ReplyInput")) },
  },
  responses: {
    201: { description: "Accepted and queued", content: json(ReplyOutcomeSchema) },
    200: { description: "Held back by the reply check's warnings", content: json(ReplyOutcomeSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const noteRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/notes",
  tags: TAGS,
  summary: "An internal note, seen by staff only",
  security: SESSION,
  request: {
    params: IncidentIdParameter,
    body: { required: true, content: json(documented(NoteInput, "NoteInput")) },
  },
  responses: {
    201: { description: "Added", content: json(ReplyViewSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const categoryRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/category",
  tags: TAGS,
  summary: "Confirm or correct the category and urgency (a correction teaches the classifier)",
  security: SESSION,
  request: {
    params: IncidentIdParameter,
    body: { required: true, content: json(documented(CategoryDecision, "CategoryDecision")) },
  },
  responses: {
    200: { description: "Decided", content: json(IncidentSummarySchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const mergeRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/merge",
  tags: TAGS,
  summary: "Merge duplicates into this incident (their reporters move here; duplicates are closed)",
  security: SESSION,
  request: {
    params: IncidentIdParameter,
    body: { required: true, content: json(documented(MergeInput, "MergeInput")) },
  },
  responses: {
    200: { description: "Merged", content: json(IncidentSummarySchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

/** The incident desk: queue, detail, lifecycle, replies, notes, category, merging, figures. */
export function registerDeskRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): void {
  const context = (c: Parameters<typeof incidentContext>[0]) => incidentContext(c, deps, settings);
  // The verb parses the query itself (its transforms), so it gets the query as sent once validated.
  app.openapi(listRoute, async (c) => {
    c.req.valid("query");
    return c.json(await listIncidents(context(c), c.req.query()), 200);
  });
  app.openapi(statsRoute, async (c) => {
    const { since } = c.req.valid("query");
    return c.json(await incidentStats(context(c), since ? { since: new Date(since) } : {}), 200);
  });
  // Before `/incidents/{id}`, which would take «map» for an id.
  app.openapi(mapRoute, async (c) => {
    c.req.valid("query");
    return c.json(await listIncidentsForMap(context(c), c.req.query()), 200);
  });
  app.openapi(getRoute, async (c) => c.json(await getIncident(context(c), c.req.valid("param").id), 200));
  app.openapi(transitionRoute, async (c) =>
    c.json(
      await applyLifecycleCommand(
        context(c),
        c.req.valid("param").id,
        c.req.valid("json") as LifecycleCommand,
      ),
      200,
    ),
  );
  app.openapi(replyRoute, async (c) => {
    const outcome = await replyToIncident(context(c), c.req.valid("param").id, c.req.valid("json"));
    return outcome.accepted ? c.json(outcome, 201) : c.json(outcome, 200);
  });
  app.openapi(noteRoute, async (c) =>
    c.json(await addInternalNote(context(c), c.req.valid("param").id, c.req.valid("json")), 201),
  );
  app.openapi(categoryRoute, async (c) =>
    c.json(await decideCategory(context(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  app.openapi(mergeRoute, async (c) =>
    c.json(await mergeIncidents(context(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
