// In-process HTTP helpers for the identity end-to-end tests: sign in as someone, call as them.
import type { Clock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { type AbakanDemo, DEMO_PASSWORD, type Role, seedAbakanDemo } from "@otklik/identity";
import type { createApiApp } from "../../src/app.js";
import { TEST_PASSWORD_HASHING } from "../../src/test-support.js";

type App = ReturnType<typeof createApiApp>;

/** A signed-in browser: its session cookie and the CSRF token its pages echo. */
export interface Browser {
  kind: "browser";
  cookie: string;
  csrfToken: string;
  userId: string;
}

/** An integration with an API token. */
export interface Integration {
  kind: "integration";
  token: string;
}

export type Caller = Browser | Integration | undefined;

/** The origin `app.request()` requests appear to come from. */
export const OWN_ORIGIN = "http://localhost";

/** The `otklik_session=…` pair a response set, or `undefined`. */
export function sessionCookieOf(response: Response): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0] ?? "";
    if (pair.startsWith("otklik_session=") && pair !== "otklik_session=") return pair;
  }
  return undefined;
}

/** Signs in over HTTP, as the admin's login page would. */
export async function signInOverHttp(
  app: App,
  email: string,
  password: string,
  extra: { cookie?: string; totp?: string; address?: string } = {},
): Promise<{ response: Response; browser?: Browser }> {
  const response = await app.request("/api/v1/auth/login", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: OWN_ORIGIN,
      "sec-fetch-site": "same-origin",
      ...(extra.cookie ? { cookie: extra.cookie } : {}),
      ...(extra.address ? { "x-forwarded-for": extra.address } : {}),
    },
    body: JSON.stringify({ email, password, ...(extra.totp ? { totp: extra.totp } : {}) }),
  });
  if (response.status !== 200) return { response };
  const body = (await response.clone().json()) as { csrfToken: string; user: { id: string } };
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error("sign-in answered 200 without a session cookie");
  return { response, browser: { kind: "browser", cookie, csrfToken: body.csrfToken, userId: body.user.id } };
}

/** Calls the API as a browser (cookie, same origin, CSRF token), an integration (bearer) or nobody. */
export async function call(
  app: App,
  method: string,
  path: string,
  options: { as?: Caller; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  // A FormData body goes as multipart/form-data (fetch writes the boundary); anything else as JSON.
  const form = options.body instanceof FormData ? options.body : undefined;
  if (options.body !== undefined && !form) headers["content-type"] = "application/json";
  if (options.as?.kind === "browser") {
    headers.cookie = options.as.cookie;
    headers["x-csrf-token"] = options.as.csrfToken;
    headers.origin = OWN_ORIGIN;
    headers["sec-fetch-site"] = "same-origin";
  }
  if (options.as?.kind === "integration") headers.authorization = `Bearer ${options.as.token}`;
  return await app.request(path, {
    method,
    headers: { ...headers, ...options.headers },
    ...(options.body !== undefined ? { body: form ?? JSON.stringify(options.body) } : {}),
  });
}

/** Seeds the Abakan demo and signs in one browser per role. */
export async function demoStaff(
  app: App,
  args: { db: Executor; clock: Clock },
): Promise<{ demo: AbakanDemo; browsers: Record<Role, Browser> }> {
  const demo = await seedAbakanDemo({ ...args, passwordHashing: TEST_PASSWORD_HASHING });
  const browsers = {} as Record<Role, Browser>;
  for (const role of ["admin", "editor", "operator", "executor", "head", "analyst"] as const) {
    const { browser } = await signInOverHttp(app, `${role}@demo.otklik.ru`, DEMO_PASSWORD);
    if (!browser) throw new Error(`demo ${role} could not sign in`);
    browsers[role] = browser;
  }
  return { demo, browsers };
}
