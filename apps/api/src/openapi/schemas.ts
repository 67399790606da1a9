import { z } from "@hono/zod-openapi";
import { ERROR_STATUS } from "@otklik/core";

const ERROR_CODES = Object.keys(ERROR_STATUS) as [
  keyof typeof ERROR_STATUS,
  ...(keyof typeof ERROR_STATUS)[],
];

/** The error body every failing operation answers with. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: "validation_failed" }),
      message: z.string().openapi({ example: "Запрос: неверные данные / Request: invalid input (text)" }),
      details: z
        .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
        .optional(),
      requestId: z.string().openapi({ example: "req_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
    }),
  })
  .openapi("Error");

/** A bilingual text: Russian first, English second. */
export const LocalisedText = z.object({ ru: z.string(), en: z.string() }).openapi("LocalisedText");

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Malformed request (e.g. invalid JSON)",
  401: "Sign-in required",
  403: "Not allowed for this user",
  404: "Not found",
  409: "Conflict with the current state",
  413: "Request body too large",
  415: "Unsupported content type",
  422: "Validation failed",
  429: "Too many requests",
  503: "Temporarily unavailable",
};

/** Error answers for a route's `responses`, each with the contract's body. */
export function errorResponses<const Status extends ErrorStatus>(
  ...statuses: Status[]
): Record<Status, { description: string; content: { "application/json": { schema: typeof ErrorBody } } }> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: DESCRIPTIONS[status], content: { "application/json": { schema: ErrorBody } } },
    ]),
  ) as Record<Status, { description: string; content: { "application/json": { schema: typeof ErrorBody } } }>;
}
