import { OpenAPIHono } from "@hono/zod-openapi";
import { fromZodError, newId, OtklikError } from "@otklik/core";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { authenticate } from "./http/auth/authenticate.js";
import { clientAddress } from "./http/client-address.js";
import type { ApiDependencies, ApiEnvironment } from "./http/context.js";
import { errorResponse, toOtklikError } from "./http/error-response.js";
import { requireJsonBody } from "./http/json-body.js";
import { registerDocs } from "./openapi/docs.js";
import { registerCityRoutes } from "./routes/city.js";
import { type ContentRouteSettings, registerContentRoutes } from "./routes/content/register.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerIdentityRoutes, SIGN_IN_PATH } from "./routes/identity/register.js";
import { type IncidentRouteSettings, registerIncidentRoutes } from "./routes/incidents/register.js";
import { registerNotificationRoutes } from "./routes/notifications/register.js";

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
  app.use(
    bodyLimit({
      maxSize: deps.settings.bodyLimitBytes,
      onError: () => {
        throw new OtklikError(
          "payload_too_large",
          `Тело запроса больше ${deps.settings.bodyLimitBytes} байт / Request body exceeds ${deps.settings.bodyLimitBytes} bytes`,
        );
      },
    }),
  );
  app.use("/api/v1/*", requireJsonBody());
  // Who acts: an API token, a session cookie (with the CSRF rules for writes), or anonymous.
  app.use(authenticate(deps, { signInPath: SIGN_IN_PATH }));

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

  registerHealthRoutes(app, deps);
  registerCityRoutes(app, deps);
  registerIdentityRoutes(app, deps);
  registerContentRoutes(app, deps, deps.content);
  registerIncidentRoutes(app, deps, deps.incidents);
  registerNotificationRoutes(app, deps);

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
