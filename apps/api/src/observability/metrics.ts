import { createHash, timingSafeEqual } from "node:crypto";
import { OtklikError } from "@otklik/core";
import type { MiddlewareHandler } from "hono";
import type { ApiEnvironment } from "../http/context.js";
import { errorResponse } from "../http/error-response.js";
import type { BackPressure } from "./back-pressure.js";
import type { DatabaseReader } from "./database-readings.js";
import { EXPOSITION_CONTENT_TYPE, MetricsRegistry } from "./exposition.js";
import { type HttpMetrics, registerHttpMetrics } from "./http-metrics.js";

/** Where Prometheus scrapes the API (outside `/api/v1` and the OpenAPI document: it is not JSON). */
export const METRICS_PATH = "/api/metrics";

export interface ApiMetrics {
  registry: MetricsRegistry;
  http: HttpMetrics;
  /** Refreshes the figures read from the database and the process, then renders the exposition. */
  scrape(): Promise<string>;
}

/** Every metric the API exposes: the HTTP ones counted per request, the rest read at scrape time. */
export function createApiMetrics(options: {
  version: string;
  reader: DatabaseReader;
  pressure: BackPressure;
}): ApiMetrics {
  const registry = new MetricsRegistry();
  const http = registerHttpMetrics(registry);
  const build = registry.gauge("otklik_build_info", "The API's version (always 1)", ["version"]);
  build.set({ version: options.version }, 1);
  const startTime = registry.gauge("process_start_time_seconds", "When this process started, Unix seconds");
  startTime.set(undefined, Math.round(performance.timeOrigin / 1000));
  const memory = registry.gauge("process_resident_memory_bytes", "Resident memory of this process, bytes");
  const cpu = registry.counter(
    "process_cpu_seconds_total",
    "CPU time this process used (user and system), seconds",
  );
  const due = registry.gauge(
    "otklik_job_queue_depth",
    "Jobs due and not started, per queue (scheduled jobs not yet due are not counted)",
    ["queue"],
  );
  const scheduled = registry.gauge(
    "otklik_job_queue_scheduled",
    "Jobs waiting for a later start, per queue",
    ["queue"],
  );
  const active = registry.gauge("otklik_job_queue_active", "Jobs being worked now, per queue", ["queue"]);
  const oldest = registry.gauge(
    "otklik_job_queue_oldest_age_seconds",
    "How long the oldest due job of the queue has waited since it became due, seconds (0: none waits)",
    ["queue"],
  );
  const overBound = registry.gauge(
    "otklik_job_queue_over_bound",
    "1 when the queue's depth is over OTKLIK_QUEUE_BACKLOG_LIMIT (back-pressure on, /api/ready degraded)",
    ["queue"],
  );
  const outboxPending = registry.gauge(
    "otklik_event_outbox_pending",
    "Events written and not yet handed to subscribers",
  );
  const outboxOldest = registry.gauge(
    "otklik_event_outbox_oldest_age_seconds",
    "Age of the oldest undelivered event, seconds (0: none)",
  );
  const slaBreaches = registry.counter(
    "otklik_sla_breaches_total",
    "SLA deadlines missed and announced, per SLA metric (from the incident desk's records)",
    ["metric"],
  );
  const slaWarnings = registry.counter(
    "otklik_sla_warnings_total",
    "SLA warnings announced before a deadline, per SLA metric",
    ["metric"],
  );
  const deliveries = registry.gauge(
    "otklik_deliveries",
    "Deliveries not done: notifications, the desk's public replies, social posts; by channel and state (queued, sending, failed, unknown)",
    ["source", "channel", "state"],
  );
  const readFailures = registry.counter(
    "otklik_metrics_read_failures_total",
    "Scrapes in which a source of figures could not be read from the database (its figures are left out)",
    ["source"],
  );

  return {
    registry,
    http,
    async scrape() {
      memory.set(undefined, process.memoryUsage.rss());
      const usage = process.cpuUsage();
      cpu.set(undefined, (usage.user + usage.system) / 1e6);
      const readings = await options.reader.read();
      for (const family of [
        due,
        scheduled,
        active,
        oldest,
        overBound,
        deliveries,
        slaBreaches,
        slaWarnings,
      ]) {
        family.reset();
      }
      for (const queue of readings.queues) {
        const labels = { queue: queue.queue };
        due.set(labels, queue.due);
        scheduled.set(labels, queue.scheduled);
        active.set(labels, queue.active);
        oldest.set(labels, Math.round(queue.oldestDueSeconds * 1000) / 1000);
        overBound.set(labels, queue.due > options.pressure.limit ? 1 : 0);
      }
      outboxPending.set(undefined, readings.outbox.pending);
      outboxOldest.set(undefined, Math.round(readings.outbox.oldestPendingSeconds * 1000) / 1000);
      for (const notice of readings.slaNotices) {
        (notice.kind === "breach" ? slaBreaches : slaWarnings).inc({ metric: notice.metric }, notice.count);
      }
      for (const delivery of readings.deliveries) {
        deliveries.set(
          { source: delivery.source, channel: delivery.channel, state: delivery.state },
          delivery.count,
        );
      }
      for (const source of readings.failed) readFailures.inc({ source });
      return registry.render();
    },
  };
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

const digest = (text: string): Buffer => createHash("sha256").update(text).digest();

/**
 * `GET /api/metrics`. With `OTKLIK_METRICS_TOKEN` set, only `Authorization: Bearer <token>`
 * (from anywhere); without it, only clients on this machine (the real client address, after
 * trusted proxies, is loopback), so a reverse proxy never exposes it by accident.
 * Mounted before authentication: the metrics token is not an API token.
 */
export function metricsEndpoint(
  metrics: ApiMetrics,
  options: { token?: string | undefined },
): MiddlewareHandler<ApiEnvironment> {
  const expected = options.token ? digest(options.token) : undefined;
  return async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
    if (expected) {
      const header = c.req.header("authorization") ?? "";
      const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
      if (!given || !timingSafeEqual(digest(given), expected)) {
        c.header("WWW-Authenticate", 'Bearer realm="otklik-metrics"');
        return errorResponse(
          c,
          new OtklikError(
            "unauthorized",
            "Для метрик нужен токен OTKLIK_METRICS_TOKEN: Authorization: Bearer … / Metrics need the OTKLIK_METRICS_TOKEN bearer token",
          ),
        );
      }
    } else if (!LOOPBACK.test(c.get("clientAddress") ?? "")) {
      return errorResponse(
        c,
        new OtklikError(
          "forbidden",
          "Метрики отдаются только на этом компьютере или с токеном OTKLIK_METRICS_TOKEN / Metrics are served to this machine only, or with the OTKLIK_METRICS_TOKEN bearer token",
        ),
      );
    }
    const body = await metrics.scrape();
    return c.body(body, 200, {
      "content-type": EXPOSITION_CONTENT_TYPE,
      "cache-control": "no-store",
    });
  };
}
