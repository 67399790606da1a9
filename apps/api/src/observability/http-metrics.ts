import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { ApiEnvironment } from "../http/context.js";
import type { Counter, Gauge, Histogram, MetricsRegistry } from "./exposition.js";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** What a request answered to is labelled with: never the raw URL, whose values are unbounded. */
export const UNMATCHED_ROUTE = "unmatched";

/**
 * The route pattern a request matched (`/api/v1/incidents/:id`), or `unmatched` (a 404 for an
 * unknown address). Middleware registered with `app.use` (method `ALL`) is not a route; of the
 * routes, the one that answered counts, else the first one matched (a middleware answered
 * before it, e.g. 401 or 429).
 */
export function routeLabel(c: Context): string {
  let routes: ReturnType<typeof matchedRoutes>;
  try {
    routes = matchedRoutes(c);
  } catch {
    return UNMATCHED_ROUTE;
  }
  const answered = routes[c.req.routeIndex];
  if (answered && answered.method !== "ALL") return answered.path;
  return routes.find((route) => route.method !== "ALL")?.path ?? UNMATCHED_ROUTE;
}

export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

export interface HttpMetrics {
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route" | "status">;
  inFlight: Gauge;
  rateLimited: Counter<"rule">;
}

export function registerHttpMetrics(registry: MetricsRegistry): HttpMetrics {
  return {
    requests: registry.counter(
      "otklik_http_requests_total",
      "HTTP requests answered, by method, route pattern and status class",
      ["method", "route", "status"],
    ),
    duration: registry.histogram(
      "otklik_http_request_duration_seconds",
      "Time to answer an HTTP request (until the handler returned its response), in seconds",
      ["method", "route", "status"],
    ),
    inFlight: registry.gauge("otklik_http_requests_in_flight", "HTTP requests being answered now"),
    rateLimited: registry.counter(
      "otklik_rate_limited_total",
      "Requests refused with 429 by the per-client rate limits, by rule",
      ["rule"],
    ),
  };
}

/** Counts every request and times it; mounted first so refusals by later middleware count too. */
export function httpMetricsMiddleware(metrics: HttpMetrics): MiddlewareHandler<ApiEnvironment> {
  return async (c, next) => {
    const started = performance.now();
    metrics.inFlight.inc();
    try {
      await next();
    } finally {
      metrics.inFlight.dec();
      const labels = {
        method: METHODS.has(c.req.method) ? c.req.method : "OTHER",
        route: routeLabel(c),
        status: statusClass(c.res.status),
      };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, (performance.now() - started) / 1000);
    }
  };
}
