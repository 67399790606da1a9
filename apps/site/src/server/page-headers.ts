import type { Context, MiddlewareHandler } from "hono";

/** What a page handler tells the headers about its answer. */
export interface PageKind {
  /** Some data came from the saved copy: browsers must not keep the page. */
  stale?: boolean;
  /** One citizen's page (a tracking link, a form with their answers): never shared or kept. */
  private?: boolean;
}

const kinds = new WeakMap<Request, PageKind>();

export function pageKind(c: Context): PageKind {
  return kinds.get(c.req.raw) ?? {};
}

export function markPage(c: Context, kind: PageKind): void {
  kinds.set(c.req.raw, { ...kinds.get(c.req.raw), ...kind });
}

/** What an enhanced page adds to the policy; a content page has none of it. */
export interface PolicyExtras {
  /** The site's own scripts (the map, the photo previews). */
  scripts?: boolean;
  imageOrigins?: string[];
  /** Local previews of chosen files (`blob:` images). */
  blobImages?: boolean;
  /** A configured third party (the ПОС widget): its scripts, frames, styles, fonts and calls. */
  thirdParty?: string[];
}

const withOrigins = (base: string, origins: string[] | undefined) =>
  origins?.length ? `${base} ${origins.join(" ")}` : base;

/** The policy of content pages: no script at all (JSON-LD data blocks are not run). */
export function contentSecurityPolicy(extra: PolicyExtras = {}): string {
  const third = extra.thirdParty ?? [];
  return [
    "default-src 'none'",
    withOrigins("style-src 'self'", third),
    withOrigins(`img-src 'self' data:${extra.blobImages ? " blob:" : ""} https:`, extra.imageOrigins),
    ...(extra.scripts || third.length > 0 ? [withOrigins("script-src 'self'", third)] : []),
    ...(third.length > 0
      ? [withOrigins("frame-src", third), withOrigins("connect-src", third), withOrigins("font-src", third)]
      : []),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/**
 * A content page may be kept briefly and revalidated by its ETag; a browser (or a cache in front
 * of the site) may show it while it revalidates, and for a day if the site fails. Pages built from
 * a saved copy, and one citizen's pages, are never kept.
 */
export const PAGE_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=300, stale-if-error=86400";

/** Headers of the site's own pages: security policy and caching that follows the reader's cookies. */
export function pageHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("Content-Security-Policy"))
      c.header("Content-Security-Policy", contentSecurityPolicy());
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "strict-origin-when-cross-origin");
    if (c.res.headers.get("content-type")?.startsWith("text/html")) {
      const kind = kinds.get(c.req.raw) ?? {};
      if (kind.private) c.header("Cache-Control", "private, no-store");
      else if (kind.stale || c.res.status !== 200 || c.req.method !== "GET")
        c.header("Cache-Control", "private, no-cache");
      else c.header("Cache-Control", PAGE_CACHE_CONTROL);
      c.header("Vary", "Cookie");
    }
  };
}
