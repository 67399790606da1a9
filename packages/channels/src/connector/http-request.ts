import { DeliveryError } from "./delivery-error.js";
import type { Platform } from "./platform.js";
import type { RateLimitRule, Throttle } from "./rate-limits.js";

/** How long a call may take before we stop waiting, unless a connector says otherwise. */
export const DEFAULT_TIMEOUT_MILLISECONDS = 15_000;

/** One HTTP call to a platform. */
export interface HttpCall {
  platform: Platform;
  url: string | URL;
  method?: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  body?: string | FormData | URLSearchParams;
  timeoutMilliseconds?: number;
  /**
   * True when sending the call twice does no harm (reads, photo uploads that only leave an unused
   * photo behind). A timeout of such a call is retryable; a timeout of a publishing call is not.
   */
  repeatable: boolean;
  /** Rate limits this call counts against. */
  rateLimits?: readonly RateLimitRule[];
  throttle?: Throttle;
}

/** What came back, read in full. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Network failures that happen before a single byte of the request reached the platform:
 * nothing can have been published, so retrying is safe.
 */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Sends one call with the global `fetch` and an AbortSignal timeout, and sorts network failures
 * into "never sent" (retryable) and "sent, outcome unknown". The URL is never put in an error
 * message, because Telegram carries its token in the path.
 */
export async function sendHttpRequest(call: HttpCall): Promise<HttpAnswer> {
  if (call.throttle && call.rateLimits && call.rateLimits.length > 0) await call.throttle(call.rateLimits);
  const timeout = call.timeoutMilliseconds ?? DEFAULT_TIMEOUT_MILLISECONDS;
  const init: RequestInit = {
    method: call.method ?? (call.body === undefined ? "GET" : "POST"),
    signal: AbortSignal.timeout(timeout),
  };
  if (call.headers) init.headers = call.headers;
  if (call.body !== undefined) init.body = call.body;
  let response: Response;
  try {
    response = await fetch(call.url, init);
  } catch (error) {
    throw networkFailure(call, error, timeout);
  }
  try {
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    // The platform answered with a status but the body was lost: it did receive the call.
    throw networkFailure({ ...call, repeatable: call.repeatable }, error, timeout, true);
  }
}

function networkFailure(call: HttpCall, error: unknown, timeout: number, answered = false): DeliveryError {
  const code = causeCode(error);
  const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  if (!answered && code !== undefined && NOT_SENT_CODES.has(code)) {
    return new DeliveryError(
      call.platform,
      "temporary",
      `Не удалось соединиться / Could not connect (${code})`,
      {
        platformCode: code,
      },
    );
  }
  const what = timedOut ? `no answer within ${timeout} ms` : `connection lost (${code ?? "network error"})`;
  if (call.repeatable) {
    return new DeliveryError(call.platform, "temporary", `Нет ответа / ${what}`, {
      platformCode: timedOut ? "timeout" : code,
    });
  }
  return new DeliveryError(
    call.platform,
    "unknown_outcome",
    `Запрос отправлен, ответа нет: результат неизвестен / Request sent, ${what}: outcome unknown`,
    { platformCode: timedOut ? "timeout" : code },
  );
}

/** Parses a JSON answer, turning a non-JSON body into a retryable or refused failure by status. */
export function parseJsonAnswer(platform: Platform, answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    const kind = answer.status >= 500 || answer.status === 429 ? "temporary" : "invalid_request";
    throw new DeliveryError(
      platform,
      kind,
      `Ответ не в формате JSON / Answer is not JSON (HTTP ${answer.status})`,
      {
        platformCode: answer.status,
      },
    );
  }
}
