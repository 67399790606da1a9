import { OpenAPIHono } from "@hono/zod-openapi";
import { fromZodError, newId, OtklikError } from "@otklik/core";
import { runInteractive } from "@otklik/db";
import type { Context, Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { authenticate } from "./http/auth/authenticate.js";
import { requireSignInForSecuredOperations } from "./http/auth/require-sign-in.js";
import { declaresLength, nodeRequest } from "./http/body-text.js";
import { clientAddress } from "./http/client-address.js";
import type { ApiDependencies, ApiEnvironment } from "./http/context.js";
import { errorResponse, toOtklikError } from "./http/error-response.js";
import { requireJsonBody } from "./http/json-body.js";
import { documentRateLimits, rateLimits } from "./http/rate-limit/rate-limit.js";
import { databaseRateLimitStore, memoryRateLimitStore } from "./http/rate-limit/stores.js";
import { backPressure, deferrableEnqueueGate, documentBackPressure } from "./observability/back-pressure.js";
import { cachedDatabaseReader } from "./observability/database-readings.js";
import { httpMetricsMiddleware } from "./observability/http-metrics.js";
import { createApiMetrics, METRICS_PATH, metricsEndpoint } from "./observability/metrics.js";
import { registerDocs } from "./openapi/docs.js";
import { registerConnectionRoutes } from "./routes/channels/connections.js";
import { registerCityRoutes } from "./routes/city.js";
import { type ContentRouteSettings, registerContentRoutes } from "./routes/content/register.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerIdentityRoutes, SIGN_IN_PATH } from "./routes/identity/register.js";
import { ADDRESS_IMPORT_PATH } from "./routes/incidents/address-register.js";
import { EVIDENCE_UPLOAD_PATH } from "./routes/incidents/evidence.js";
import { type IncidentRouteSettings, registerIncidentRoutes } from "./routes/incidents/register.js";
import { isReportUpload, REPORT_PATH } from "./routes/incidents/reports.js";
import { registerNotificationRoutes } from "./routes/notifications/register.js";
import { registerReportingRoutes } from "./routes/reports/register.js";

const NO_BODY = new Set(["GET", "HEAD", "TRACE"]);

/** Builds the API as a Hono app, without starting a server: tests call `app.request()`. */
export function createApiApp(
  deps: ApiDependencies & { content?: ContentRouteSettings; incidents?: IncidentRouteSettings },
): OpenAPIHono<ApiEnvironment> {
  const app = new OpenAPIHono<ApiEnvironment>({
    // A request that does not match its schema is the client's to fix: 422 with every problem listed.
    defaultHook: (result) => {
      if (!result.success) throw fromZodError(result.error);
    },
  });

  // Observability and limits (RELIABILITY.md): queue and delivery figures are read from the
  // database at most every few seconds, shared by /api/metrics, /api/ready and back-pressure.
  const databaseReader = cachedDatabaseReader(deps.db);
  const pressure = backPressure(databaseReader, deps.settings.queueBacklogLimit);
  const metrics = createApiMetrics({ version: deps.settings.version, reader: databaseReader, pressure });
  // Someone waits for every request: on the embedded database its statements go before background work.
  app.use((_c, next) => runInteractive(next));
  app.use(httpMetricsMiddleware(metrics.http));
  app.use(
    requestId({
      generator: () => newId("req"),
      limitLength: 128,
    }),
  );
  app.use(clientAddress(deps.settings.trustedProxies));
  app.use(async (c, next) => {
    const started = performance.now();
    const logger = deps.logger.child({ requestId: c.get("requestId") });
    c.set("logger", logger);
    await next();
    logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        client: c.get("clientAddress"),
      },
      "request",
    );
  });
  app.use(METRICS_PATH, metricsEndpoint(metrics, { token: deps.settings.metricsToken }));
  // Counted before the body is read; PostgreSQL: one budget shared by every API process.
  app.use(
    rateLimits({
      settings: deps.settings.rateLimits,
      store: deps.db.kind === "postgres" ? databaseRateLimitStore(deps.db) : memoryRateLimitStore(),
      ...(deps.clock ? { clock: deps.clock } : {}),
      refused: metrics.http.rateLimited,
    }),
  );
  const tooLarge = (): never => {
    throw new OtklikError(
      "payload_too_large",
      `Тело запроса больше ${deps.settings.bodyLimitBytes} байт / Request body exceeds ${deps.settings.bodyLimitBytes} bytes`,
    );
  };
  const honoBodyLimit = bodyLimit({ maxSize: deps.settings.bodyLimitBytes, onError: tooLarge });
  // Hono's limit looks at `c.req.raw.body`, which makes @hono/node-server build a web Request for every
  // request. On a Node request the same answer comes from the headers: no body for GET, HEAD and TRACE
  // (@hono/node-server gives them none), the declared length when there is one (and no chunking);
  // chunked bodies are still counted by Hono's.
  const generalBodyLimit = (c: Context<ApiEnvironment>, next: Next) => {
    if (!nodeRequest(c)) return honoBodyLimit(c, next);
    if (NO_BODY.has(c.req.method)) return next();
    if (!declaresLength(c)) return honoBodyLimit(c, next);
    return Number.parseInt(c.req.header("content-length") || "0", 10) > deps.settings.bodyLimitBytes
      ? tooLarge()
      : next();
  };
  // Evidence uploads and reports with photos (multipart) have their own limits on their routes.
  const ownBodyLimit = (c: {
    req: { method: string; path: string; header(name: string): string | undefined };
  }) =>
    (c.req.method === "POST" && EVIDENCE_UPLOAD_PATH.test(c.req.path)) ||
    (c.req.method === "POST" && ADDRESS_IMPORT_PATH.test(c.req.path)) ||
    isReportUpload(c.req.method, c.req.path, c.req.header("content-type"));
  app.use((c, next) => (ownBodyLimit(c) ? next() : generalBodyLimit(c, next)));
  app.use(
    "/api/v1/*",
    requireJsonBody({
      except: [EVIDENCE_UPLOAD_PATH, ADDRESS_IMPORT_PATH],
      multipart: [new RegExp(`^${REPORT_PATH}/?$`)],
    }),
  );
  // Who acts: an API token, a session cookie (with the CSRF rules for writes), or anonymous.
  app.use(authenticate(deps, { signInPath: SIGN_IN_PATH }));
  // Nobody signed in: an operation for staff or integrations answers 401 before it reads the request's input.
  app.use(requireSignInForSecuredOperations(app));
  // A manual "send again" waits while its queue is over the bound; intake never does.
  app.use(deferrableEnqueueGate(pressure));

  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "otklik_session",
    description: "Session cookie set by POST /api/v1/auth/login",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "apiToken", {
    type: "http",
    scheme: "bearer",
    description: "API token for integrations (Authorization: Bearer …)",
  });

  registerHealthRoutes(app, deps, { overloadedQueues: () => pressure.overloaded(), bound: pressure.limit });
  registerCityRoutes(app, deps);
  registerIdentityRoutes(app, deps);
  registerContentRoutes(app, deps, deps.content);
  registerIncidentRoutes(app, deps, deps.incidents);
  registerNotificationRoutes(app, deps);
  // Settings for administrators: the city's channel connections (@otklik/channels).
  registerConnectionRoutes(app, deps, { channelsKey: deps.settings.channelsKey });
  registerReportingRoutes(app, deps, { jobs: deps.incidents?.jobs });

  documentRateLimits(app);
  documentBackPressure(app);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Otklik API",
      version: deps.settings.version,
      description:
        "API системы «Отклик» пресс-службы администрации города. / The API of Otklik, a city administration's press office system.",
    },
    servers: [{ url: "/" }],
  });
  registerDocs(app);

  app.notFound((c) =>
    errorResponse(
      c,
      new OtklikError(
        "not_found",
        `Нет такого адреса: ${c.req.method} ${c.req.path} / No such route: ${c.req.method} ${c.req.path}`,
      ),
    ),
  );
  app.onError((error, c) => {
    const known = toOtklikError(error);
    if (known.code === "internal") {
      (c.get("logger") ?? deps.logger).error({ err: error }, "unhandled error");
    }
    return errorResponse(c, known);
  });

  return app;
}
