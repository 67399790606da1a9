// Settings for administrators: which department each incident category reaches. The routing model of
// @otklik/incidents is two steps — category → routing key (ABAKAN_ROUTING, data in the package) and routing
// key → identity department (a table) — and the administrator edits the second one.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { OtklikError, systemClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { type Department, listDepartments, recordAudit, requirePermission } from "@otklik/identity";
import {
  ABAKAN_ROUTING,
  CATEGORY_CODES,
  CATEGORY_NAMES,
  DUTY_DISPATCH,
  listDepartmentRoutes,
  setDepartmentRoute,
} from "@otklik/incidents";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { SESSION, serviceContext } from "../identity/route-support.js";
import { json } from "./incident-support.js";

const TAGS = ["Settings"];

const DepartmentRef = z
  .object({ id: z.string(), shortName: z.string(), name: z.string() })
  .openapi("RoutingDepartment");

const RoutingKey = z
  .object({
    key: z.string().openapi({ example: "housing" }),
    kind: z.enum(["department", "external"]).openapi({
      description:
        "`department`: подразделение администрации; `external`: передаётся в другое ведомство / " +
        "`department`: a unit of the administration; `external`: forwarded to another authority",
    }),
    shortName: z.string().openapi({ example: "Управление ЖКХ" }),
    categories: z
      .array(z.string())
      .openapi({ description: "Категории с этим ключом / Categories with this key" }),
    dutyDispatch: z.boolean().openapi({
      description:
        "ЕДДС: получает каждое срочное обращение / The duty dispatch service, told of every urgent incident",
    }),
    department: DepartmentRef.nullable(),
  })
  .openapi("RoutingKey");

const RoutingCategory = z
  .object({
    code: z.string().openapi({ example: "roads" }),
    name: z.object({ ru: z.string(), en: z.string() }),
    routingKey: z.string(),
    kind: z.enum(["department", "external"]),
    department: DepartmentRef.nullable(),
  })
  .openapi("RoutingCategory");

const RoutingTable = z
  .object({
    categories: z.array(RoutingCategory),
    keys: z.array(RoutingKey),
    unroutedKeys: z.array(z.string()).openapi({
      description:
        "Ключи подразделений без управления: их обращения остаются без исполнителя / " +
        "Department keys without a department: their incidents stay unassigned",
    }),
  })
  .openapi("RoutingTable");

const KeyParameter = z.object({
  key: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "key", in: "path" }, example: "consumer-market" }),
});

const RouteChange = z.object({ departmentId: z.string().min(1).max(64) }).openapi("RoutingKeyChange");

const getRoutingRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/routing",
  tags: TAGS,
  summary:
    "Categories and routing: each category's routing key and the department it reaches (administrator)",
  security: SESSION,
  responses: {
    200: { description: "The routing table", content: json(RoutingTable) },
    ...errorResponses(401, 403),
  },
});

const setRoutingKeyRoute = createRoute({
  method: "put",
  path: "/api/v1/settings/routing/keys/{key}",
  tags: TAGS,
  summary:
    "Send a routing key's incidents to a department (administrator; every category with the key follows)",
  description:
    "Новые обращения категорий этого ключа назначаются выбранному управлению; уже назначенные не меняются. " +
    "Запись в журнале аудита. / New incidents of the key's categories go to the chosen department; incidents " +
    "already routed stay where they are. Recorded in the audit log.",
  security: SESSION,
  request: { params: KeyParameter, body: { required: true, content: json(RouteChange) } },
  responses: {
    200: { description: "The routing table after the change", content: json(RoutingTable) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

/** The routing keys the desk knows, in the order of the categories, the duty dispatch service last. */
function knownKeys(): Map<
  string,
  { kind: "department" | "external"; shortName: string; categories: string[]; dutyDispatch: boolean }
> {
  const keys = new Map<
    string,
    { kind: "department" | "external"; shortName: string; categories: string[]; dutyDispatch: boolean }
  >();
  for (const code of CATEGORY_CODES) {
    const target = ABAKAN_ROUTING[code];
    const entry = keys.get(target.departmentKey) ?? {
      kind: target.kind,
      shortName: target.shortName,
      categories: [],
      dutyDispatch: false,
    };
    entry.categories.push(code);
    keys.set(target.departmentKey, entry);
  }
  const dispatch = keys.get(DUTY_DISPATCH.departmentKey) ?? {
    kind: DUTY_DISPATCH.kind,
    shortName: DUTY_DISPATCH.shortName,
    categories: [],
    dutyDispatch: true,
  };
  dispatch.dutyDispatch = true;
  keys.set(DUTY_DISPATCH.departmentKey, dispatch);
  return keys;
}

async function allDepartments(
  c: Context<ApiEnvironment>,
  deps: ApiDependencies,
): Promise<Map<string, Department>> {
  const context = serviceContext(c, deps);
  const byId = new Map<string, Department>();
  let cursor: string | undefined;
  do {
    const page = await listDepartments(context, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const department of page.items) byId.set(department.id, department);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return byId;
}

async function routingTable(
  c: Context<ApiEnvironment>,
  deps: ApiDependencies,
): Promise<z.infer<typeof RoutingTable>> {
  const [departments, routes] = await Promise.all([allDepartments(c, deps), listDepartmentRoutes(deps.db)]);
  const routeOf = new Map(routes.map((route) => [route.departmentKey, route.departmentId]));
  const departmentOf = (key: string, kind: "department" | "external") => {
    if (kind === "external") return null;
    const department = departments.get(routeOf.get(key) ?? "");
    return department ? { id: department.id, shortName: department.shortName, name: department.name } : null;
  };
  const keys = [...knownKeys()].map(([key, entry]) => ({
    key,
    ...entry,
    department: departmentOf(key, entry.kind),
  }));
  return {
    categories: CATEGORY_CODES.map((code) => {
      const target = ABAKAN_ROUTING[code];
      return {
        code,
        name: CATEGORY_NAMES[code],
        routingKey: target.departmentKey,
        kind: target.kind,
        department: departmentOf(target.departmentKey, target.kind),
      };
    }),
    keys,
    unroutedKeys: keys
      .filter((key) => key.kind === "department" && key.department === null)
      .map((key) => key.key),
  };
}

/** Settings for administrators: categories and routing. */
export function registerRoutingSettingsRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(getRoutingRoute, async (c) => {
    requirePermission(c.get("actor"), "settings:edit");
    return c.json(await routingTable(c, deps), 200);
  });

  app.openapi(setRoutingKeyRoute, async (c) => {
    const actor = c.get("actor");
    requirePermission(actor, "settings:edit");
    const { key } = c.req.valid("param");
    const { departmentId } = c.req.valid("json");
    const entry = knownKeys().get(key);
    if (!entry) {
      throw new OtklikError("not_found", `Нет ключа маршрутизации «${key}» / No routing key "${key}"`);
    }
    if (entry.kind === "external") {
      throw new OtklikError(
        "conflict",
        `«${entry.shortName}» — другое ведомство: обращения ему пересылаются, управление не назначается / ` +
          `"${key}" is another authority: incidents are forwarded to it, not routed to a department`,
      );
    }
    const departments = await allDepartments(c, deps);
    if (!departments.has(departmentId)) {
      throw new OtklikError("validation_failed", "Нет такого управления / No such department", {
        details: [{ path: ["departmentId"], message: "Нет такого управления / No such department" }],
      });
    }
    const clock = deps.clock ?? systemClock;
    await withTransaction(deps.db, async (tx) => {
      const before = (await listDepartmentRoutes(tx)).find((route) => route.departmentKey === key);
      await setDepartmentRoute(tx, key, departmentId);
      await recordAudit(
        tx,
        { clock, actor },
        {
          action: "routing-key.update",
          objectType: "routing-key",
          objectId: key,
          departmentId,
          before: { departmentId: before?.departmentId ?? null },
          after: { departmentId },
        },
      );
    });
    return c.json(await routingTable(c, deps), 200);
  });
}
