import type { Platform } from "./platform.js";

/**
 * Why a call to a platform failed, in the terms that decide what happens next:
 * - `rate_limited`: the platform asked us to slow down; safe to retry after `retryAfterMilliseconds`.
 * - `temporary`: a server error or a network failure before the request left; safe to retry.
 * - `unknown_outcome`: the request left but no answer came (timeout, connection lost); the post may
 *   exist. Never re-sent blindly: checked with the platform, otherwise left for a person.
 * - `needs_person`: the platform wants a human (VK captcha).
 * - `token_invalid`: the token is revoked or expired; the connection is unhealthy until fixed.
 * - `denied`: the token lacks the right (VK 214 posting denied, a bot that is not an admin).
 * - `invalid_request`: the platform refused the content or parameters; retrying changes nothing.
 */
export type FailureKind =
  | "rate_limited"
  | "temporary"
  | "unknown_outcome"
  | "needs_person"
  | "token_invalid"
  | "denied"
  | "invalid_request";

const RETRYABLE: ReadonlySet<FailureKind> = new Set(["rate_limited", "temporary"]);

/** True for the failures that are safe to try again. */
export function isRetryable(kind: FailureKind): boolean {
  return RETRYABLE.has(kind);
}

/**
 * A failed call to a platform. Its message never carries a token: connectors build it from the
 * platform's error text and codes only, and the delivery services redact known secrets once more.
 */
export class DeliveryError extends Error {
  readonly kind: FailureKind;
  readonly platform: Platform;
  /** The platform's own code (`"14"` for a VK captcha, `"429"` for Telegram, `"EAUTH"` for SMTP). */
  readonly platformCode: string | undefined;
  /** How long the platform asked us to wait, when it said. */
  readonly retryAfterMilliseconds: number | undefined;

  constructor(
    platform: Platform,
    kind: FailureKind,
    message: string,
    options: { platformCode?: string | number; retryAfterMilliseconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DeliveryError";
    this.platform = platform;
    this.kind = kind;
    this.platformCode = options.platformCode === undefined ? undefined : String(options.platformCode);
    this.retryAfterMilliseconds = options.retryAfterMilliseconds;
  }

  /** Whether trying again is safe. */
  get retryable(): boolean {
    return isRetryable(this.kind);
  }
}

/** True for a {@link DeliveryError}, also one made by another copy of this package. */
export function isDeliveryError(error: unknown): error is DeliveryError {
  return (
    error instanceof DeliveryError ||
    (error instanceof Error &&
      error.name === "DeliveryError" &&
      typeof (error as DeliveryError).kind === "string")
  );
}

/** Maps an HTTP status with no better information to a failure kind. */
export function failureKindOfStatus(status: number): FailureKind {
  if (status === 429) return "rate_limited";
  if (status === 401) return "token_invalid";
  if (status === 403) return "denied";
  if (status >= 500) return "temporary";
  return "invalid_request";
}
