// GET /api/metrics, /api/ready and back-pressure against the real app and database, on both backends.
import { randomUUID } from "node:crypto";
import { manualClock } from "@otklik/core";
import { createJobs, type Database, type Jobs } from "@otklik/db";
import { createTestDatabase, testBackends } from "@otklik/db/testing";
import { DEMO_PASSWORD, seedAbakanDemo } from "@otklik/identity";
import { REPLY_DELIVERY_QUEUE } from "@otklik/incidents";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseExposition, sampleValue } from "../src/observability/exposition-parser.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi, TEST_PASSWORD_HASHING } from "../src/test-support.js";

const PROBE_QUEUE = "observability.probe";

describe.each(testBackends())("observability on %s", (backend) => {
  let db: Database;
  let jobs: Jobs;
  let api: Awaited<ReturnType<typeof createTestApi>>;
  const clock = manualClock("2026-11-27T03:00:00Z");

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: migrationSets });
    jobs = createJobs(db);
    await jobs.start();
    // A queue nobody works: 3 jobs due now, 1 due tomorrow (an SLA deadline, say: not backlog).
    await jobs.createQueue(PROBE_QUEUE);
    for (let index = 0; index < 3; index++) await jobs.send(PROBE_QUEUE, { index });
    await jobs.send(PROBE_QUEUE, { later: true }, { startAfter: 24 * 3600 });
    // The desk's reply queue over the bound of 2 below.
    await jobs.createQueue(REPLY_DELIVERY_QUEUE);
    for (let index = 0; index < 3; index++)
      await jobs.send(REPLY_DELIVERY_QUEUE, { replyId: `rep_${index}` });
    // An event not yet relayed (written 2 minutes ago), SLA notices, deliveries that failed.
    await db.query(
      "INSERT INTO event_outbox (id, event, payload, occurred_at) VALUES ($1, 'incidents.created', '{}', now() - interval '2 minutes')",
      [`evt_${randomUUID()}`],
    );
    await db.query(
      `INSERT INTO incident_sla_notices (incident_id, metric, kind, cycle, threshold, due_at, announced_at) VALUES
         ('inc_a', 'first_reply', 'breach', 0, 0, now(), now()),
         ('inc_b', 'first_reply', 'breach', 0, 0, now(), now()),
         ('inc_a', 'first_reply', 'warning', 0, 0, now(), now())`,
    );
    for (const [state, channel] of [
      ["failed", "email"],
      ["failed", "email"],
      ["queued", "telegram"],
      ["delivered", "email"],
    ] as const) {
      await db.query(
        `INSERT INTO notifications (id, kind, channel, locale, payload, template_version, subject, body, state,
           idempotency_key, next_attempt_at, created_at, updated_at)
         VALUES ($1, 'incident.assigned', $2, 'ru', '{}', 1, 's', 'b', $3, $1, now(), now(), now())`,
        [`ntf_${randomUUID()}`, channel, state],
      );
    }
    api = await createTestApi({ db, clock, settings: { queueBacklogLimit: 2 } });
    await seedAbakanDemo({ db, clock, passwordHashing: TEST_PASSWORD_HASHING });
  }, 120_000);
  afterAll(async () => {
    await jobs?.stop({ graceful: false });
    await db?.close();
  });

  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await api.app.request("/api/metrics", { headers });
    return {
      response,
      families: response.status === 200 ? parseExposition(await response.text()) : undefined,
    };
  };

  it("counts requests by method, route pattern and status class, never by the raw address", async () => {
    await api.app.request("/api/health");
    await api.app.request("/api/health");
    const secretId = `inc_${randomUUID()}`;
    expect((await api.app.request(`/api/v1/incidents/${secretId}`)).status).toBe(401);
    expect((await api.app.request(`/api/v1/no-such-thing-${secretId}`)).status).toBe(404);

    const { response, families } = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    if (!families) throw new Error("no exposition");
    const requests = (labels: Record<string, string>) =>
      sampleValue(families, "otklik_http_requests_total", labels);
    expect(requests({ method: "GET", route: "/api/health", status: "2xx" })).toBe(2);
    expect(requests({ method: "GET", route: "/api/v1/incidents/:id", status: "4xx" })).toBe(1);
    expect(requests({ method: "GET", route: "unmatched", status: "4xx" })).toBe(1);
    expect(
      sampleValue(families, "otklik_http_request_duration_seconds_count", {
        method: "GET",
        route: "/api/health",
        status: "2xx",
      }),
    ).toBe(2);
    const routes = new Set(
      families.get("otklik_http_requests_total")?.samples.map((sample) => sample.labels.route as string),
    );
    for (const route of routes) expect(route).not.toContain(secretId);
  });

  it("reports queue depth and age, the outbox backlog, SLA breaches and failed deliveries from the database", async () => {
    const { families } = await scrape();
    if (!families) throw new Error("no exposition");
    expect(sampleValue(families, "otklik_job_queue_depth", { queue: PROBE_QUEUE })).toBe(3);
    expect(sampleValue(families, "otklik_job_queue_scheduled", { queue: PROBE_QUEUE })).toBe(1);
    expect(sampleValue(families, "otklik_job_queue_active", { queue: PROBE_QUEUE })).toBe(0);
    expect(
      sampleValue(families, "otklik_job_queue_oldest_age_seconds", { queue: PROBE_QUEUE }),
    ).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, "otklik_job_queue_over_bound", { queue: PROBE_QUEUE })).toBe(1);
    expect(sampleValue(families, "otklik_job_queue_over_bound", { queue: REPLY_DELIVERY_QUEUE })).toBe(1);
    expect(sampleValue(families, "otklik_event_outbox_pending")).toBe(1);
    expect(sampleValue(families, "otklik_event_outbox_oldest_age_seconds")).toBeGreaterThanOrEqual(119);
    expect(sampleValue(families, "otklik_sla_breaches_total", { metric: "first_reply" })).toBe(2);
    expect(sampleValue(families, "otklik_sla_warnings_total", { metric: "first_reply" })).toBe(1);
    expect(
      sampleValue(families, "otklik_deliveries", {
        source: "notification",
        channel: "email",
        state: "failed",
      }),
    ).toBe(2);
    expect(
      sampleValue(families, "otklik_deliveries", {
        source: "notification",
        channel: "telegram",
        state: "queued",
      }),
    ).toBe(1);
    expect(sampleValue(families, "otklik_deliveries", { state: "delivered" })).toBeUndefined();
    expect(families.get("otklik_metrics_read_failures_total")?.samples).toEqual([]);
  });

  it("serves metrics to this machine only, unless a token is configured", async () => {
    // Through the trusted local proxy from a citizen's address: refused.
    const outside = await scrape({ "x-forwarded-for": "203.0.113.7" });
    expect(outside.response.status).toBe(403);
    const body = (await outside.response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("forbidden");
    expect(body.error.message).toMatch(/^Метрики .* \/ Metrics/);

    const guarded = await createTestApi({ db, settings: { metricsToken: "scrape-token-0123456789" } });
    const request = (headers: Record<string, string>) => guarded.app.request("/api/metrics", { headers });
    expect((await request({})).status).toBe(401);
    expect((await request({})).headers.get("www-authenticate")).toContain("Bearer");
    expect((await request({ authorization: "Bearer wrong-token-0123456789" })).status).toBe(401);
    const allowed = await request({
      authorization: "Bearer scrape-token-0123456789",
      "x-forwarded-for": "203.0.113.7",
    });
    expect(allowed.status).toBe(200);
    expect(parseExposition(await allowed.text()).has("otklik_job_queue_depth")).toBe(true);
  });

  it("says degraded on /api/ready while a queue is over its bound, and stays in service", async () => {
    const response = await api.app.request("/api/ready");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; backlog: { queue: string; depth: number }[] };
    expect(body.status).toBe("degraded");
    expect(body.backlog).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue: PROBE_QUEUE, depth: 3, bound: 2 }),
        expect.objectContaining({ queue: REPLY_DELIVERY_QUEUE, depth: 3, bound: 2 }),
      ]),
    );
    // Under the default bound the same database is simply ready.
    const relaxed = await createTestApi({ db });
    expect(await (await relaxed.app.request("/api/ready")).json()).toEqual({
      status: "ready",
      database: backend === "postgres" ? "postgres" : "pglite",
    });
  });

  it("refuses a manual re-send to an over-full queue with 503 and Retry-After, but still takes a citizen's report", async () => {
    const signIn = await api.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost",
        "sec-fetch-site": "same-origin",
      },
      body: JSON.stringify({ email: "operator@demo.otklik.ru", password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const cookie = (signIn.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    const retry = await api.app.request("/api/v1/incidents/inc_x/replies/rep_x/retry", {
      method: "POST",
      headers: {
        cookie,
        "x-csrf-token": csrfToken,
        origin: "http://localhost",
        "sec-fetch-site": "same-origin",
      },
    });
    expect(retry.status).toBe(503);
    expect(retry.headers.get("retry-after")).toBe("60");
    const refused = (await retry.json()) as { error: { code: string; message: string } };
    expect(refused.error.code).toBe("unavailable");
    expect(refused.error.message).toMatch(/^Очередь «incidents\.reply-delivery» перегружена .* \/ Queue/);

    const report = await api.app.request("/api/v1/reports", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        category: "street-lighting",
        description: "Не горят фонари во дворе дома по улице Щетинкина",
        contacts: { name: "Мария", email: "maria@mail.example" },
        consent: { accepted: true, textVersion: 1 },
      }),
    });
    expect(report.status).toBe(201);
  });

  it("documents the 503 of the deferrable operations in the OpenAPI document", async () => {
    const document = (await (await api.app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(
      document.paths["/api/v1/incidents/{id}/replies/{replyId}/retry"]?.post?.responses["503"],
    ).toBeDefined();
    expect(document.paths["/api/metrics"]).toBeUndefined();
  });
});
