import type { Language } from "../i18n/messages.js";

/** One problem with an input, located by its path (`["roles"]`, `["contacts", "email"]`). */
export interface ErrorDetail {
  path: (string | number)[];
  message: string;
}

/** The API's error contract: `{ error: { code, message, details?, requestId } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly requestId: string;
  /** From `Retry-After`, when the API says when to try again (a locked sign-in). */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
    requestId?: string;
    retryAfterSeconds?: number;
  }) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? "";
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

const UNREACHABLE = "API недоступен, повторите попытку / The API is unavailable, try again";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function readDetails(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((detail) =>
    isRecord(detail) && Array.isArray(detail.path) && typeof detail.message === "string"
      ? [{ path: detail.path as (string | number)[], message: detail.message }]
      : [],
  );
}

async function errorOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get("retry-after"));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return new ApiError({
    status: response.status,
    code:
      typeof error.code === "string" ? error.code : response.status >= 500 ? "unavailable" : "bad_request",
    message: typeof error.message === "string" ? error.message : UNREACHABLE,
    details: readDetails(error.details),
    requestId: typeof error.requestId === "string" ? error.requestId : "",
    retryAfterSeconds,
  });
}

export type Query = Record<string, string | number | undefined>;

/** Talks JSON to the API on this origin; writes carry the session's CSRF token. */
export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** A file upload: `multipart/form-data`, its boundary chosen by the browser. */
  upload<T>(path: string, form: FormData): Promise<T>;
}

/** `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Query = {}): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") parameters.set(name, String(value));
  }
  const search = parameters.toString();
  return search ? `${path}?${search}` : path;
}

export function createApiClient(options: {
  /** The session's CSRF token, read at each write (it changes at sign-in). */
  csrfToken: () => string | undefined;
  fetch?: typeof fetch;
}): ApiClient {
  const fetchFunction = options.fetch ?? ((input, init) => fetch(input, init));

  async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    const multipart = body instanceof FormData;
    if (body !== undefined && !multipart) headers["content-type"] = "application/json";
    const csrfToken = options.csrfToken();
    if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
    let response: Response;
    try {
      response = await fetchFunction(path, {
        method,
        headers,
        credentials: "same-origin",
        body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      });
    } catch {
      throw new ApiError({ status: 0, code: "unavailable", message: UNREACHABLE });
    }
    if (!response.ok) throw await errorOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    get: (path, query) => send("GET", withQuery(path, query)),
    post: (path, body) => send("POST", path, body ?? {}),
    patch: (path, body) => send("PATCH", path, body),
    put: (path, body) => send("PUT", path, body),
    delete: (path) => send("DELETE", path),
    upload: (path, form) => send("POST", path, form),
  };
}

/** The API's texts are "Русский / English": the part for the interface's language. */
export function localise(message: string, language: Language): string {
  const separator = message.indexOf(" / ");
  if (separator < 0) return message;
  return language === "ru" ? message.slice(0, separator) : message.slice(separator + 3);
}

/** Field name (its path joined by dots) → the first problem with it, in the interface's language. */
export function fieldErrors(error: unknown, language: Language): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!(error instanceof ApiError)) return fields;
  for (const detail of error.details) {
    const field = detail.path.join(".");
    if (field && !(field in fields)) fields[field] = localise(detail.message, language);
  }
  return fields;
}

/** What to tell the person about a failed request, in the interface's language. */
export function errorMessage(error: unknown, language: Language): string {
  return localise(error instanceof ApiError ? error.message : UNREACHABLE, language);
}
