import type { Clock } from "@otklik/core";
import { DeliveryError, failureKindOfStatus } from "../connector/delivery-error.js";
import { type HttpAnswer, parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import type { OutboundReply, PublishedItem } from "../connector/outbound.js";
import { PLATFORM_RATES, type Throttle } from "../connector/rate-limits.js";
import { PlatformAnswer, PlatformAnswerReceipt, PlatformErrorBody } from "./answer-contract.js";
import type { PlatformSecrets, PlatformSettings } from "./settings.js";
import { PLATFORM_SIGNATURE_HEADER, signPlatformBody } from "./signature.js";

/** What the platform's calls need besides settings and secrets. */
export interface PlatformCallContext {
  settings: PlatformSettings;
  secrets: PlatformSecrets;
  clock: Clock;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

function endpoint(settings: PlatformSettings, path: string): string {
  return `${settings.baseUrl.replace(/\/+$/, "")}${path}`;
}

/** The rate-limit rule of one platform endpoint, keyed by its host. */
export function platformRateRule(settings: PlatformSettings): {
  key: string;
  limit: number;
  intervalMilliseconds: number;
} {
  return { key: `platform:${new URL(settings.baseUrl).host}`, ...PLATFORM_RATES.platformEndpoint };
}

/** Turns a non-2xx answer of the platform into a {@link DeliveryError} (never echoing credentials). */
export function platformFailure(answer: HttpAnswer): DeliveryError {
  let code = String(answer.status);
  let message = `HTTP ${answer.status}`;
  try {
    const parsed = PlatformErrorBody.safeParse(JSON.parse(answer.text));
    if (parsed.success) {
      code = parsed.data.error.code;
      message = parsed.data.error.message ?? code;
    }
  } catch {
    // A proxy's HTML error page: the status alone tells what to do.
  }
  const retryAfterSeconds = Number(answer.headers.get("retry-after"));
  return new DeliveryError(
    "platform",
    failureKindOfStatus(answer.status),
    `Платформа / Platform: ${message}`,
    {
      platformCode: code,
      ...(Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0
        ? { retryAfterMilliseconds: retryAfterSeconds * 1000 }
        : {}),
    },
  );
}

/**
 * Sends the city's answer to one incident: `POST {baseUrl}/incidents/{incidentId}/answers` with a
 * bearer token, an `Idempotency-Key` and the HMAC signature of the body. A 409 means the platform
 * already holds this answer, which is success.
 */
export async function sendPlatformAnswer(
  context: PlatformCallContext,
  reply: OutboundReply,
  idempotencyKey: string,
): Promise<PublishedItem> {
  const parsed = PlatformAnswer.safeParse({
    answerId: idempotencyKey,
    text: reply.text,
    attachments: (reply.links ?? []).map((link) => ({
      type: link.type,
      url: link.url,
      ...(link.name === undefined ? {} : { name: link.name }),
    })),
    answeredAt: context.clock.now().toISOString(),
  });
  // Refused before anything is sent, so it is a plain refusal and never an unknown outcome.
  if (!parsed.success) {
    throw new DeliveryError(
      "platform",
      "invalid_request",
      `Ответ вне контракта / Answer outside the contract: ${parsed.error.issues[0]?.message ?? ""}`,
    );
  }
  const body = JSON.stringify(parsed.data);
  const signingSecret = context.secrets.answerSigningSecret ?? context.secrets.intakeSecret;
  const result = await sendHttpRequest({
    platform: "platform",
    url: endpoint(context.settings, `/incidents/${encodeURIComponent(reply.conversationId)}/answers`),
    method: "POST",
    headers: {
      authorization: `Bearer ${context.secrets.apiToken}`,
      "content-type": "application/json",
      "idempotency-key": idempotencyKey,
      [PLATFORM_SIGNATURE_HEADER.toLowerCase()]: signPlatformBody(body, signingSecret),
    },
    body,
    repeatable: false,
    rateLimits: [platformRateRule(context.settings)],
    ...(context.throttle ? { throttle: context.throttle } : {}),
    ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
  });
  if (result.status >= 200 && result.status < 300) return receiptItem(result, idempotencyKey);
  if (result.status === 409) return receiptItem(result, idempotencyKey);
  throw platformFailure(result);
}

function receiptItem(answer: HttpAnswer, idempotencyKey: string): PublishedItem {
  const parsed = PlatformAnswerReceipt.safeParse(parseJsonAnswer("platform", answer));
  const platformAnswerId = parsed.success
    ? (parsed.data.platformAnswerId ?? parsed.data.answerId)
    : idempotencyKey;
  return { platformId: platformAnswerId, platformIds: { answerId: idempotencyKey, platformAnswerId } };
}

/**
 * Asks the platform whether it holds an answer whose sending timed out:
 * `GET {baseUrl}/incidents/{incidentId}/answers/{answerId}` answers 200 or 404.
 */
export async function findPlatformAnswer(
  context: PlatformCallContext,
  incidentId: string,
  idempotencyKey: string,
): Promise<PublishedItem | undefined> {
  const result = await sendHttpRequest({
    platform: "platform",
    url: endpoint(
      context.settings,
      `/incidents/${encodeURIComponent(incidentId)}/answers/${encodeURIComponent(idempotencyKey)}`,
    ),
    headers: { authorization: `Bearer ${context.secrets.apiToken}` },
    repeatable: true,
    rateLimits: [platformRateRule(context.settings)],
    ...(context.throttle ? { throttle: context.throttle } : {}),
  });
  if (result.status === 404) return undefined;
  if (result.status !== 200) throw platformFailure(result);
  return receiptItem(result, idempotencyKey);
}

/** The test call: `GET {baseUrl}/ping` with the bearer token answers 200. */
export async function pingPlatform(context: PlatformCallContext): Promise<void> {
  const result = await sendHttpRequest({
    platform: "platform",
    url: endpoint(context.settings, "/ping"),
    headers: { authorization: `Bearer ${context.secrets.apiToken}` },
    repeatable: true,
    ...(context.throttle ? { throttle: context.throttle } : {}),
  });
  if (result.status !== 200) throw platformFailure(result);
}
