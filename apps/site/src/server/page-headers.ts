import type { MiddlewareHandler } from "hono";

// The site ships no script at all, so the policy can forbid every script outright.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Headers of the site's own pages: security policy, and no shared caching of pages that follow cookies. */
export function pageHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "strict-origin-when-cross-origin");
    if (c.res.headers.get("content-type")?.startsWith("text/html")) {
      c.header("Cache-Control", "private, no-cache");
      c.header("Vary", "Cookie");
    }
  };
}
