import { DeliveryError } from "../connector/delivery-error.js";
import { parseJsonAnswer, sendHttpRequest } from "../connector/http-request.js";
import { PLATFORM_RATES, type RateLimitRule, type Throttle } from "../connector/rate-limits.js";
import { tokenFingerprint } from "../connector/token-fingerprint.js";
import { vkFailure } from "./errors.js";
import { VK_API_VERSION, type VkSecrets } from "./settings.js";

/** What every VK call needs. */
export interface VkCallContext {
  groupId: number;
  baseUrl: string;
  secrets: VkSecrets;
  throttle?: Throttle;
  timeoutMilliseconds?: number;
}

/** Which of the two tokens a method is called with. */
export type VkTokenKind = "user" | "community";

/** A parameter value as VK takes it in a form body: arrays comma-joined, booleans as 1/0. */
export type VkParameter = string | number | boolean | readonly (string | number)[] | undefined;

function tokenOf(context: VkCallContext, kind: VkTokenKind): string {
  if (kind === "community") return context.secrets.communityToken;
  if (context.secrets.userToken === undefined) {
    throw new DeliveryError(
      "vk",
      "token_invalid",
      "Нужен токен администратора сообщества / A community administrator's user token is required for wall posts",
    );
  }
  return context.secrets.userToken;
}

/** The rate limit of one token: about 3 calls a second with a user token, 20 with a community token. */
export function vkRateRule(token: string, kind: VkTokenKind): RateLimitRule {
  const rate = kind === "user" ? PLATFORM_RATES.vkUserToken : PLATFORM_RATES.vkCommunityToken;
  return { key: `vk:${kind}:${tokenFingerprint(token)}`, ...rate };
}

/** Encodes parameters as VK reads them from a form body. */
export function vkFormBody(parameters: Record<string, VkParameter>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) form.set(name, value.join(","));
    else if (typeof value === "boolean") form.set(name, value ? "1" : "0");
    else form.set(name, String(value));
  }
  return form;
}

/**
 * Calls one VK API method: `POST {baseUrl}/method/{name}` with a form body that carries the token
 * (kept out of the URL, so proxies and access logs never see it). VK answers HTTP 200 with either
 * `{ response }` or `{ error }`; the error becomes a {@link DeliveryError}.
 */
export async function callVkMethod(
  context: VkCallContext,
  method: string,
  parameters: Record<string, VkParameter>,
  options: { token: VkTokenKind; repeatable: boolean },
): Promise<unknown> {
  const token = tokenOf(context, options.token);
  const body = vkFormBody({ ...parameters, access_token: token, v: VK_API_VERSION });
  const answer = await sendHttpRequest({
    platform: "vk",
    url: `${context.baseUrl.replace(/\/+$/, "")}/method/${method}`,
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    repeatable: options.repeatable,
    rateLimits: [vkRateRule(token, options.token)],
    ...(context.throttle ? { throttle: context.throttle } : {}),
    ...(context.timeoutMilliseconds ? { timeoutMilliseconds: context.timeoutMilliseconds } : {}),
  });
  if (answer.status >= 500) {
    throw new DeliveryError("vk", "temporary", `VK HTTP ${answer.status}`, { platformCode: answer.status });
  }
  const json = parseJsonAnswer("vk", answer) as { response?: unknown; error?: { error_code?: unknown } };
  if (json.error && typeof json.error.error_code === "number") {
    throw vkFailure(json.error as { error_code: number; error_msg?: string });
  }
  if (!("response" in json)) {
    throw new DeliveryError("vk", "invalid_request", "VK: ответ без response / answer without response");
  }
  return json.response;
}
