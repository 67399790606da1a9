import { forwardToApi } from "@otklik/web-server";
import { Hono } from "hono";
import {
  adminContentSecurityPolicy,
  type ClientConfig,
  DEFAULT_CLIENT_CONFIG,
} from "./client-config/client-config.js";
import type { ClientFile } from "./static/client-files.js";
import { serveClient } from "./static/serve-client.js";

export interface AdminServerOptions {
  /** Where the API listens, e.g. `http://localhost:8787`. */
  apiUrl: string;
  /** The built SPA, from `loadClientFiles`. */
  clientFiles: Map<string, ClientFile>;
  /** Injected in tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
  /** What the SPA reads at `/config.json` (the map's tile server); the site's defaults otherwise. */
  clientConfig?: ClientConfig;
}

/** The admin's Node server: forwards /api to the API and serves the SPA. Tests call `app.request()`. */
export function createAdminServerApp(options: AdminServerOptions): Hono {
  const app = new Hono();
  app.all(
    "/api/*",
    forwardToApi({ apiUrl: options.apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  );
  const clientConfig = options.clientConfig ?? DEFAULT_CLIENT_CONFIG;
  const policy = adminContentSecurityPolicy(clientConfig);
  app.use("*", async (c, next) => {
    await next();
    c.header("Content-Security-Policy", policy);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "same-origin");
    c.header("X-Frame-Options", "DENY");
  });
  // Read by the SPA when a screen needs it (the map), never cached: a new setting is seen at once.
  app.get("/config.json", (c) => c.json(clientConfig, 200, { "Cache-Control": "no-cache" }));
  app.get("*", serveClient(options.clientFiles));
  return app;
}
