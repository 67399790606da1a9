import type { MiddlewareHandler } from "hono";
import { pageKind } from "./page-headers.js";

/**
 * Keeps rendered pages for as long as the API's answers they were built from are fresh (the site's
 * short cache), by address, language and vision: a popular page is rendered once per period, not
 * once per reader. Pages built from a saved copy and one citizen's pages are never kept.
 */
export function renderedPages(options: {
  freshMilliseconds: number;
  maxEntries?: number;
  now?: () => number;
}): MiddlewareHandler {
  const pages = new Map<string, { html: string; policy: string | null; at: number }>();
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  return async (c, next) => {
    if (options.freshMilliseconds <= 0 || c.req.method !== "GET") return next();
    const url = new URL(c.req.url);
    const key = `${c.req.header("cookie") ?? ""}|${url.pathname}${url.search}`;
    const kept = pages.get(key);
    if (kept && now() - kept.at < options.freshMilliseconds) {
      // A page's own security policy (the map allows its scripts) is kept with it.
      if (kept.policy) c.header("Content-Security-Policy", kept.policy);
      return c.html(kept.html, 200);
    }
    await next();
    const kind = pageKind(c);
    if (c.res.status !== 200 || kind.stale || kind.private) return;
    if (!c.res.headers.get("content-type")?.startsWith("text/html")) return;
    pages.delete(key);
    pages.set(key, {
      html: await c.res.clone().text(),
      policy: c.res.headers.get("Content-Security-Policy"),
      at: now(),
    });
    while (pages.size > maxEntries) {
      const oldest = pages.keys().next().value;
      if (oldest === undefined) break;
      pages.delete(oldest);
    }
  };
}
