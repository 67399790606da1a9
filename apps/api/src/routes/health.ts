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
  .object({
    status: z.enum(["ready", "degraded"]).openapi({
      description:
        "`degraded`: запросы принимаются, но очереди задач за пределом (OTKLIK_QUEUE_BACKLOG_LIMIT) / requests are served, but job queues are over their bound",
    }),
    database: z.enum(["pglite", "postgres"]),
    backlog: z
      .array(
        z.object({
          queue: z.string(),
          depth: z.number().int(),
          bound: z.number().int(),
          oldestAgeSeconds: z.number(),
        }),
      )
      .optional()
      .openapi({ description: "Queues over their bound, when degraded" }),
  })
  .openapi("Readiness");

/** What makes the API degraded without making it unready: queues over their bound. */
export interface ReadinessChecks {
  overloadedQueues(): Promise<{ queue: string; due: number; oldestDueSeconds: number }[]>;
  bound: number;
}

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
  summary: "Readiness: the database answers (`degraded` while job queues are over their bound)",
  security: [],
  responses: {
    200: { description: "Ready to serve", content: { "application/json": { schema: Readiness } } },
    ...errorResponses(503),
  },
});

export function registerHealthRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  checks?: ReadinessChecks,
): void {
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
    // Over-full queues do not make the API unready: every instance sees the same queues, and a
    // balancer taking them all out would refuse citizens' messages that are still being stored.
    const overloaded = await checks?.overloadedQueues().catch(() => []);
    if (checks && overloaded && overloaded.length > 0) {
      const backlog = overloaded.map((queue) => ({
        queue: queue.queue,
        depth: queue.due,
        bound: checks.bound,
        oldestAgeSeconds: Math.round(queue.oldestDueSeconds),
      }));
      return c.json({ status: "degraded" as const, database: deps.db.kind, backlog }, 200);
    }
    return c.json({ status: "ready" as const, database: deps.db.kind }, 200);
  });
}
