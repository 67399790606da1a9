import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { confirmTotp, disableTotp, enrolTotp, TotpCode } from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, type IdentityRouteSettings, SESSION, serviceContext } from "./route-support.js";

const TotpCodeSchema = documented(TotpCode, "TotpCode");

const enrolRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/totp/enrol",
  tags: ["Auth"],
  summary: "Start enrolling in the TOTP second factor: answers the secret and its otpauth:// URI",
  security: SESSION,
  responses: {
    200: {
      description: "Add this to the authenticator app, then confirm with a code",
      content: {
        "application/json": {
          schema: z.object({ secret: z.string(), uri: z.string() }).openapi("TotpEnrolment"),
        },
      },
    },
    ...errorResponses(401, 403, 409),
  },
});

const confirmRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/totp/confirm",
  tags: ["Auth"],
  summary: "Finish TOTP enrolment with a code from the app; sign-in asks for codes from now on",
  security: SESSION,
  request: { body: { required: true, content: { "application/json": { schema: TotpCodeSchema } } } },
  responses: { 204: { description: "Second factor on" }, ...errorResponses(401, 403, 409, 422) },
});

const disableRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/totp/disable",
  tags: ["Auth"],
  summary: "Turn the TOTP second factor off, proven with a current code",
  security: SESSION,
  request: { body: { required: true, content: { "application/json": { schema: TotpCodeSchema } } } },
  responses: { 204: { description: "Second factor off" }, ...errorResponses(401, 403, 409, 422) },
});

export function registerSecondFactorRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IdentityRouteSettings,
): void {
  app.openapi(enrolRoute, async (c) =>
    c.json(await enrolTotp(serviceContext(c, deps), settings.identity), 200),
  );
  app.openapi(confirmRoute, async (c) => {
    await confirmTotp(serviceContext(c, deps), c.req.valid("json"));
    return c.body(null, 204);
  });
  app.openapi(disableRoute, async (c) => {
    await disableTotp(serviceContext(c, deps), c.req.valid("json"));
    return c.body(null, 204);
  });
}
