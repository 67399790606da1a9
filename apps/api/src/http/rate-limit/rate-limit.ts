import type { OpenAPIHono } from "@hono/zod-openapi";
import { type Clock, OtklikError, systemClock } from "@otklik/core";
import type { MiddlewareHandler } from "hono";
import type { Counter } from "../../observability/exposition.js";
import { registeredRoutes } from "../../openapi/registered-routes.js";
import { ErrorBody } from "../../openapi/schemas.js";
import { xmlDocument } from "../../routes/open311/xml.js";
import type { ApiEnvironment } from "../context.js";
import { errorResponse } from "../error-response.js";
import { clientKey, storedKey } from "./client-key.js";
import type { RateLimit } from "./gcra.js";
import { describeLimit, RATE_LIMIT_RULES, type RateLimitRule, type RateLimitSettings } from "./rules.js";
import type { RateLimitStore } from "./stores.js";

interface ActiveRule {
  rule: RateLimitRule;
  limit: RateLimit;
}

/** The rules that are on, with their limits. */
export function activeRules(settings: RateLimitSettings | undefined): ActiveRule[] {
  if (!settings) return [];
  return RATE_LIMIT_RULES.flatMap((rule) => {
    const limit = settings[rule.name];
    return limit ? [{ rule, limit }] : [];
  });
}

function tooMany(limit: RateLimit, retryAfterSeconds: number): OtklikError {
  const { ru, en } = describeLimit(limit);
  return new OtklikError(
    "rate_limited",
    `Слишком много запросов с вашего адреса (не больше ${ru}), повторите через ${retryAfterSeconds} с / ` +
      `Too many requests from your address (at most ${en}), retry in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}

/**
 * Per-client rate limits of the public forms and the intake webhooks, counted before the body
 * is read. A refused request gets 429 with `Retry-After` (in Open311's own error format on
 * `/open311`), so a platform that retries on 429 loses nothing. When the store fails (the
 * database is down), the request goes on: the route answers for itself, a citizen is never
 * refused because the limiter could not count.
 */
export function rateLimits(options: {
  settings: RateLimitSettings | undefined;
  store: RateLimitStore;
  clock?: Clock;
  refused?: Counter<"rule">;
}): MiddlewareHandler<ApiEnvironment> {
  const rules = activeRules(options.settings);
  const clock = options.clock ?? systemClock;
  return async (c, next) => {
    if (rules.length === 0 || c.req.method !== "POST") return next();
    const path = c.req.path;
    let found: { active: ActiveRule; operation: string } | undefined;
    for (const active of rules) {
      const operation = active.rule.operations.find((candidate) => candidate.pattern.test(path));
      if (operation) {
        found = { active, operation: operation.path };
        break;
      }
    }
    if (!found) return next();
    const { rule, limit } = found.active;
    const client = clientKey(c.get("clientAddress"));
    const key = storedKey(
      rule.scope === "operation" ? [rule.name, found.operation, client] : [rule.name, client],
    );
    let decision: Awaited<ReturnType<RateLimitStore["hit"]>>;
    try {
      decision = await options.store.hit(key, limit, clock.now().getTime());
    } catch (error) {
      c.get("logger")?.warn({ err: error, rule: rule.name }, "rate limit not counted: the store failed");
      return next();
    }
    if (decision.allowed) return next();
    options.refused?.inc({ rule: rule.name });
    const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    const error = tooMany(limit, retryAfterSeconds);
    c.get("logger")?.info({ rule: rule.name, retryAfterSeconds }, "rate limited");
    if (rule.format === "open311") {
      const xml = /\.xml$/i.test(path);
      const body = [{ code: 429, description: error.message }];
      c.header("Retry-After", String(retryAfterSeconds));
      return xml
        ? c.body(xmlDocument("errors", body, { errors: "error" }), 429, {
            "content-type": "text/xml; charset=utf-8",
          })
        : c.body(JSON.stringify(body), 429, { "content-type": "application/json; charset=utf-8" });
    }
    return errorResponse(c, error);
  };
}

/**
 * Adds the 429 answer (with `Retry-After`) to every documented operation a rule covers, so the
 * OpenAPI document says what the limiter does without each route file declaring it.
 * Call after the routes are registered.
 */
export function documentRateLimits(app: OpenAPIHono<ApiEnvironment>): void {
  const limited = new Set(
    RATE_LIMIT_RULES.filter((rule) => rule.format === "otklik").flatMap((rule) =>
      rule.operations.map((operation) => `${operation.method.toLowerCase()} ${operation.path}`),
    ),
  );
  for (const route of registeredRoutes(app)) {
    if (!limited.has(`${route.method} ${route.path}`) || route.responses["429"]) continue;
    route.responses["429"] = {
      description: "Too many requests from this client: the per-client rate limit (OTKLIK_RATE_LIMIT_*)",
      headers: {
        "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer" } },
      },
      content: { "application/json": { schema: ErrorBody } },
    };
  }
}
