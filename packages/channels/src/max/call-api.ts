import { DeliveryError, failureKindOfStatus } from "../connector/delivery-error.js";
import { parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import { PLATFORM_RATES, type RateLimitRule, type Throttle } from "../connector/rate-limits.js";
import { tokenFingerprint } from "../connector/token-fingerprint.js";

/** What every MAX call needs. */
export interface MaxCallContext {
  baseUrl: string;
  botToken: string;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/** The bot-wide limit (30 requests a second) and, for a message, the chat's (2 a second). */
export function maxRateRules(context: MaxCallContext, chatId?: number): RateLimitRule[] {
  const rules: RateLimitRule[] = [
    { key: `max:bot:${tokenFingerprint(context.botToken)}`, ...PLATFORM_RATES.maxBot },
  ];
  if (chatId !== undefined) rules.push({ key: `max:chat:${chatId}`, ...PLATFORM_RATES.maxChat });
  return rules;
}

/**
 * Calls the MAX Bot API: the token goes in the `Authorization` header (MAX no longer takes it in
 * the query). Errors come as a non-2xx status with `{ code, message }`; `attachment.not.ready`
 * means an uploaded file is still being processed, which passes by itself.
 */
export async function callMaxApi(
  context: MaxCallContext,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  options: { query?: Record<string, string | number>; body?: unknown; repeatable: boolean; chatId?: number },
): Promise<unknown> {
  const url = new URL(`${context.baseUrl.replace(/\/+$/, "")}${path}`);
  for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, String(value));
  const answer = await sendHttpRequest({
    platform: "max",
    url,
    method,
    headers: {
      authorization: context.botToken,
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    repeatable: options.repeatable,
    rateLimits: maxRateRules(context, options.chatId),
    ...(context.throttle ? { throttle: context.throttle } : {}),
    ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
  });
  if (answer.status >= 200 && answer.status < 300) return parseJsonAnswer("max", answer);
  let code = String(answer.status);
  let message = `HTTP ${answer.status}`;
  try {
    const body = JSON.parse(answer.text) as { code?: unknown; message?: unknown };
    if (typeof body.code === "string") code = body.code;
    if (typeof body.message === "string") message = body.message;
  } catch {
    // A proxy's page instead of JSON: the status decides.
  }
  const kind = code === "attachment.not.ready" ? "temporary" : failureKindOfStatus(answer.status);
  const retryAfterSeconds = Number(answer.headers.get("retry-after"));
  throw new DeliveryError("max", kind, `MAX ${code}: ${message}`, {
    platformCode: code,
    ...(kind === "rate_limited"
      ? {
          retryAfterMilliseconds:
            Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 1000,
        }
      : {}),
    ...(code === "attachment.not.ready" ? { retryAfterMilliseconds: 1000 } : {}),
  });
}
