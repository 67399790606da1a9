// The client checks answers by hand instead of with zod: the first load must stay small.

export interface Health {
  status: "ok";
  service: string;
  version: string;
  time: string;
}

export interface Readiness {
  status: "ready";
  database: string;
}

export interface CityProfile {
  name: { ru: string; en: string };
  timeZone: string;
}

/** What the status screen knows about the API at one moment. */
export type ApiStatus =
  | { kind: "loading" }
  | {
      kind: "checked";
      checkedAt: Date;
      health: Health | undefined;
      readiness: Readiness | undefined;
      city: CityProfile | undefined;
    };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isHealth(value: unknown): value is Health {
  return isRecord(value) && value.status === "ok" && typeof value.version === "string";
}

export function isReadiness(value: unknown): value is Readiness {
  return isRecord(value) && value.status === "ready" && typeof value.database === "string";
}

export function isCityProfile(value: unknown): value is CityProfile {
  return (
    isRecord(value) &&
    isRecord(value.name) &&
    typeof value.name.ru === "string" &&
    typeof value.name.en === "string" &&
    typeof value.timeZone === "string"
  );
}

async function readJson<T>(
  fetchFunction: typeof fetch,
  path: string,
  check: (value: unknown) => value is T,
): Promise<T | undefined> {
  try {
    const response = await fetchFunction(path, { headers: { accept: "application/json" } });
    const body: unknown = await response.json();
    return response.ok && check(body) ? body : undefined;
  } catch {
    // Unreachable, or not JSON: the screen says "not available" rather than failing.
    return undefined;
  }
}

/** Asks the API, through this origin's /api, whether it is alive and ready, and which city it serves. */
export async function checkApi(
  fetchFunction: typeof fetch = fetch,
  now: () => Date = () => new Date(),
): Promise<ApiStatus> {
  const [health, readiness, city] = await Promise.all([
    readJson(fetchFunction, "/api/health", isHealth),
    readJson(fetchFunction, "/api/ready", isReadiness),
    readJson(fetchFunction, "/api/v1/city", isCityProfile),
  ]);
  return { kind: "checked", checkedAt: now(), health, readiness, city };
}
