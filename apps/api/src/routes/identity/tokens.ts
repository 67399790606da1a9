import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { pageOf } from "@otklik/core";
import {
  ApiTokenQuery,
  createApiToken,
  IssuedApiToken,
  listApiTokens,
  NewApiToken,
  revokeApiToken,
} from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, IdParameter, SESSION, serviceContext } from "./route-support.js";
import { ApiTokenSchema } from "./schemas.js";

const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/tokens",
  tags: ["API tokens"],
  summary: "API tokens of integrations, with last use (administrator)",
  security: SESSION,
  request: { query: ApiTokenQuery },
  responses: {
    200: { description: "A page of tokens", content: json(pageOf(ApiTokenSchema).openapi("ApiTokenPage")) },
    ...errorResponses(401, 403, 422),
  },
});

const createTokenRoute = createRoute({
  method: "post",
  path: "/api/v1/tokens",
  tags: ["API tokens"],
  summary: "Issue a token; its secret is in this answer only (administrator)",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewApiToken, "NewApiToken")) } },
  responses: {
    201: { description: "Issued", content: json(documented(IssuedApiToken, "IssuedApiToken")) },
    ...errorResponses(401, 403, 422),
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/api/v1/tokens/{id}",
  tags: ["API tokens"],
  summary: "Revoke a token: the next request with it is refused (administrator)",
  security: SESSION,
  request: { params: IdParameter },
  responses: {
    200: { description: "Revoked", content: json(ApiTokenSchema) },
    ...errorResponses(401, 403, 404),
  },
});

export function registerTokenRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(listRoute, async (c) =>
    c.json(await listApiTokens(serviceContext(c, deps), c.req.valid("query")), 200),
  );
  app.openapi(createTokenRoute, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await createApiToken(serviceContext(c, deps), c.req.valid("json")), 201);
  });
  app.openapi(revokeRoute, async (c) =>
    c.json(await revokeApiToken(serviceContext(c, deps), c.req.valid("param").id), 200),
  );
}
