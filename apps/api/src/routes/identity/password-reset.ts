import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import {
  confirmPasswordReset,
  PasswordResetConfirmation,
  PasswordResetRequest,
  requestPasswordReset,
} from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, type IdentityRouteSettings, PUBLIC, serviceContext } from "./route-support.js";

const requestRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/password-reset",
  tags: ["Auth"],
  summary: "Ask for a one-time password reset link by e-mail",
  description:
    "Ответ одинаков, есть ли такая учётная запись или нет. / The answer is the same whether or not the account exists.",
  security: PUBLIC,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: documented(PasswordResetRequest, "PasswordResetRequest") } },
    },
  },
  responses: { 202: { description: "If the account exists, a link is on its way" }, ...errorResponses(422) },
});

const confirmRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/password-reset/confirm",
  tags: ["Auth"],
  summary: "Set a new password with the reset link's token; ends every session of the account",
  security: PUBLIC,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: documented(PasswordResetConfirmation, "PasswordResetConfirmation") },
      },
    },
  },
  responses: { 204: { description: "Password changed" }, ...errorResponses(422) },
});

export function registerPasswordResetRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IdentityRouteSettings,
): void {
  app.openapi(requestRoute, async (c) => {
    const outcome = await requestPasswordReset(
      serviceContext(c, deps),
      c.req.valid("json"),
      settings.identity,
    );
    if (outcome.mailError !== undefined) {
      c.get("logger").warn({ err: outcome.mailError }, "password reset e-mail not sent");
    }
    return c.body(null, 202);
  });
  app.openapi(confirmRoute, async (c) => {
    await confirmPasswordReset(serviceContext(c, deps), c.req.valid("json"), settings.identity);
    return c.body(null, 204);
  });
}
