import { DeliveryError, type FailureKind } from "../connector/delivery-error.js";
import { parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import { PLATFORM_RATES, type RateLimitRule, type Throttle } from "../connector/rate-limits.js";
import { tokenFingerprint } from "../connector/token-fingerprint.js";
import type { OkSecrets } from "./settings.js";
import { okSignature } from "./signature.js";

/** What every OK call needs. */
export interface OkCallContext {
  baseUrl: string;
  applicationKey: string;
  secrets: OkSecrets;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/** What each OK error code means for delivery (https://apiok.ru/en/dev/errors). */
const OK_FAILURES: Readonly<Record<number, FailureKind>> = {
  1: "temporary", // UNKNOWN
  2: "temporary", // SERVICE: temporarily unavailable
  7: "needs_person", // ACTION_BLOCKED: OK wants the user to confirm something
  8: "rate_limited", // FLOOD_BLOCKED
  9: "denied", // IP_BLOCKED
  10: "denied", // PERMISSION_DENIED
  11: "rate_limited", // LIMIT_REACHED
  50: "denied", // NOT_ADMIN
  100: "invalid_request", // PARAM
  101: "token_invalid", // PARAM_API_KEY
  102: "token_invalid", // PARAM_SESSION_EXPIRED
  103: "token_invalid", // PARAM_SESSION_KEY
  104: "token_invalid", // PARAM_SIGNATURE: a wrong application secret key
  200: "denied", // PARAM_PERMISSION
  300: "invalid_request", // NOT_FOUND
};

/** The error object OK answers with HTTP 200. */
export interface OkErrorBody {
  error_code: number;
  error_msg?: string;
}

/** Turns OK's error object into a {@link DeliveryError}; unknown codes are not retried. */
export function okFailure(error: OkErrorBody): DeliveryError {
  const kind = OK_FAILURES[error.error_code] ?? "invalid_request";
  return new DeliveryError("ok", kind, `OK ${error.error_code}: ${error.error_msg ?? "error"}`, {
    platformCode: error.error_code,
    ...(kind === "rate_limited" ? { retryAfterMilliseconds: 60_000 } : {}),
  });
}

/** The rate limit of one OK token. */
export function okRateRule(accessToken: string): RateLimitRule {
  return { key: `ok:token:${tokenFingerprint(accessToken)}`, ...PLATFORM_RATES.okToken };
}

/**
 * Calls one OK REST method: `POST {baseUrl}/fb.do` with a signed form body (`application_key`,
 * `method`, `format=json`, the parameters, `sig`, `access_token`). OK answers errors with HTTP 200
 * and `{ error_code, error_msg }`.
 */
export async function callOkMethod(
  context: OkCallContext,
  method: string,
  parameters: Record<string, string | number | boolean | undefined>,
  options: { repeatable: boolean },
): Promise<unknown> {
  const signed: Record<string, string> = { application_key: context.applicationKey, format: "json", method };
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) signed[name] = String(value);
  }
  const body = new URLSearchParams(signed);
  body.set("sig", okSignature(signed, context.secrets.accessToken, context.secrets.applicationSecretKey));
  body.set("access_token", context.secrets.accessToken);
  const answer = await sendHttpRequest({
    platform: "ok",
    url: `${context.baseUrl.replace(/\/+$/, "")}/fb.do`,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    repeatable: options.repeatable,
    rateLimits: [okRateRule(context.secrets.accessToken)],
    ...(context.throttle ? { throttle: context.throttle } : {}),
    ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
  });
  if (answer.status >= 500) {
    throw new DeliveryError("ok", "temporary", `OK HTTP ${answer.status}`, { platformCode: answer.status });
  }
  const json = parseJsonAnswer("ok", answer);
  if (json !== null && typeof json === "object" && typeof (json as OkErrorBody).error_code === "number") {
    throw okFailure(json as OkErrorBody);
  }
  return json;
}
