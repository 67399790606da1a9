// Settings for administrators: the city's channel connections of @otklik/channels (VK, Telegram, OK, MAX, the
// incident platform, e-mail) — their health, adding and editing them, and the test call. Secrets are
// write-only: no answer ever carries one; an edit that leaves a secret empty keeps the stored one.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  type Connection,
  ConnectionInput,
  type ConnectionSummary,
  checkConnection,
  createSecretBox,
  getConnection,
  listConnections,
  type SecretBox,
  saveConnection,
} from "@otklik/channels";
import { fromZodError, OtklikError, systemClock } from "@otklik/core";
import { type Executor, withTransaction } from "@otklik/db";
import { type Actor, recordAudit, requirePermission } from "@otklik/identity";
import { toJSONSchema } from "zod";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { IdParameter, SESSION } from "../identity/route-support.js";

const TAGS = ["Settings"];
const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });

const PLATFORMS = ["vk", "telegram", "ok", "max", "platform", "email"] as const;
type Platform = (typeof PLATFORMS)[number];

/** What a platform's connection is made of, read from its zod schemas so the screen never drifts from them. */
const FieldDescriptor = z
  .object({
    name: z.string(),
    type: z.enum(["string", "number", "boolean"]),
    required: z.boolean(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })
  .openapi("ConnectionField");

const PlatformDescriptor = z
  .object({
    platform: z.enum(PLATFORMS),
    settings: z.array(FieldDescriptor),
    secrets: z.array(FieldDescriptor),
  })
  .openapi("ConnectionPlatform");

const ConnectionView = z
  .object({
    id: z.string().openapi({ example: "conn_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
    platform: z.enum(PLATFORMS),
    name: z.string().openapi({ example: "Абакан официальный — ВКонтакте" }),
    settings: z.record(z.string(), z.unknown()).openapi({ description: "Без секретов / No secrets here" }),
    secrets: z.record(z.string(), z.literal("********")).openapi({
      description:
        "Какие секреты сохранены — только маской, значения не выдаются никогда / Which secrets are stored, masked: their values are never returned",
      example: { communityToken: "********", callbackSecret: "********" },
    }),
    health: z.enum(["unknown", "healthy", "unhealthy"]),
    lastError: z.string().nullable(),
    lastCheckedAt: z.string().nullable(),
  })
  .openapi("ChannelConnection");

const ConnectionList = z
  .object({
    items: z.array(ConnectionView),
    nextCursor: z.null(),
    platforms: z.array(PlatformDescriptor),
    keyConfigured: z.boolean().openapi({
      description:
        "Задан ли OTKLIK_CHANNELS_KEY; без него подключения нельзя добавлять, менять и проверять / Whether OTKLIK_CHANNELS_KEY is set; without it connections cannot be added, changed or tested",
    }),
  })
  .openapi("ChannelConnectionList");

const NewConnection = z
  .object({
    platform: z.enum(PLATFORMS),
    name: z.string().trim().min(1).max(200),
    settings: z.record(z.string(), z.unknown()),
    secrets: z.record(z.string(), z.string()),
  })
  .openapi("NewChannelConnection");

const ConnectionChanges = z
  .object({
    name: z.string().trim().min(1).max(200),
    settings: z.record(z.string(), z.unknown()),
    secrets: z.record(z.string(), z.string()).default({}).openapi({
      description:
        "Только заменяемые секреты; пустой или пропущенный секрет остаётся прежним / Only the secrets to replace; an empty or missing one keeps its stored value",
    }),
  })
  .openapi("ChannelConnectionChanges");

const CheckResult = z
  .object({
    healthy: z.boolean(),
    description: z.string().nullable().openapi({ description: "Что ответил сервис / What the service said" }),
    error: z.string().nullable(),
    connection: ConnectionView,
  })
  .openapi("ChannelConnectionCheck");

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/connections",
  tags: TAGS,
  summary: "Channel connections with their health, secrets masked (administrator)",
  security: SESSION,
  responses: {
    200: { description: "Every connection (`nextCursor` is always null)", content: json(ConnectionList) },
    ...errorResponses(401, 403),
  },
});

const createConnectionRoute = createRoute({
  method: "post",
  path: "/api/v1/settings/connections",
  tags: TAGS,
  summary: "Add a channel connection (administrator); secrets are sealed and never shown again",
  security: SESSION,
  request: { body: { required: true, content: json(NewConnection) } },
  responses: {
    201: { description: "Added", content: json(ConnectionView) },
    ...errorResponses(401, 403, 422, 503),
  },
});

const updateConnectionRoute = createRoute({
  method: "put",
  path: "/api/v1/settings/connections/{id}",
  tags: TAGS,
  summary: "Change a channel connection (administrator); its health goes back to unknown until tested",
  security: SESSION,
  request: { params: IdParameter, body: { required: true, content: json(ConnectionChanges) } },
  responses: {
    200: { description: "Changed", content: json(ConnectionView) },
    ...errorResponses(401, 403, 404, 422, 503),
  },
});

const checkRoute = createRoute({
  method: "post",
  path: "/api/v1/settings/connections/{id}/check",
  tags: TAGS,
  summary: "Run the connection's test call against its service and record its health (administrator)",
  description:
    "VK `groups.getById`, Telegram `getMe`, OK `group.getInfo`, MAX `GET /me`, вход на SMTP, `/ping` платформы. " +
    "Ответ 200 и при неудачной проверке: результат в `healthy` и `error` (без секретов). / The answer is 200 also " +
    "when the check fails: the outcome is in `healthy` and `error` (secrets redacted).",
  security: SESSION,
  request: { params: IdParameter },
  responses: {
    200: { description: "The check's outcome, recorded", content: json(CheckResult) },
    ...errorResponses(401, 403, 404, 503),
  },
});

/** The descriptors of every platform, from `ConnectionInput`'s schemas. */
function platformDescriptors(): z.infer<typeof PlatformDescriptor>[] {
  const fields = (schema: unknown): z.infer<typeof FieldDescriptor>[] => {
    const document = toJSONSchema(schema as Parameters<typeof toJSONSchema>[0], { io: "input" }) as {
      properties?: Record<string, { type?: string; default?: string | number | boolean }>;
      required?: string[];
    };
    return Object.entries(document.properties ?? {}).map(([name, property]) => ({
      name,
      type:
        property.type === "integer" || property.type === "number"
          ? "number"
          : property.type === "boolean"
            ? "boolean"
            : "string",
      required: (document.required ?? []).includes(name) && property.default === undefined,
      ...(property.default !== undefined ? { default: property.default } : {}),
    }));
  };
  return ConnectionInput.options.map((option) => ({
    platform: option.shape.platform.value as Platform,
    settings: fields(option.shape.settings),
    secrets: fields(option.shape.secrets),
  }));
}

function viewOf(summary: ConnectionSummary, secretNames: readonly string[]): z.infer<typeof ConnectionView> {
  return {
    id: summary.id,
    platform: summary.platform,
    name: summary.name,
    settings: summary.settings as Record<string, unknown>,
    secrets: Object.fromEntries(secretNames.map((name) => [name, "********" as const])),
    health: summary.health,
    lastError: summary.lastError,
    lastCheckedAt: summary.lastCheckedAt?.toISOString() ?? null,
  };
}

function storedSecretNames(connection: Pick<Connection, "secrets">): string[] {
  return Object.entries(connection.secrets)
    .filter(([, value]) => typeof value === "string" && value.length > 0)
    .map(([name]) => name);
}

/** What is audited of a connection: never a secret, only which secrets were set. */
function auditView(config: { platform: string; name: string; settings: unknown }, secretsChanged: string[]) {
  return { platform: config.platform, name: config.name, settings: config.settings, secretsChanged };
}

/** Parses a connection as `ConnectionInput` does; problems are 422 with their paths. */
function parseConnection(input: unknown) {
  const parsed = ConnectionInput.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** What the connection routes need: the key their secrets are sealed with (`OTKLIK_CHANNELS_KEY`). */
export interface ConnectionRouteSettings {
  channelsKey?: string | undefined;
}

/** Settings for administrators: channel connections. */
export function registerConnectionRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ConnectionRouteSettings,
): void {
  const box: SecretBox | undefined = settings.channelsKey
    ? createSecretBox({ currentKeyId: "current", keys: { current: settings.channelsKey } })
    : undefined;
  const clock = () => deps.clock ?? systemClock;
  const requireBox = (): SecretBox => {
    if (box) return box;
    throw new OtklikError(
      "unavailable",
      "Не задан ключ шифрования подключений OTKLIK_CHANNELS_KEY / The channels key OTKLIK_CHANNELS_KEY is not set",
    );
  };
  const audit = (db: Executor, actor: Actor, action: string, id: string, before: unknown, after: unknown) =>
    recordAudit(
      db,
      { clock: clock(), actor },
      {
        action,
        objectType: "channel-connection",
        objectId: id,
        before: (before ?? null) as Record<string, unknown> | null,
        after: (after ?? null) as Record<string, unknown> | null,
      },
    );
  const viewById = async (id: string): Promise<z.infer<typeof ConnectionView>> => {
    const connection = await getConnection({ db: deps.db, box: requireBox(), id });
    return viewOf(connection, storedSecretNames(connection));
  };

  app.openapi(listRoute, async (c) => {
    requirePermission(c.get("actor"), "settings:edit");
    const summaries = await listConnections({ db: deps.db });
    const items = await Promise.all(
      summaries.map(async (summary) => {
        if (!box) return viewOf(summary, []);
        try {
          return await viewById(summary.id);
        } catch {
          // Sealed with a key this process does not hold: listed without its secret names.
          return viewOf(summary, []);
        }
      }),
    );
    return c.json(
      { items, nextCursor: null, platforms: platformDescriptors(), keyConfigured: box !== undefined },
      200,
    );
  });

  app.openapi(createConnectionRoute, async (c) => {
    const actor = c.get("actor");
    requirePermission(actor, "settings:edit");
    const body = c.req.valid("json");
    const config = parseConnection({
      platform: body.platform,
      name: body.name,
      settings: body.settings,
      secrets: Object.fromEntries(Object.entries(body.secrets).filter(([, value]) => value !== "")),
    });
    const sealing = requireBox();
    // The connection and its audit entry commit together.
    const saved = await withTransaction(deps.db, async (tx) => {
      const stored = await saveConnection({ db: tx, clock: clock(), box: sealing, input: config });
      await audit(
        tx,
        actor,
        "channel-connection.create",
        stored.id,
        null,
        auditView(config, storedSecretNames(config)),
      );
      return stored;
    });
    return c.json(viewOf(saved, storedSecretNames(config)), 201);
  });

  app.openapi(updateConnectionRoute, async (c) => {
    const actor = c.get("actor");
    requirePermission(actor, "settings:edit");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const existing = await getConnection({ db: deps.db, box: requireBox(), id });
    const replaced = Object.fromEntries(Object.entries(body.secrets).filter(([, value]) => value !== ""));
    const config = parseConnection({
      id,
      platform: existing.platform,
      name: body.name,
      settings: body.settings,
      secrets: { ...existing.secrets, ...replaced },
    });
    const sealing = requireBox();
    const saved = await withTransaction(deps.db, async (tx) => {
      const stored = await saveConnection({ db: tx, clock: clock(), box: sealing, input: config });
      await audit(
        tx,
        actor,
        "channel-connection.update",
        id,
        auditView(existing, []),
        auditView(config, Object.keys(replaced)),
      );
      return stored;
    });
    return c.json(viewOf(saved, storedSecretNames(config)), 200);
  });

  app.openapi(checkRoute, async (c) => {
    const actor = c.get("actor");
    requirePermission(actor, "settings:edit");
    const { id } = c.req.valid("param");
    const report = await checkConnection({
      db: deps.db,
      clock: clock(),
      box: requireBox(),
      id,
      dependencies: { timeoutMilliseconds: 10_000 },
    });
    await audit(deps.db, actor, "channel-connection.check", id, null, {
      healthy: report.healthy,
      error: report.error ?? null,
    });
    return c.json(
      {
        healthy: report.healthy,
        description: report.description ?? null,
        error: report.error ?? null,
        connection: await viewById(id),
      },
      200,
    );
  });
}
