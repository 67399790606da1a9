import { OtklikError, systemClock } from "@otklik/core";
import {
  anonymousActor,
  authenticateApiToken,
  authenticateSession,
  bearerToken,
  CSRF_HEADER,
  csrfProblem,
  identitySettings,
  sameSecret,
} from "@otklik/identity";
import type { MiddlewareHandler } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../context.js";
import { ownOrigins, requestIsHttps } from "./request-origin.js";
import { clearSessionCookie, readSessionCookie } from "./session-cookie.js";

/**
 * Works out who acts on every request and sets `actor`:
 * - `Authorization: Bearer …` — an API token; an unknown or revoked one is refused with 401 at once;
 * - the `otklik_session` cookie — a member of staff; an ended or expired session
 *   counts as anonymous and the cookie is cleared. A cookie-authenticated write
 *   must pass the CSRF rules (same origin, `X-CSRF-Token`), or it is refused with 403;
 * - neither (or the sign-in request itself) — anonymous. Whether anonymous may do something is for the service verb to say.
 */
export function authenticate(
  deps: ApiDependencies,
  options: { signInPath: string },
): MiddlewareHandler<ApiEnvironment> {
  const clock = deps.clock ?? systemClock;
  const settings = deps.identity ?? identitySettings();
  return async (c, next) => {
    const address = c.get("clientAddress") ?? null;
    c.set("actor", anonymousActor(address));
    c.set("session", undefined);
    c.set("apiToken", undefined);

    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const secret = bearerToken(authorization);
      const found = secret
        ? await authenticateApiToken({ db: deps.db, clock }, secret, { address })
        : undefined;
      if (!found) {
        c.header("WWW-Authenticate", 'Bearer realm="otklik"');
        throw new OtklikError(
          "unauthorized",
          "Неверный или отозванный токен API / Invalid or revoked API token",
        );
      }
      c.set("actor", found.actor);
      c.set("apiToken", found.token);
      return next();
    }

    // Sign-in reads the cookie it replaces itself, and has its own cross-site check.
    const secret = c.req.path === options.signInPath ? undefined : readSessionCookie(c);
    if (secret === undefined) return next();
    const session = await authenticateSession({ db: deps.db, clock }, secret, { address, settings });
    if (!session) {
      clearSessionCookie(c, requestIsHttps(c, deps.settings.trustedProxies));
      return next();
    }
    const problem = csrfProblem(
      {
        method: c.req.method,
        origin: c.req.header("origin"),
        fetchSite: c.req.header("sec-fetch-site"),
        ownOrigins: ownOrigins(c, deps.settings.allowedOrigins),
        csrfHeader: c.req.header(CSRF_HEADER),
        sessionCsrfToken: session.csrfToken,
      },
      sameSecret,
    );
    if (problem) throw new OtklikError("forbidden", problem);
    c.set("actor", session.actor);
    c.set("session", session);
    return next();
  };
}
