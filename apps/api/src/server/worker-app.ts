import { OpenAPIHono } from "@hono/zod-openapi";
import { fromZodError, newId, OtklikError } from "@otklik/core";
import { requestId } from "hono/request-id";
import { clientAddress } from "../http/client-address.js";
import type { ApiDependencies, ApiEnvironment } from "../http/context.js";
import { errorResponse, toOtklikError } from "../http/error-response.js";
import { backPressure } from "../observability/back-pressure.js";
import { cachedDatabaseReader } from "../observability/database-readings.js";
import { httpMetricsMiddleware } from "../observability/http-metrics.js";
import { createApiMetrics, METRICS_PATH, metricsEndpoint } from "../observability/metrics.js";
import { registerHealthRoutes } from "../routes/health.js";

/**
 * What a worker process (`OTKLIK_ROLE=worker`) serves on `OTKLIK_WORKER_PORT`: liveness
 * (`/api/health`), readiness (`/api/ready`: the database answers) and the Prometheus metrics
 * (`/api/metrics`, same access rules as the API's). Every other address is 404: a worker never
 * serves the API, so a balancer pointed at it by mistake gets nothing to write with.
 */
export function createWorkerApp(deps: ApiDependencies): OpenAPIHono<ApiEnvironment> {
  const app = new OpenAPIHono<ApiEnvironment>({
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });
  const databaseReader = cachedDatabaseReader(deps.db);
  const pressure = backPressure(databaseReader, deps.settings.queueBacklogLimit);
  const metrics = createApiMetrics({ version: deps.settings.version, reader: databaseReader, pressure });
  app.use(httpMetricsMiddleware(metrics.http));
  app.use(requestId({ generator: () => newId("req"), limitLength: 128 }));
  app.use(clientAddress(deps.settings.trustedProxies));
  app.use(async (c, next) => {
    c.set("logger", deps.logger.child({ requestId: c.get("requestId") }));
    await next();
  });
  app.use(METRICS_PATH, metricsEndpoint(metrics, { token: deps.settings.metricsToken }));
  registerHealthRoutes(app, deps, { overloadedQueues: () => pressure.overloaded(), bound: pressure.limit });
  app.notFound((c) =>
    errorResponse(
      c,
      new OtklikError(
        "not_found",
        `Это процесс обработчиков задач: здесь только /api/health, /api/ready и /api/metrics (${c.req.method} ${c.req.path}) / ` +
          `This is a worker process: only /api/health, /api/ready and /api/metrics are served here (${c.req.method} ${c.req.path})`,
      ),
    ),
  );
  app.onError((error, c) => {
    const known = toOtklikError(error);
    if (known.code === "internal") (c.get("logger") ?? deps.logger).error({ err: error }, "unhandled error");
    return errorResponse(c, known);
  });
  return app;
}
