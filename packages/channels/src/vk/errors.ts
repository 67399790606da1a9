import { DeliveryError, type FailureKind } from "../connector/delivery-error.js";

/** VK's error object, which comes with HTTP 200. */
export interface VkErrorBody {
  error_code: number;
  error_msg?: string;
  captcha_sid?: string;
}

/** What each VK error code means for delivery (codes from `errors.json` of the VK schema). */
const VK_FAILURES: Readonly<Record<number, FailureKind>> = {
  1: "temporary", // Unknown error occurred
  5: "token_invalid", // User authorization failed
  6: "rate_limited", // Too many requests per second
  9: "rate_limited", // Flood control
  10: "temporary", // Internal server error
  14: "needs_person", // Captcha needed
  15: "denied", // Access denied
  27: "token_invalid", // Group authorization failed
  28: "token_invalid", // Application authorization failed
  29: "rate_limited", // Rate limit reached (a daily quota of the method)
  100: "invalid_request", // One of the parameters specified was missing or invalid
  214: "denied", // Access to adding post denied
};

/** How long to wait before retrying each rate-limit code: a second for 6, longer for the quotas. */
const VK_RETRY_AFTER: Readonly<Record<number, number>> = { 6: 1_000, 9: 60_000, 29: 3_600_000 };

/** Turns VK's error object into a {@link DeliveryError}; unknown codes are not retried. */
export function vkFailure(error: VkErrorBody): DeliveryError {
  const kind = VK_FAILURES[error.error_code] ?? "invalid_request";
  const retryAfter = VK_RETRY_AFTER[error.error_code];
  return new DeliveryError("vk", kind, `VK ${error.error_code}: ${error.error_msg ?? "error"}`, {
    platformCode: error.error_code,
    ...(retryAfter === undefined ? {} : { retryAfterMilliseconds: retryAfter }),
  });
}
