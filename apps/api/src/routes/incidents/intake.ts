import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  type InboundResult,
  PlatformIntake,
  PlatformIntakeAccepted,
  receivePlatformIntake,
  receiveTelegramUpdate,
  receiveVkCallback,
} from "@otklik/channels";
import { OtklikError, systemClock } from "@otklik/core";
import { systemActor } from "@otklik/identity";
import { createPlatformIntakeReceiver, type IncidentContext, receiveSocialEvent } from "@otklik/incidents";
import type { Context } from "hono";
import { bodyText } from "../../http/body-text.js";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, PUBLIC } from "../identity/route-support.js";
import { type IncidentRouteSettings, json } from "./incident-support.js";

/** The header of the platform's signature: `sha256=<hex of HMAC-SHA256 of the raw body>`. */
export const PLATFORM_SIGNATURE_HEADER = "X-Otklik-Signature";

const AnyJson = z.record(z.string(), z.unknown());

const platformRoute = createRoute({
  method: "post",
  path: "/api/v1/intake/platform",
  tags: ["Intake"],
  summary: "An incident of the federal incident platform («Инцидент Менеджмент»), signed with HMAC-SHA256",
  description:
    "Подпись — HMAC-SHA256 сырого тела с секретом OTKLIK_PLATFORM_SECRET в заголовке X-Otklik-Signature: sha256=<hex>; " +
    "проверяется до разбора тела. Один и тот же id платформы — одно обращение. / The signature is checked before " +
    "the body is parsed; the same platform id twice is one incident.",
  security: PUBLIC,
  request: {
    headers: z.object({
      "x-otklik-signature": z.string().openapi({ example: "sha256=3f1c…" }),
    }),
    body: { required: true, content: json(documented(PlatformIntake, "PlatformIntake")) },
  },
  responses: {
    202: {
      description: "Accepted",
      content: json(documented(PlatformIntakeAccepted, "PlatformIntakeAccepted")),
    },
    ...errorResponses(400, 401, 404, 409, 413, 415, 422),
  },
});

const vkRoute = createRoute({
  method: "post",
  path: "/api/v1/intake/vk",
  tags: ["Intake"],
  summary: "VK Callback API of the city's community: confirmation, comments, messages",
  description:
    "Событие `confirmation` получает строку подтверждения (text/plain), остальные — `ok`. Неверный секрет " +
    "или чужое сообщество — 401. / `confirmation` is answered with the confirmation string, everything else with `ok`.",
  security: PUBLIC,
  request: { body: { required: true, content: json(AnyJson.openapi("VkCallbackEvent")) } },
  responses: {
    200: {
      description: "The confirmation string or `ok`",
      content: { "text/plain": { schema: z.string() } },
    },
    ...errorResponses(400, 401, 413, 415, 422, 503),
  },
});

const telegramRoute = createRoute({
  method: "post",
  path: "/api/v1/intake/telegram",
  tags: ["Intake"],
  summary: "Telegram Bot API webhook: comments in the discussion group, messages to the bot",
  security: PUBLIC,
  request: {
    headers: z.object({
      "x-telegram-bot-api-secret-token": z.string(),
    }),
    body: { required: true, content: json(AnyJson.openapi("TelegramUpdate")) },
  },
  responses: {
    200: { description: "Received", content: { "application/json": { schema: z.unknown() } } },
    ...errorResponses(400, 401, 413, 415, 422, 503),
  },
});

function systemContext(
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
  name: string,
): IncidentContext {
  return {
    db: deps.db,
    clock: deps.clock ?? systemClock,
    actor: systemActor(name),
    ...(settings.jobs ? { jobs: settings.jobs } : {}),
    ...(settings.sla ? { sla: settings.sla } : {}),
  };
}

function answer(c: Context<ApiEnvironment>, result: InboundResult): Response {
  return c.body(result.response.body, result.response.status as 200, {
    "content-type": `${result.response.contentType}; charset=utf-8`,
  });
}

const notConfigured = (what: string) =>
  new OtklikError("unavailable", `Приём из ${what} не настроен / ${what} intake is not configured`);

/**
 * Webhooks of the incident platform, VK and Telegram. Each reads the raw body itself (the signature
 * is over the bytes as sent), so the bodies are documented here but not validated by the router.
 */
export function registerIntakeRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): void {
  // Documented with their bodies, served by plain handlers: the router's validator would read the stream.
  for (const route of [platformRoute, vkRoute, telegramRoute]) app.openAPIRegistry.registerPath(route);

  // One receiver for the process: new incidents that arrive while a transaction writes share the next one.
  const platform = createPlatformIntakeReceiver(systemContext(deps, settings, "platform"));
  app.post(platformRoute.path, async (c) => {
    const rawBody = await bodyText(c);
    const result = receivePlatformIntake({ headers: c.req.raw.headers, rawBody }, settings.platformSecret);
    let incidentId = "";
    for (const event of result.events) {
      if (event.kind !== "platform_incident") continue;
      ({ incidentId } = await platform.receive(event.intake));
    }
    return c.json({ incidentId }, 202);
  });

  app.post(vkRoute.path, async (c) => {
    if (!settings.vk) throw notConfigured("VK");
    const rawBody = await c.req.text();
    const result = receiveVkCallback(
      { headers: c.req.raw.headers, rawBody },
      settings.vk,
      deps.clock ?? systemClock,
    );
    for (const event of result.events) {
      if (event.kind !== "platform_incident")
        await receiveSocialEvent(systemContext(deps, settings, "vk"), event);
    }
    return answer(c, result);
  });

  app.post(telegramRoute.path, async (c) => {
    if (!settings.telegramWebhookSecret) throw notConfigured("Telegram");
    const rawBody = await c.req.text();
    const result = receiveTelegramUpdate(
      { headers: c.req.raw.headers, rawBody },
      settings.telegramWebhookSecret,
    );
    for (const event of result.events) {
      if (event.kind !== "platform_incident")
        await receiveSocialEvent(systemContext(deps, settings, "telegram"), event);
    }
    return answer(c, result);
  });
}
