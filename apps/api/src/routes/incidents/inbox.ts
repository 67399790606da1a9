import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { Pagination } from "@otklik/core";
import { decideInboxItem, InboxDecision, listInbox } from "@otklik/incidents";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION } from "../identity/route-support.js";
import { type IncidentRouteSettings, incidentContext, json } from "./incident-support.js";

const InboxItemSchema = z
  .object({
    id: z.string(),
    channel: z.string(),
    externalId: z.string(),
    kind: z.string(),
    text: z.string(),
    authorName: z.string().nullable(),
    url: z.string().nullable(),
    occurredAt: z.string(),
    receivedAt: z.string(),
    edited: z.boolean(),
    deleted: z.boolean(),
    decision: z.string().nullable(),
    decisionReason: z.string().nullable(),
    incidentId: z.string().nullable(),
  })
  .openapi("InboxItem");

const InboxIdParameter = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "inb_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/inbox",
  tags: ["Incidents"],
  summary: "Comments and messages from the social pages awaiting a decision",
  security: SESSION,
  request: { query: documented(Pagination, {}) },
  responses: {
    200: {
      description: "A page of inbox items",
      content: json(
        z.object({ items: z.array(InboxItemSchema), nextCursor: z.string().nullable() }).openapi("InboxPage"),
      ),
    },
    ...errorResponses(401, 403, 422),
  },
});

const decideRoute = createRoute({
  method: "post",
  path: "/api/v1/inbox/{id}/decide",
  tags: ["Incidents"],
  summary: "Register an inbox item as an incident, join it to one, or dismiss it with a reason",
  security: SESSION,
  request: {
    params: InboxIdParameter,
    body: { required: true, content: json(documented(InboxDecision, "InboxDecision")) },
  },
  responses: {
    200: { description: "Decided", content: json(InboxItemSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

/** The inbox of the social pages. */
export function registerInboxRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): void {
  app.openapi(listRoute, async (c) => {
    c.req.valid("query");
    return c.json(await listInbox(incidentContext(c, deps, settings), c.req.query()), 200);
  });
  app.openapi(decideRoute, async (c) =>
    c.json(
      await decideInboxItem(incidentContext(c, deps, settings), c.req.valid("param").id, c.req.valid("json")),
      200,
    ),
  );
}
