import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { OtklikError } from "@otklik/core";
import {
  crossSiteProblem,
  PERMISSION_NAMES,
  permissionScope,
  SignInInput,
  signIn,
  signOut,
} from "@otklik/identity";
import { ownOrigins, requestIsHttps } from "../../http/auth/request-origin.js";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "../../http/auth/session-cookie.js";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import {
  documented,
  type IdentityRouteSettings,
  PUBLIC,
  SESSION,
  SESSION_OR_TOKEN,
  serviceContext,
} from "./route-support.js";
import { ApiTokenSchema, UserSchema } from "./schemas.js";

export const SIGN_IN_PATH = "/api/v1/auth/login";

const SignedInSchema = z
  .object({
    user: UserSchema,
    /** Echo in `X-CSRF-Token` on every write made with the session cookie. */
    csrfToken: z.string(),
    expiresAt: z.string(),
  })
  .openapi("SignedIn");

const CurrentActor = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("user"),
      user: UserSchema,
      csrfToken: z.string(),
      expiresAt: z.string(),
      permissions: z.array(z.string()),
    }),
    z.object({ kind: z.literal("token"), token: ApiTokenSchema, permissions: z.array(z.string()) }),
  ])
  .openapi("CurrentActor");

const loginRoute = createRoute({
  method: "post",
  path: SIGN_IN_PATH,
  tags: ["Auth"],
  summary: "Sign in: sets the HttpOnly session cookie and answers the CSRF token",
  description:
    "Неверный пароль и неизвестный адрес дают одинаковый ответ. После 5 неудач за 15 минут вход блокируется на 15 минут (429). " +
    "A wrong password and an unknown e-mail get the same answer; 5 failures in 15 minutes lock sign-in for 15 minutes (429).",
  security: PUBLIC,
  request: {
    body: { required: true, content: { "application/json": { schema: documented(SignInInput, "SignIn") } } },
  },
  responses: {
    200: {
      description: "Signed in; `Set-Cookie: otklik_session=…`",
      content: { "application/json": { schema: SignedInSchema } },
    },
    ...errorResponses(401, 403, 422, 429),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/api/v1/auth/logout",
  tags: ["Auth"],
  summary: "Sign out: ends the session and clears the cookie",
  security: SESSION,
  responses: { 204: { description: "Signed out" }, ...errorResponses(401, 403) },
});

const meRoute = createRoute({
  method: "get",
  path: "/api/v1/auth/me",
  tags: ["Auth"],
  summary: "Who is signed in (or which token calls), with the CSRF token and permissions",
  security: SESSION_OR_TOKEN,
  responses: {
    200: { description: "The current actor", content: { "application/json": { schema: CurrentActor } } },
    ...errorResponses(401),
  },
});

export function registerAuthRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IdentityRouteSettings,
): void {
  app.openapi(loginRoute, async (c) => {
    const crossSite = crossSiteProblem({
      origin: c.req.header("origin"),
      fetchSite: c.req.header("sec-fetch-site"),
      ownOrigins: ownOrigins(c, deps.settings.allowedOrigins),
    });
    if (crossSite) throw new OtklikError("forbidden", crossSite);
    const signedIn = await signIn(serviceContext(c, deps), c.req.valid("json"), settings.identity, {
      userAgent: c.req.header("user-agent"),
      previousSessionSecret: readSessionCookie(c),
    });
    setSessionCookie(
      c,
      signedIn.session.secret,
      signedIn.session.expiresAt,
      requestIsHttps(c, deps.settings.trustedProxies),
    );
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        user: signedIn.user,
        csrfToken: signedIn.session.csrfToken,
        expiresAt: signedIn.session.expiresAt.toISOString(),
      },
      200,
    );
  });

  app.openapi(logoutRoute, async (c) => {
    await signOut(serviceContext(c, deps));
    clearSessionCookie(c, requestIsHttps(c, deps.settings.trustedProxies));
    return c.body(null, 204);
  });

  app.openapi(meRoute, (c) => {
    const actor = c.get("actor");
    const permissions = PERMISSION_NAMES.filter((permission) => permissionScope(actor, permission));
    c.header("Cache-Control", "no-store");
    const session = c.get("session");
    if (session) {
      return c.json(
        {
          kind: "user" as const,
          user: session.user,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
          permissions,
        },
        200,
      );
    }
    const token = c.get("apiToken");
    if (token) return c.json({ kind: "token" as const, token, permissions }, 200);
    throw new OtklikError("unauthorized", "Требуется вход / Sign-in required");
  });
}
