import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { pageOf } from "@otklik/core";
import {
  createUser,
  getUser,
  listUsers,
  NewUser,
  UserChanges,
  UserQuery,
  updateUser,
} from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import {
  documented,
  type IdentityRouteSettings,
  IdParameter,
  SESSION,
  serviceContext,
} from "./route-support.js";
import { UserSchema } from "./schemas.js";

const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/users",
  tags: ["Users"],
  summary: "Staff accounts; heads and executors see only their own department's",
  security: SESSION,
  request: { query: UserQuery },
  responses: {
    200: { description: "A page of accounts", content: json(pageOf(UserSchema).openapi("UserPage")) },
    ...errorResponses(401, 403, 422),
  },
});

const createUserRoute = createRoute({
  method: "post",
  path: "/api/v1/users",
  tags: ["Users"],
  summary: "Create a staff account (administrator)",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewUser, "NewUser")) } },
  responses: {
    201: { description: "Created", content: json(UserSchema) },
    ...errorResponses(401, 403, 409, 422),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/v1/users/{id}",
  tags: ["Users"],
  summary: "One staff account; another department's is 404 for heads and executors",
  security: SESSION,
  request: { params: IdParameter },
  responses: {
    200: { description: "The account", content: json(UserSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/api/v1/users/{id}",
  tags: ["Users"],
  summary: "Change a staff account: name, e-mail, department, roles, active (administrator)",
  security: SESSION,
  request: {
    params: IdParameter,
    body: { required: true, content: json(documented(UserChanges, "UserChanges")) },
  },
  responses: {
    200: { description: "Changed", content: json(UserSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

export function registerUserRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IdentityRouteSettings,
): void {
  app.openapi(listRoute, async (c) =>
    c.json(await listUsers(serviceContext(c, deps), c.req.valid("query")), 200),
  );
  app.openapi(createUserRoute, async (c) =>
    c.json(await createUser(serviceContext(c, deps), c.req.valid("json"), settings.identity), 201),
  );
  app.openapi(getRoute, async (c) =>
    c.json(await getUser(serviceContext(c, deps), c.req.valid("param").id), 200),
  );
  app.openapi(updateRoute, async (c) =>
    c.json(await updateUser(serviceContext(c, deps), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
