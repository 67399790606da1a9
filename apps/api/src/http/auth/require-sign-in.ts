import type { OpenAPIHono } from "@hono/zod-openapi";
import { OtklikError } from "@otklik/core";
import { SIGN_IN_REQUIRED } from "@otklik/identity";
import type { MiddlewareHandler } from "hono";
import { registeredRoutes } from "../../openapi/registered-routes.js";
import type { ApiEnvironment } from "../context.js";

interface Operation {
  method: string;
  pattern: RegExp;
  secured: boolean;
}

/** `/api/v1/incidents/{id}` as a regular expression over request paths (a parameter is one path segment). */
function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}/?$`);
}

/**
 * Refuses a call from nobody signed in to an operation its OpenAPI entry secures (a session or an API token)
 * with 401 «Требуется вход / Sign-in required» before the route reads its input: a stranger's malformed request
 * is told to sign in, not what is wrong with it (which would describe staff operations to anyone). Operations
 * without security — the public forms, the webhooks with their own signatures, Open311 with its key, health —
 * and any request that one of them could serve are left to their routes. The operations are read from the
 * OpenAPI registry at the first request, when every route is registered.
 */
export function requireSignInForSecuredOperations(
  app: OpenAPIHono<ApiEnvironment>,
): MiddlewareHandler<ApiEnvironment> {
  let operations: Operation[] | undefined;
  const operationsOf = (): Operation[] =>
    registeredRoutes(app).map((route) => ({
      method: route.method.toUpperCase(),
      pattern: pathPattern(route.path),
      secured: (route.security ?? []).length > 0,
    }));
  return async (c, next) => {
    if (c.get("actor").kind !== "anonymous") return next();
    operations ??= operationsOf();
    const method = c.req.method === "HEAD" ? "GET" : c.req.method;
    const path = c.req.path;
    const matching = operations.filter(
      (operation) => operation.method === method && operation.pattern.test(path),
    );
    if (matching.length === 0 || matching.some((operation) => !operation.secured)) return next();
    throw new OtklikError("unauthorized", SIGN_IN_REQUIRED);
  };
}
