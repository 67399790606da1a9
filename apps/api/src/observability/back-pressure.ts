import type { OpenAPIHono } from "@hono/zod-openapi";
import { CONTENT_QUEUES } from "@otklik/content";
import { OtklikError } from "@otklik/core";
import { REPLY_DELIVERY_QUEUE } from "@otklik/incidents";
import type { MiddlewareHandler } from "hono";
import type { ApiEnvironment } from "../http/context.js";
import { registeredRoutes } from "../openapi/registered-routes.js";
import { ErrorBody } from "../openapi/schemas.js";
import type { DatabaseReader, QueueReading } from "./database-readings.js";

/** A queue with more due jobs than this is over its bound (`OTKLIK_QUEUE_BACKLOG_LIMIT`). */
export const DEFAULT_QUEUE_BACKLOG_LIMIT = 5_000;

/** How long a refused re-send is told to wait. */
export const BACK_PRESSURE_RETRY_AFTER_SECONDS = 60;

export interface BackPressure {
  readonly limit: number;
  /** The queues over the bound now (from a reading at most a few seconds old). */
  overloaded(): Promise<QueueReading[]>;
}

export function backPressure(reader: DatabaseReader, limit = DEFAULT_QUEUE_BACKLOG_LIMIT): BackPressure {
  return {
    limit,
    async overloaded() {
      const { queues } = await reader.read();
      return queues.filter((queue) => queue.due > limit);
    },
  };
}

/**
 * Work the API may refuse while its queue is over the bound: a person's "send again" of a
 * delivery that already failed. Refusing it loses nothing (the failed record stays, the person
 * retries later) and keeps a flood of manual retries off a queue that is already behind.
 * Intake is never here: a citizen's message is stored and acknowledged whatever the queues.
 */
export const DEFERRABLE_OPERATIONS: readonly { path: string; pattern: RegExp; queue: string }[] = [
  {
    path: "/api/v1/incidents/{id}/replies/{replyId}/retry",
    pattern: /^\/api\/v1\/incidents\/[^/]+\/replies\/[^/]+\/retry$/,
    queue: REPLY_DELIVERY_QUEUE,
  },
  {
    path: "/api/v1/variants/{id}/retry",
    pattern: /^\/api\/v1\/variants\/[^/]+\/retry$/,
    queue: CONTENT_QUEUES.postVariant,
  },
];

/** 503 with `Retry-After` for a deferrable operation whose queue is over the bound. */
export function deferrableEnqueueGate(pressure: BackPressure): MiddlewareHandler<ApiEnvironment> {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const operation = DEFERRABLE_OPERATIONS.find((candidate) => candidate.pattern.test(c.req.path));
    if (!operation) return next();
    let overloaded: QueueReading[];
    try {
      overloaded = await pressure.overloaded();
    } catch {
      return next(); // the database could not say: let the route answer for itself
    }
    const queue = overloaded.find((reading) => reading.queue === operation.queue);
    if (!queue) return next();
    throw new OtklikError(
      "unavailable",
      `Очередь «${queue.queue}» перегружена (${queue.due} задач ждут при пределе ${pressure.limit}), повторите позже / ` +
        `Queue "${queue.queue}" is overloaded (${queue.due} jobs waiting, bound ${pressure.limit}), try again later`,
      { retryAfterSeconds: BACK_PRESSURE_RETRY_AFTER_SECONDS },
    );
  };
}

/** Declares the 503 of the deferrable operations in the OpenAPI document. Call after the routes are registered. */
export function documentBackPressure(app: OpenAPIHono<ApiEnvironment>): void {
  const paths = new Set(DEFERRABLE_OPERATIONS.map((operation) => operation.path));
  for (const route of registeredRoutes(app)) {
    if (route.method !== "post" || !paths.has(route.path) || route.responses["503"]) continue;
    route.responses["503"] = {
      description: "The delivery queue is over its bound (OTKLIK_QUEUE_BACKLOG_LIMIT): try again later",
      headers: {
        "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer" } },
      },
      content: { "application/json": { schema: ErrorBody } },
    };
  }
}
