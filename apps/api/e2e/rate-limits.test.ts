// Per-client rate limits on the real app: public forms, webhooks, Open311, password reset; and
// on PostgreSQL, one budget shared by two API instances.
import { signPlatformBody } from "@otklik/channels";
import { manualClock } from "@otklik/core";
import { connect, type Database } from "@otklik/db";
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { seedAbakanDemo } from "@otklik/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RateLimitSettings } from "../src/http/rate-limit/rules.js";
import { parseExposition, sampleValue } from "../src/observability/exposition-parser.js";
import { migrationSets } from "../src/server/modules.js";
import { createTestApi, TEST_PASSWORD_HASHING } from "../src/test-support.js";

const LIMITS: RateLimitSettings = {
  forms: { limit: 3, windowSeconds: 600 },
  passwordReset: { limit: 2, windowSeconds: 900 },
  open311: { limit: 1, windowSeconds: 60 },
  webhooks: { limit: 2, windowSeconds: 60 },
};

type App = Awaited<ReturnType<typeof createTestApi>>["app"];

const report = (from: string) => ({
  method: "POST",
  headers: { "content-type": "application/json", "x-forwarded-for": from },
  body: JSON.stringify({
    category: "street-lighting",
    description: "Не горят фонари во дворе дома по улице Щетинкина",
    contacts: { name: "Мария", email: "maria@mail.example" },
    consent: { accepted: true, textVersion: 1 },
  }),
});

let platformCounter = 0;
const platformDelivery = (clockNow: Date) => {
  platformCounter += 1;
  const raw = JSON.stringify({
    id: `rate-limit-${platformCounter}`,
    createdAt: clockNow.toISOString(),
    text: "Во дворе дома на улице Ленина не вывозят мусор уже неделю",
    source: { network: "vk" },
  });
  return {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": "198.51.100.10",
      "x-otklik-signature": signPlatformBody(raw, "platform-demo-secret"),
    },
    body: raw,
  };
};

describe.each(testBackends())("rate limits on %s", (backend) => {
  let db: Database;
  let app: App;
  const clock = manualClock("2026-11-27T03:00:00Z");
  const count = async (table: string) =>
    Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);

  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: migrationSets });
    ({ app } = await createTestApi({ db, clock, settings: { rateLimits: LIMITS } }));
    await seedAbakanDemo({ db, clock, passwordHashing: TEST_PASSWORD_HASHING });
  }, 120_000);
  afterAll(() => db?.close());

  it("lets a citizen send the forms' budget, then answers 429 with Retry-After and stores nothing", async () => {
    for (let index = 0; index < 3; index++)
      expect((await app.request("/api/v1/reports", report("203.0.113.5"))).status).toBe(201);
    const incidents = await count("incidents");
    const refused = await app.request("/api/v1/reports", report("203.0.113.5"));
    expect(refused.status).toBe(429);
    // 3 per 10 minutes: one more every 200 s.
    expect(refused.headers.get("retry-after")).toBe("200");
    const body = (await refused.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(
      /^Слишком много запросов с вашего адреса \(не больше 3 за 10 мин\), повторите через 200 с \/ Too many requests/,
    );
    expect(body.error.requestId).toMatch(/^req_/);
    expect(await count("incidents")).toBe(incidents);
    // The forms share one budget: a hearing comment from the same address waits too.
    const comment = await app.request("/api/v1/public/publications/any-hearing/comments", {
      ...report("203.0.113.5"),
      body: JSON.stringify({ name: "Мария", text: "Согласна" }),
    });
    expect(comment.status).toBe(429);
    // Someone else is not affected; and after Retry-After the first citizen may send again.
    expect((await app.request("/api/v1/reports", report("203.0.113.6"))).status).toBe(201);
    clock.advance(200_000);
    expect((await app.request("/api/v1/reports", report("203.0.113.5"))).status).toBe(201);
    expect((await app.request("/api/v1/reports", report("203.0.113.5"))).status).toBe(429);
  });

  it("answers an authenticated platform delivery over its budget with 429, and takes its retry exactly once", async () => {
    const first = platformDelivery(clock.now());
    const second = platformDelivery(clock.now());
    const third = platformDelivery(clock.now());
    expect((await app.request("/api/v1/intake/platform", first)).status).toBe(202);
    expect((await app.request("/api/v1/intake/platform", second)).status).toBe(202);
    const refused = await app.request("/api/v1/intake/platform", third);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBe(30);
    // Another webhook from the same source has its own budget.
    const telegram = await app.request("/api/v1/intake/telegram", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.10" },
      body: "{}",
    });
    expect(telegram.status).not.toBe(429);
    // Nothing of the refused delivery was stored; the platform retries after Retry-After: stored once.
    const stored = (platformId: string) =>
      db.query<{ n: number }>("SELECT count(*)::int AS n FROM incidents WHERE external_id = $1", [
        platformId,
      ]);
    expect((await stored(JSON.parse(third.body).id))[0]?.n).toBe(0);
    clock.advance(retryAfter * 1000);
    const retried = await app.request("/api/v1/intake/platform", third);
    expect(retried.status).toBe(202);
    const id = JSON.parse(third.body).id as string;
    const rows = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE external_id = $1",
      [id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("answers Open311 clients in the GeoReport error format, JSON or XML", async () => {
    const form = (extension: string) =>
      app.request(`/open311/v2/requests${extension}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "192.0.2.44" },
        body: "api_key=wrong&service_code=roads&lat=53.72&long=91.44&description=pothole",
      });
    expect((await form(".json")).status).not.toBe(429);
    const json = await form(".json");
    expect(json.status).toBe(429);
    expect(json.headers.get("retry-after")).toBe("60");
    expect(await json.json()).toEqual([
      { code: 429, description: expect.stringMatching(/^Слишком много .* \/ Too many/) },
    ]);
    const xml = await form(".xml");
    expect(xml.status).toBe(429);
    expect(xml.headers.get("content-type")).toContain("text/xml");
    expect(await xml.text()).toMatch(/<errors><error><code>429<\/code><description>Слишком много/);
  });

  it("limits password reset requests per address, counts refusals in the metrics, and documents 429", async () => {
    const reset = () =>
      app.request("/api/v1/auth/password-reset", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.99" },
        body: JSON.stringify({ email: "nobody@demo.otklik.ru" }),
      });
    expect((await reset()).status).toBe(202);
    expect((await reset()).status).toBe(202);
    expect((await reset()).status).toBe(429);
    // Sign-in is identity's to limit (failures per account and address): not counted here.
    for (let index = 0; index < 4; index++) {
      const signIn = await app.request("/api/v1/auth/login", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": "192.0.2.99",
          origin: "http://localhost",
        },
        body: JSON.stringify({ email: `someone-${index}@demo.otklik.ru`, password: "wrong-password-1" }),
      });
      expect(signIn.status).toBe(401);
    }

    const families = parseExposition(await (await app.request("/api/metrics")).text());
    expect(sampleValue(families, "otklik_rate_limited_total", { rule: "passwordReset" })).toBe(1);
    expect(sampleValue(families, "otklik_rate_limited_total", { rule: "forms" })).toBe(3);
    expect(
      sampleValue(families, "otklik_http_requests_total", {
        method: "POST",
        route: "/api/v1/reports",
        status: "4xx",
      }),
    ).toBe(2);

    const document = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    for (const path of ["/api/v1/reports", "/api/v1/intake/platform", "/api/v1/auth/password-reset"]) {
      expect(document.paths[path]?.post?.responses["429"]?.headers, path).toHaveProperty("Retry-After");
    }
  });

  it("turns a rule off when its setting is left out", async () => {
    const { app: open } = await createTestApi({
      db,
      clock,
      settings: { rateLimits: { webhooks: LIMITS.webhooks } },
    });
    for (let index = 0; index < 5; index++)
      expect((await open.request("/api/v1/reports", report("203.0.113.77"))).status).toBe(201);
  });
});

// PGlite is one process by nature (its limiter is in memory); sharing is PostgreSQL's case.
describe.each(testBackends().filter((backend) => backend === "postgres"))(
  "rate limits across API processes on %s",
  () => {
    let db: TestDatabase;
    let secondConnection: Database;
    let first: App;
    let second: App;
    const clock = manualClock("2026-11-27T03:00:00Z");

    beforeAll(async () => {
      db = await createTestDatabase({ backend: "postgres", migrations: migrationSets });
      const settings = { rateLimits: { passwordReset: { limit: 5, windowSeconds: 900 } } };
      // Two apps, each with its own pool on the same database: as two API processes behind one proxy.
      ({ app: first } = await createTestApi({ db, clock, settings }));
      secondConnection = await connect({ url: db.url as string });
      ({ app: second } = await createTestApi({ db: secondConnection, clock, settings }));
    }, 120_000);
    afterAll(async () => {
      await secondConnection?.close();
      await db?.close();
    });

    const reset = (app: App, from: string) =>
      app.request("/api/v1/auth/password-reset", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": from },
        body: JSON.stringify({ email: "nobody@example.org" }),
      });

    it("shares one budget between two instances", async () => {
      const statuses = [];
      for (const app of [first, second, first, second, first, second, first])
        statuses.push((await reset(app, "192.0.2.1")).status);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    });

    it("lets exactly the budget through when both instances are hit at once", async () => {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, index) => reset(index % 2 === 0 ? first : second, "192.0.2.2")),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 202)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    });
  },
);
