import { forwardToApi } from "@otklik/web-server";
import { type Context, Hono } from "hono";
import type { ReactElement } from "react";
import { createElement } from "react";
import { ApiUnavailableError } from "./api-client/api-client.js";
import { type City, createCityLoader } from "./api-client/city.js";
import type { PageContext } from "./layout/page-context.js";
import { STYLESHEET, STYLESHEET_PATH } from "./layout/styles.js";
import { HomePage } from "./pages/HomePage.js";
import { NotFoundPage } from "./pages/NotFoundPage.js";
import { ServerErrorPage } from "./pages/ServerErrorPage.js";
import { UnavailablePage } from "./pages/UnavailablePage.js";
import { readPreferences } from "./preferences/preferences.js";
import { registerPreferenceRoutes } from "./preferences/routes.js";
import { renderPage } from "./render/render-page.js";
import { pageHeaders } from "./server/page-headers.js";

export interface SiteOptions {
  /** Where the API listens, e.g. `http://localhost:8787`. */
  apiUrl: string;
  /** Injected in tests; the global `fetch` otherwise. Used for the API calls and for forwarding. */
  fetch?: typeof fetch;
  /** The city's zone until the API tells its own; default Asia/Krasnoyarsk. */
  timeZone?: string;
  /** How long to wait for the API before showing the "temporarily unavailable" notice. */
  apiTimeoutMs?: number;
  /** How long the city's profile is reused; 0 asks the API on every page. */
  cityCacheMilliseconds?: number;
  /** The clock shown in the footer; injected so that tests do not depend on today. */
  now?: () => Date;
}

type PageFactory = (page: PageContext) => ReactElement;

/** Builds the public site as a Hono app, without starting a server: tests call `app.request()`. */
export function createSiteApp(options: SiteOptions): Hono {
  const app = new Hono();
  const now = options.now ?? (() => new Date());
  const fallbackTimeZone = options.timeZone ?? "Asia/Krasnoyarsk";
  const loadCity = createCityLoader({
    apiUrl: options.apiUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.apiTimeoutMs ? { timeoutMs: options.apiTimeoutMs } : {}),
    ...(options.cityCacheMilliseconds === undefined
      ? {}
      : { cacheMilliseconds: options.cityCacheMilliseconds }),
  });

  const pageContext = (c: Context, city: City | undefined): PageContext => {
    const url = new URL(c.req.url);
    return {
      preferences: readPreferences(c),
      currentPath: `${url.pathname}${url.search}`,
      city,
      timeZone: city?.timeZone ?? fallbackTimeZone,
      now: now(),
    };
  };
  const respond = (
    c: Context,
    page: PageContext,
    factory: PageFactory,
    status: 200 | 404 | 500 | 503,
  ): Response => c.html(renderPage(factory(page)), status);

  // Registered first: a forwarded answer is the API's own, with its own headers.
  app.all(
    "/api/*",
    forwardToApi({ apiUrl: options.apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) }),
  );

  app.get(STYLESHEET_PATH, (c) =>
    c.body(STYLESHEET, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    }),
  );

  app.use("*", pageHeaders());
  registerPreferenceRoutes(app);

  app.get("/", async (c) => {
    const city = await loadCity();
    return respond(c, pageContext(c, city), (page) => createElement(HomePage, { page, city }), 200);
  });

  app.notFound(async (c) => {
    // The frame shows the city's name when the API answers; a 404 must not depend on it.
    const city = await loadCity().catch(() => undefined);
    return respond(c, pageContext(c, city), (page) => createElement(NotFoundPage, { page }), 404);
  });

  app.onError((error, c) => {
    if (error instanceof ApiUnavailableError) {
      console.warn(`API unavailable: ${error.message}`);
      c.header("Retry-After", "30");
      return respond(c, pageContext(c, undefined), (page) => createElement(UnavailablePage, { page }), 503);
    }
    console.error("site error", error);
    return respond(c, pageContext(c, undefined), (page) => createElement(ServerErrorPage, { page }), 500);
  });

  return app;
}
