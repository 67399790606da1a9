import { DeliveryError, failureKindOfStatus } from "../connector/delivery-error.js";
import { parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import { PLATFORM_RATES, type RateLimitRule, type Throttle } from "../connector/rate-limits.js";
import { tokenFingerprint } from "../connector/token-fingerprint.js";

/** What every Telegram call needs. */
export interface TelegramCallContext {
  baseUrl: string;
  botToken: string;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

interface TelegramAnswer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/** The bot-wide limit (about 30 messages a second) and, for a send, the chat's (20 a minute). */
export function telegramRateRules(context: TelegramCallContext, chatId?: string): RateLimitRule[] {
  const rules: RateLimitRule[] = [
    { key: `telegram:bot:${tokenFingerprint(context.botToken)}`, ...PLATFORM_RATES.telegramBot },
  ];
  if (chatId !== undefined) rules.push({ key: `telegram:chat:${chatId}`, ...PLATFORM_RATES.telegramChat });
  return rules;
}

/** Turns Telegram's `{ ok: false, error_code, description, parameters }` into a {@link DeliveryError}. */
export function telegramFailure(status: number, answer: TelegramAnswer): DeliveryError {
  const code = answer.error_code ?? status;
  const retryAfter = answer.parameters?.retry_after;
  return new DeliveryError(
    "telegram",
    failureKindOfStatus(code),
    `Telegram ${code}: ${answer.description ?? "error"}`,
    {
      platformCode: code,
      ...(retryAfter === undefined ? {} : { retryAfterMilliseconds: retryAfter * 1000 }),
    },
  );
}

/**
 * Calls one Bot API method: `POST {baseUrl}/bot{token}/{method}` with JSON, or multipart when
 * files go with it. The URL holds the token, so it never appears in an error.
 */
export async function callTelegramMethod(
  context: TelegramCallContext,
  method: string,
  parameters: Record<string, unknown> | FormData,
  options: { repeatable: boolean; chatId?: string },
): Promise<unknown> {
  const isForm = parameters instanceof FormData;
  const answer = await sendHttpRequest({
    platform: "telegram",
    url: `${context.baseUrl.replace(/\/+$/, "")}/bot${context.botToken}/${method}`,
    method: "POST",
    ...(isForm ? {} : { headers: { "content-type": "application/json" } }),
    body: isForm ? parameters : JSON.stringify(parameters),
    repeatable: options.repeatable,
    rateLimits: telegramRateRules(context, options.chatId),
    ...(context.throttle ? { throttle: context.throttle } : {}),
    ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
  });
  const json = parseJsonAnswer("telegram", answer) as TelegramAnswer;
  if (!json.ok) throw telegramFailure(answer.status, json);
  return json.result;
}
