import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  answerDepartmentRequest,
  DepartmentAnswer,
  DepartmentRequestQuery,
  listDepartmentRequests,
  listRequestsForDepartment,
  NewDepartmentRequest,
  requestDepartmentAnswer,
  retryReplyDelivery,
} from "@otklik/incidents";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION, SESSION_OR_TOKEN } from "../identity/route-support.js";
import {
  DepartmentRequestSchema,
  IncidentIdParameter,
  type IncidentRouteSettings,
  incidentContext,
  json,
} from "./incident-support.js";

const TAGS = ["Incidents"];

const RequestPathParameters = IncidentIdParameter.extend({
  requestId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "requestId", in: "path" }, example: "dqr_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

const ReplyPathParameters = IncidentIdParameter.extend({
  replyId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "replyId", in: "path" }, example: "rpl_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/{id}/department-requests",
  tags: TAGS,
  summary: "The incident's requests to its department for the substance of the answer («запросы в отдел»)",
  security: SESSION_OR_TOKEN,
  request: { params: IncidentIdParameter },
  responses: {
    200: {
      description: "The requests, oldest first, with `overdue` for open ones past their due time",
      content: json(z.object({ items: z.array(DepartmentRequestSchema) }).openapi("DepartmentRequestList")),
    },
    ...errorResponses(401, 403, 404),
  },
});

const createRequestRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/department-requests",
  tags: TAGS,
  summary:
    "Ask the incident's department for the substance of the answer, due at a share of the SLA time left",
  description:
    "Срок — половина рабочего времени, оставшегося до срока ответа платформе или устранения (по календарю этой " +
    "метрики); без идущего срока — 4 рабочих часа. Тот же `idempotencyKey` — тот же запрос (200). " +
    "/ Due at half the working time left to the platform-answer or resolution deadline (on that metric's " +
    "calendar); without a running deadline, 4 working hours. The same `idempotencyKey` answers the same request (200).",
  security: SESSION,
  request: {
    params: IncidentIdParameter,
    body: { required: true, content: json(documented(NewDepartmentRequest, "NewDepartmentRequest")) },
  },
  responses: {
    201: { description: "Asked; the department is notified", content: json(DepartmentRequestSchema) },
    200: { description: "Asked before with this idempotency key", content: json(DepartmentRequestSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const answerRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/department-requests/{requestId}/answer",
  tags: TAGS,
  summary:
    "The department's answer (an executor or the head of the department asked); offered as the reply draft",
  description:
    "Ответить можно один раз: повторный ответ — 409. / A request is answered once: a second answer is 409.",
  security: SESSION,
  request: {
    params: RequestPathParameters,
    body: { required: true, content: json(documented(DepartmentAnswer, "DepartmentAnswer")) },
  },
  responses: {
    200: { description: "Answered", content: json(DepartmentRequestSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const departmentQueueRoute = createRoute({
  method: "get",
  path: "/api/v1/department-requests",
  tags: TAGS,
  summary: "Requests to departments: executors and heads see their department's, open ones by due time first",
  security: SESSION_OR_TOKEN,
  request: { query: documented(DepartmentRequestQuery, {}) },
  responses: {
    200: {
      description: "The requests",
      content: json(z.object({ items: z.array(DepartmentRequestSchema) }).openapi("DepartmentRequestQueue")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const retryRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/replies/{replyId}/retry",
  tags: TAGS,
  summary:
    "Send a public reply again to the reporters whose delivery failed (never where the outcome is unknown)",
  description:
    "Повторяются только доставки в состоянии `failed`; `unknown` мог дойти и не повторяется; если неудавшихся нет — 409. " +
    "/ Only `failed` deliveries run again; `unknown` may have arrived and is left alone; with none failed — 409.",
  security: SESSION,
  request: { params: ReplyPathParameters },
  responses: {
    202: {
      description: "Queued for delivery again",
      content: json(
        z
          .object({
            replyId: z.string(),
            deliveryState: z.string(),
            deliveryAttempts: z.number().int(),
            retriedDeliveryIds: z.array(z.string()),
          })
          .openapi("ReplyRetry"),
      ),
    },
    ...errorResponses(401, 403, 404, 409),
  },
});

/** Asking the department and retrying reply deliveries. */
export function registerDepartmentRequestRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): void {
  const context = (c: Parameters<typeof incidentContext>[0]) => incidentContext(c, deps, settings);
  app.openapi(listRoute, async (c) =>
    c.json({ items: await listDepartmentRequests(context(c), c.req.valid("param").id) }, 200),
  );
  app.openapi(createRequestRoute, async (c) => {
    const { request, created } = await requestDepartmentAnswer(
      context(c),
      c.req.valid("param").id,
      c.req.valid("json"),
    );
    return created ? c.json(request, 201) : c.json(request, 200);
  });
  app.openapi(answerRoute, async (c) => {
    const { id, requestId } = c.req.valid("param");
    return c.json(await answerDepartmentRequest(context(c), id, requestId, c.req.valid("json")), 200);
  });
  // The verb parses the query itself (its transforms), so it gets the query as sent once validated.
  app.openapi(departmentQueueRoute, async (c) => {
    c.req.valid("query");
    return c.json(await listRequestsForDepartment(context(c), c.req.query()), 200);
  });
  app.openapi(retryRoute, async (c) => {
    const { id, replyId } = c.req.valid("param");
    return c.json(await retryReplyDelivery(context(c), id, replyId), 202);
  });
}
