// The admin's browser tests' harness: the built API on the demo data, the built admin server in front of it, and
// a page signed in as a demo account. One copy here instead of one per test file.
import path from "node:path";
import type { TestDatabase } from "@otklik/db/testing";
import { type ChildServer, freePort, startApi, startNodeServer } from "@otklik/e2e-testing";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";

/** The demo accounts' password (`@otklik/identity`'s demo seed). */
export const DEMO_PASSWORD = "otklik-demo";
const ADMIN_ENTRY = path.resolve(import.meta.dirname, "../dist/server/main.js");

/**
 * The built API with the demo accounts (`startApi` of @otklik/e2e-testing), with patience for a loaded machine:
 * on PGlite in memory, or on `database` (a fresh PostgreSQL database when `OTKLIK_TEST_DATABASE_URL` is set).
 * Rate limits are off: the tests feed the intake and the forms from one address, faster than citizens would.
 * `env` adds to or overrides the environment.
 */
export function startDemoApi(
  database: TestDatabase | undefined,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  return startApi({
    databaseUrl: database?.url,
    timeoutMs: 180_000,
    env: { OTKLIK_RATE_LIMITS: "0", ...env },
  });
}

/** The built admin server (`dist/server/main.js`) in front of the API at `apiUrl`; `env` adds to its environment. */
export async function startAdmin(apiUrl: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  return startNodeServer({
    name: "admin",
    entry: ADMIN_ENTRY,
    port,
    readyPath: "/",
    timeoutMs: 120_000,
    env: { ADMIN_PORT: String(port), HOST: "127.0.0.1", OTKLIK_API_URL: apiUrl, NODE_ENV: "test", ...env },
  });
}

/**
 * A page in a new browser context, signed in through the admin's own sign-in form at `adminUrl` + `at` as
 * `email`, once the account's menu shows. The context is 1400 × 900 unless `context` says otherwise.
 */
export async function signIn(
  browser: Browser,
  adminUrl: string,
  email: string,
  at: string,
  options: { password?: string; context?: BrowserContextOptions } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options.context });
  const page = await context.newPage();
  await page.goto(`${adminUrl}${at}`);
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль", { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByTestId("account").waitFor();
  return page;
}

/** A call of the API as one account: its status and JSON body. */
export type ApiCaller = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/** Signs in over HTTP (as a script would) and answers a caller of the API as that account (cookie, CSRF token, origin). */
export async function apiCaller(apiUrl: string, email: string, password = DEMO_PASSWORD): Promise<ApiCaller> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async (method, path, body) => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        cookie,
        origin: apiUrl,
        "x-csrf-token": csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
}

/** As {@link apiCaller}, for a test's set-up: answers the JSON body as `T`, and throws on a status other than 2xx. */
export async function apiSetUp(apiUrl: string, email: string, password = DEMO_PASSWORD) {
  const call = await apiCaller(apiUrl, email, password);
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call(method, path, body);
    if (answer.status < 200 || answer.status > 299)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  };
}

/** A page's main heading (its `h1`). */
export const heading = (page: Page) => page.getByRole("heading", { level: 1 });
