import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { OtklikError } from "@otklik/core";
import type { ApiDependencies, ApiEnvironment } from "../http/context.js";
import { errorResponses } from "../openapi/schemas.js";

const Health = z
  .object({
    status: z.literal("ok"),
    service: z.literal("otklik-api"),
    version: z.string().openapi({ example: "0.1.0" }),
    time: z.string().openapi({ example: "2026-11-27T09:00:00.000Z" }),
  })
  .openapi("Health");

const Readiness = z
  .object({ status: z.literal("ready"), database: z.enum(["pglite", "postgres"]) })
  .openapi("Readiness");

const healthRoute = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["System"],
  summary: "Liveness: the process answers",
  security: [],
  responses: { 200: { description: "Alive", content: { "application/json": { schema: Health } } } },
});

const readyRoute = createRoute({
  method: "get",
  path: "/api/ready",
  tags: ["System"],
  summary: "Readiness: the database answers",
  security: [],
  responses: {
    200: { description: "Ready to serve", content: { "application/json": { schema: Readiness } } },
    ...errorResponses(503),
  },
});

export function registerHealthRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(healthRoute, (c) =>
    c.json(
      {
        status: "ok" as const,
        service: "otklik-api" as const,
        version: deps.settings.version,
        time: new Date().toISOString(),
      },
      200,
    ),
  );

  app.openapi(readyRoute, async (c) => {
    try {
      await deps.db.ping();
    } catch (error) {
      throw new OtklikError("unavailable", "База данных недоступна / Database unavailable", {
        retryAfterSeconds: 5,
        cause: error,
      });
    }
    return c.json({ status: "ready" as const, database: deps.db.kind }, 200);
  });
}
