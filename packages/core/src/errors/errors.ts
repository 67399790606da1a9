/**
 * The closed set of error codes of Otklik, and their HTTP status — mapped here and nowhere else.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** One problem found in an input, located by its path (`["source", "network"]`). */
export interface ErrorDetail {
  path: (string | number)[];
  message: string;
}

/**
 * An error a person can act on. Domain services throw it; the API turns it into
 * `{ "error": { "code", "message", "details"?, "requestId" } }` with `httpStatus(code)`.
 */
export class OtklikError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[] | undefined;
  /** Seconds a client should wait before trying again (rate limits, unavailable). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OtklikError";
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** The HTTP status for an error code. */
export function httpStatus(code: ErrorCode): ErrorStatus {
  return ERROR_STATUS[code];
}

/** True for an {@link OtklikError}, also one thrown by another copy of this package. */
export function isOtklikError(error: unknown): error is OtklikError {
  return (
    error instanceof OtklikError ||
    (error instanceof Error &&
      error.name === "OtklikError" &&
      typeof (error as OtklikError).code === "string")
  );
}

export const notFound = (what: string): OtklikError =>
  new OtklikError("not_found", `${what} не найден(о) / ${what} not found`);
export const forbidden = (message = "Недостаточно прав / Not allowed"): OtklikError =>
  new OtklikError("forbidden", message);
export const conflict = (message: string): OtklikError => new OtklikError("conflict", message);
