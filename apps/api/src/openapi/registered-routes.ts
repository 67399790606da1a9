import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ApiEnvironment } from "../http/context.js";

/** A documented operation as the OpenAPI registry holds it (its `responses` may still be added to). */
export interface RegisteredRoute {
  method: string;
  /** The OpenAPI path, with `{name}` parameters. */
  path: string;
  responses: Record<string, unknown>;
  security?: unknown[];
}

/** Every operation registered so far in `app`'s OpenAPI registry (call after the routes are registered). */
export function registeredRoutes(app: OpenAPIHono<ApiEnvironment>): RegisteredRoute[] {
  return (app.openAPIRegistry.definitions as { type: string; route?: RegisteredRoute }[]).flatMap(
    (definition) => (definition.type === "route" && definition.route ? [definition.route] : []),
  );
}
