import type { z } from "zod";

/** The API could not be reached or did not answer as agreed; the page shows a notice and a 503. */
export class ApiUnavailableError extends Error {
  constructor(
    message: string,
    options?: { cause?: unknown },
    /** `down`: no answer or a 5xx — worth pausing calls; `unexpected`: an answer the site cannot read. */
    readonly kind: "down" | "unexpected" = "down",
  ) {
    super(message, options);
    this.name = "ApiUnavailableError";
  }
}

function schemaProblems(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`)
    .join("; ");
}

/** The API answered 404: the thing asked for is not on the site (the page answers 404 too). */
export class ApiNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiNotFoundError";
  }
}

/** One problem the API found with a request, in its `details` (the field's path and the reason). */
export interface ApiProblem {
  path: (string | number)[];
  message: string;
}

/** The API refused a write (4xx other than 404): its code, message and the problems by field. */
export class ApiRejectedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ApiProblem[],
  ) {
    super(message);
    this.name = "ApiRejectedError";
  }
}

export interface ApiClientOptions {
  apiUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

function apiAddress(options: ApiClientOptions, path: string): string {
  return `${options.apiUrl.replace(/\/+$/, "")}${path}`;
}

async function send(options: ApiClientOptions, url: string, init: RequestInit): Promise<Response> {
  try {
    return await (options.fetch ?? fetch)(url, {
      ...init,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new ApiUnavailableError(`${init.method ?? "GET"} ${url} failed`, { cause: error });
  }
}

/** Reads one JSON resource of the API and checks it against its schema. */
export async function getJson<Schema extends z.ZodType>(
  options: ApiClientOptions,
  path: string,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const url = apiAddress(options, path);
  const response = await send(options, url, { headers: { accept: "application/json" } });
  if (response.status === 404) {
    await response.body?.cancel();
    throw new ApiNotFoundError(`GET ${url} answered 404`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ApiUnavailableError(`GET ${url} answered ${response.status}`);
  }
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new ApiUnavailableError(
      `GET ${url} answered an unexpected body (${schemaProblems(parsed.error)})`,
      { cause: parsed.error },
      "unexpected",
    );
  return parsed.data;
}

/** Reads a text document of the API (a feed, the sitemap) with its content type. */
export async function getText(
  options: ApiClientOptions,
  path: string,
): Promise<{ body: string; contentType: string }> {
  const url = apiAddress(options, path);
  const response = await send(options, url, {});
  if (response.status === 404) throw new ApiNotFoundError(`GET ${url} answered 404`);
  if (!response.ok) {
    await response.body?.cancel();
    throw new ApiUnavailableError(`GET ${url} answered ${response.status}`);
  }
  return {
    body: await response.text(),
    contentType: response.headers.get("content-type") ?? "text/plain; charset=utf-8",
  };
}

interface ApiErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

function problemsOf(details: unknown): ApiProblem[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((item: unknown) => {
    if (typeof item !== "object" || item === null) return [];
    const { path, message } = item as { path?: unknown; message?: unknown };
    return Array.isArray(path) && typeof message === "string"
      ? [{ path: path.filter((part) => typeof part === "string" || typeof part === "number"), message }]
      : [];
  });
}

/**
 * Sends a citizen's form to the API as JSON. A refusal (4xx) becomes `ApiRejectedError` with the
 * problems by field, so the form can show them next to the fields; a 404 is `ApiNotFoundError`;
 * no answer, 5xx or an unexpected body is `ApiUnavailableError` (the form says it cannot be sent now).
 */
export async function postJson<Schema extends z.ZodType>(
  options: ApiClientOptions & { forwardedFor?: string },
  path: string,
  body: unknown,
  schema: Schema,
): Promise<z.infer<Schema>> {
  return post(options, path, JSON.stringify(body), schema);
}

/** Sends a form with files to the API as multipart/form-data (fetch writes the boundary); answers as `postJson`. */
export async function postForm<Schema extends z.ZodType>(
  options: ApiClientOptions & { forwardedFor?: string },
  path: string,
  form: FormData,
  schema: Schema,
): Promise<z.infer<Schema>> {
  return post(options, path, form, schema);
}

async function post<Schema extends z.ZodType>(
  options: ApiClientOptions & { forwardedFor?: string },
  path: string,
  body: string | FormData,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const url = apiAddress(options, path);
  const response = await send(options, url, {
    method: "POST",
    headers: {
      accept: "application/json",
      ...(typeof body === "string" ? { "content-type": "application/json" } : {}),
      ...(options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {}),
    },
    body,
  });
  if (response.status === 404) {
    await response.body?.cancel();
    throw new ApiNotFoundError(`POST ${url} answered 404`);
  }
  if (response.status >= 400 && response.status < 500) {
    const answer = (await response.json().catch(() => ({}))) as ApiErrorBody;
    throw new ApiRejectedError(
      response.status,
      typeof answer.error?.code === "string" ? answer.error.code : "rejected",
      typeof answer.error?.message === "string" ? answer.error.message : `HTTP ${response.status}`,
      problemsOf(answer.error?.details),
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ApiUnavailableError(`POST ${url} answered ${response.status}`);
  }
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new ApiUnavailableError(
      `POST ${url} answered an unexpected body (${schemaProblems(parsed.error)})`,
      { cause: parsed.error },
      "unexpected",
    );
  return parsed.data;
}
