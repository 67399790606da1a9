import { forwardToApi } from "@otklik/web-server";
import { Hono } from "hono";
import type { ClientFile } from "./static/client-files.js";
import { serveClient } from "./static/serve-client.js";

export interface AdminServerOptions {
  /** Where the API listens, e.g. `http://localhost:8787`. */
  apiUrl: string;
  /** The built SPA, from `loadClientFiles`. */
  clientFiles: Map<string, ClientFile>;
  /** Injected in tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

/** The admin's Node server: forwards /api to the API and serves the SPA. Tests call `app.request()`. */
export function createAdminServerApp(options: AdminServerOptions): Hono {
  const app = new Hono();
  app.all(
    "/api/*",
    forwardToApi({ apiUrl: options.apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  );
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    c.header("X-Frame-Options", "DENY");
  });
  app.get("*", serveClient(options.clientFiles));
  return app;
}
