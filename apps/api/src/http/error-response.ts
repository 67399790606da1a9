import { type ErrorCode, type ErrorDetail, httpStatus, isOtklikError, OtklikError } from "@otklik/core";
import { isDatabaseUnavailable } from "@otklik/db";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiEnvironment } from "./context.js";

/** The error body of the REST contract. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[]; requestId: string };
}

/** Writes an error in the contract's shape, with `Retry-After` when the error says when to retry. */
export function errorResponse(c: Context<ApiEnvironment>, error: OtklikError): Response {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      requestId: c.get("requestId") ?? "",
    },
  };
  if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
  return c.json(body, httpStatus(error.code) as ContentfulStatusCode);
}

// Hono raises HTTPException for malformed JSON and similar; the message it carries is English only.
const CODE_BY_STATUS: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: "bad_request", message: "Неверный запрос / Bad request" },
  401: { code: "unauthorized", message: "Требуется вход / Sign-in required" },
  403: { code: "forbidden", message: "Недостаточно прав / Not allowed" },
  404: { code: "not_found", message: "Не найдено / Not found" },
  413: { code: "payload_too_large", message: "Слишком большой запрос / Request body too large" },
  415: {
    code: "unsupported_media_type",
    message: "Неподдерживаемый тип содержимого / Unsupported content type",
  },
  429: { code: "rate_limited", message: "Слишком много запросов / Too many requests" },
};

/** Seconds a client is asked to wait while the database cannot be reached (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database cannot be reached: 503 with `Retry-After`, never a 500. */
export const databaseUnavailable = (cause?: unknown): OtklikError =>
  new OtklikError(
    "unavailable",
    "База данных временно недоступна, повторите запрос позже / The database is temporarily unavailable, please retry later",
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS, cause },
  );

/**
 * Maps anything thrown inside a handler to the error contract; only the truly unexpected is a 500. A lost
 * or refused database connection (`isDatabaseUnavailable`) is 503 with `Retry-After`: the pool reconnects
 * by itself when the server is back, so the client's retry succeeds.
 */
export function toOtklikError(error: unknown): OtklikError {
  if (isOtklikError(error)) return error;
  if (isDatabaseUnavailable(error)) return databaseUnavailable(error);
  if (error instanceof HTTPException) {
    const known = CODE_BY_STATUS[error.status];
    if (known) {
      const malformedJson = /malformed json/i.test(error.message);
      const message = malformedJson
        ? "Тело запроса — некорректный JSON / Request body is not valid JSON"
        : known.message;
      return new OtklikError(known.code, message, { cause: error });
    }
  }
  return new OtklikError("internal", "Внутренняя ошибка сервера / Internal server error", { cause: error });
}
