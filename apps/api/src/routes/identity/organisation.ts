import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { pageOf } from "@otklik/core";
import {
  createDepartment,
  createOfficial,
  Department,
  DepartmentChanges,
  DepartmentPublicCard,
  DepartmentQuery,
  getDepartment,
  getOfficial,
  listDepartments,
  listOfficials,
  listPublicDepartments,
  NewDepartment,
  NewOfficial,
  Official,
  OfficialChanges,
  OfficialQuery,
  updateDepartment,
  updateOfficial,
} from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import {
  documented,
  IdParameter,
  PUBLIC,
  SESSION,
  SESSION_OR_TOKEN,
  serviceContext,
} from "./route-support.js";

const DepartmentSchema = documented(Department, "Department");
const OfficialSchema = documented(Official, "Official");
const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });

const listDepartmentsRoute = createRoute({
  method: "get",
  path: "/api/v1/departments",
  tags: ["Organisation"],
  summary: "Departments of the administration",
  security: SESSION_OR_TOKEN,
  request: { query: DepartmentQuery },
  responses: {
    200: {
      description: "A page of departments",
      content: json(pageOf(DepartmentSchema).openapi("DepartmentPage")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const createDepartmentRoute = createRoute({
  method: "post",
  path: "/api/v1/departments",
  tags: ["Organisation"],
  summary: "Add a department (administrator)",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewDepartment, "NewDepartment")) } },
  responses: {
    201: { description: "Created", content: json(DepartmentSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const getDepartmentRoute = createRoute({
  method: "get",
  path: "/api/v1/departments/{id}",
  tags: ["Organisation"],
  summary: "One department",
  security: SESSION_OR_TOKEN,
  request: { params: IdParameter },
  responses: {
    200: { description: "The department", content: json(DepartmentSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const updateDepartmentRoute = createRoute({
  method: "patch",
  path: "/api/v1/departments/{id}",
  tags: ["Organisation"],
  summary:
    "Change a department: names, parent, overseeing official, head, contacts, calendar (administrator)",
  security: SESSION,
  request: {
    params: IdParameter,
    body: { required: true, content: json(documented(DepartmentChanges, "DepartmentChanges")) },
  },
  responses: {
    200: { description: "Changed", content: json(DepartmentSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const listOfficialsRoute = createRoute({
  method: "get",
  path: "/api/v1/officials",
  tags: ["Organisation"],
  summary: "Deputy heads of the administration and the departments each oversees",
  security: SESSION_OR_TOKEN,
  request: { query: OfficialQuery },
  responses: {
    200: {
      description: "A page of officials",
      content: json(pageOf(OfficialSchema).openapi("OfficialPage")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const createOfficialRoute = createRoute({
  method: "post",
  path: "/api/v1/officials",
  tags: ["Organisation"],
  summary: "Add an official (administrator)",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewOfficial, "NewOfficial")) } },
  responses: {
    201: { description: "Created", content: json(OfficialSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const getOfficialRoute = createRoute({
  method: "get",
  path: "/api/v1/officials/{id}",
  tags: ["Organisation"],
  summary: "One official",
  security: SESSION_OR_TOKEN,
  request: { params: IdParameter },
  responses: {
    200: { description: "The official", content: json(OfficialSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const updateOfficialRoute = createRoute({
  method: "patch",
  path: "/api/v1/officials/{id}",
  tags: ["Organisation"],
  summary: "Change an official (administrator)",
  security: SESSION,
  request: {
    params: IdParameter,
    body: { required: true, content: json(documented(OfficialChanges, "OfficialChanges")) },
  },
  responses: {
    200: { description: "Changed", content: json(OfficialSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const PublicDepartmentSchema = DepartmentPublicCard.extend({
  id: z.string(),
  name: z.string().openapi({ example: "Управление жилищно-коммунального хозяйства" }),
  shortName: z.string(),
  parentId: z.string().nullable(),
}).openapi("PublicDepartment");

const publicDepartmentsRoute = createRoute({
  method: "get",
  path: "/api/v1/public/departments",
  tags: ["Organisation"],
  summary: "Contacts of departments for the city's site: only what administrators published",
  description:
    "Только подразделения с заполненной публичной карточкой (`publicCard`) и только её поля: руководитель, " +
    "телефон, e-mail, адрес, часы приёма. Служебные контакты и учётные записи не показываются. / Only the " +
    "departments with a public card (`publicCard`), with only its fields: head, phone, e-mail, address, hours. " +
    "Internal contacts and accounts are never shown.",
  security: PUBLIC,
  responses: {
    200: {
      description: "The departments, by name (all of them: `nextCursor` is always null)",
      content: json(
        z
          .object({ items: z.array(PublicDepartmentSchema), nextCursor: z.null() })
          .openapi("PublicDepartmentList"),
      ),
    },
  },
});

export function registerOrganisationRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(listDepartmentsRoute, async (c) =>
    c.json(await listDepartments(serviceContext(c, deps), c.req.valid("query")), 200),
  );
  app.openapi(createDepartmentRoute, async (c) =>
    c.json(await createDepartment(serviceContext(c, deps), c.req.valid("json")), 201),
  );
  app.openapi(getDepartmentRoute, async (c) =>
    c.json(await getDepartment(serviceContext(c, deps), c.req.valid("param").id), 200),
  );
  app.openapi(updateDepartmentRoute, async (c) =>
    c.json(
      await updateDepartment(serviceContext(c, deps), c.req.valid("param").id, c.req.valid("json")),
      200,
    ),
  );
  app.openapi(publicDepartmentsRoute, async (c) =>
    c.json({ items: await listPublicDepartments({ db: deps.db }), nextCursor: null }, 200),
  );
  app.openapi(listOfficialsRoute, async (c) =>
    c.json(await listOfficials(serviceContext(c, deps), c.req.valid("query")), 200),
  );
  app.openapi(createOfficialRoute, async (c) =>
    c.json(await createOfficial(serviceContext(c, deps), c.req.valid("json")), 201),
  );
  app.openapi(getOfficialRoute, async (c) =>
    c.json(await getOfficial(serviceContext(c, deps), c.req.valid("param").id), 200),
  );
  app.openapi(updateOfficialRoute, async (c) =>
    c.json(await updateOfficial(serviceContext(c, deps), c.req.valid("param").id, c.req.valid("json")), 200),
  );
}
