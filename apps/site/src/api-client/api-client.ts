import type { z } from "zod";

/** The API could not be reached or did not answer as agreed; the page shows a notice and a 503. */
export class ApiUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ApiUnavailableError";
  }
}

export interface ApiClientOptions {
  apiUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Reads one JSON resource of the API and checks it against its schema. */
export async function getJson<Schema extends z.ZodType>(
  options: ApiClientOptions,
  path: string,
  schema: Schema,
): Promise<z.infer<Schema>> {
  const url = `${options.apiUrl.replace(/\/+$/, "")}${path}`;
  const fetchFunction = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetchFunction(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    throw new ApiUnavailableError(`GET ${url} failed`, { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ApiUnavailableError(`GET ${url} answered ${response.status}`);
  }
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new ApiUnavailableError(`GET ${url} answered an unexpected body`, { cause: parsed.error });
  return parsed.data;
}
