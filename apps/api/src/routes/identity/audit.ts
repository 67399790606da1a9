import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { pageOf } from "@otklik/core";
import { AuditEntry, AuditQuery, listAudit } from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION, serviceContext } from "./route-support.js";

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/audit",
  tags: ["Audit"],
  summary: "The audit log, newest first, by object (objectType, objectId) and/or by person (actorId)",
  security: SESSION,
  request: { query: AuditQuery },
  responses: {
    200: {
      description: "A page of entries",
      content: {
        "application/json": { schema: pageOf(documented(AuditEntry, "AuditEntry")).openapi("AuditPage") },
      },
    },
    ...errorResponses(401, 403, 422),
  },
});

export function registerAuditRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(listRoute, async (c) =>
    c.json(await listAudit(serviceContext(c, deps), c.req.valid("query")), 200),
  );
}
