// The limiter's arithmetic (GCRA), its keys, its settings, and both stores on both backends.
import { createTestDatabase, type TestDatabase, testBackends } from "@otklik/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, rateLimitSettings } from "../../config/env.js";
import { clientKey, storedKey } from "./client-key.js";
import { gcra } from "./gcra.js";
import { apiMigrations } from "./migrations.js";
import { parseRateLimit } from "./rules.js";
import { databaseRateLimitStore, memoryRateLimitStore, type RateLimitStore } from "./stores.js";

const T0 = Date.parse("2026-11-27T03:00:00Z");

describe("GCRA", () => {
  it("lets a burst of `limit` through, then one request per window/limit, and says when", () => {
    const rule = { limit: 3, windowSeconds: 60 };
    let tat: number | undefined;
    const results: boolean[] = [];
    for (let index = 0; index < 4; index++) {
      const decision = gcra(tat, T0, rule);
      results.push(decision.allowed);
      if (decision.allowed) tat = decision.tat;
      if (index === 3) expect(decision.retryAfterMs).toBe(20_000);
    }
    expect(results).toEqual([true, true, true, false]);
    expect(gcra(tat, T0 + 19_999, rule).allowed).toBe(false);
    const later = gcra(tat, T0 + 20_000, rule);
    expect(later).toMatchObject({ allowed: true, remaining: 0 });
    // After a full window of silence the whole burst is back.
    expect(gcra(later.tat, T0 + 20_000 + 60_000, rule).remaining).toBe(2);
  });

  it("fits `limit` requests in the window even when window/limit is not a whole number", () => {
    const rule = { limit: 7, windowSeconds: 1 };
    let tat: number | undefined;
    let allowed = 0;
    for (let index = 0; index < 10; index++) {
      const decision = gcra(tat, T0, rule);
      if (decision.allowed) {
        allowed += 1;
        tat = decision.tat;
      }
    }
    expect(allowed).toBe(7);
  });
});

describe("client keys and settings", () => {
  it("keys IPv4 by address and IPv6 by its /64, and stores only hashes", () => {
    expect(clientKey("203.0.113.7")).toBe("203.0.113.7");
    expect(clientKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(clientKey("2001:0DB8:0001:0002::9%eth0")).toBe("2001:db8:1:2::/64");
    expect(clientKey("::1")).toBe("0:0:0:0::/64");
    const key = storedKey(["forms", "203.0.113.7"]);
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(key).not.toContain("203");
  });

  it("reads limits like 60/10m, 6000/1m, 100/30s, 5/h and off", () => {
    expect(parseRateLimit("60/10m")).toEqual({ limit: 60, windowSeconds: 600 });
    expect(parseRateLimit("6000/1m")).toEqual({ limit: 6000, windowSeconds: 60 });
    expect(parseRateLimit(" 100 / 30s ")).toEqual({ limit: 100, windowSeconds: 30 });
    expect(parseRateLimit("5/h")).toEqual({ limit: 5, windowSeconds: 3600 });
    expect(parseRateLimit("off")).toBeNull();
    for (const bad of ["", "60", "60/10", "0/1m", "-1/1m", "60/0m", "sixty/1m", "60/1d"]) {
      expect(parseRateLimit(bad), bad).toBeUndefined();
    }
  });
});

describe("rate limits from the environment", () => {
  it("defaults to the documented limits, takes overrides and `off`, and refuses nonsense in both languages", () => {
    expect(rateLimitSettings(parseEnv({}))).toEqual({
      forms: { limit: 60, windowSeconds: 600 },
      passwordReset: { limit: 10, windowSeconds: 900 },
      open311: { limit: 600, windowSeconds: 600 },
      webhooks: { limit: 6000, windowSeconds: 60 },
    });
    const tuned = rateLimitSettings(
      parseEnv({ OTKLIK_RATE_LIMIT_FORMS: "20/5m", OTKLIK_RATE_LIMIT_WEBHOOKS: "off" }),
    );
    expect(tuned.forms).toEqual({ limit: 20, windowSeconds: 300 });
    expect(tuned.webhooks).toBeNull();
    expect(rateLimitSettings(parseEnv({ OTKLIK_RATE_LIMITS: "0" }))).toEqual({});
    expect(() => parseEnv({ OTKLIK_RATE_LIMIT_OPEN311: "lots" })).toThrow(
      /OTKLIK_RATE_LIMIT_OPEN311: Лимит вида 60\/10m.* \/ A limit like/,
    );
    expect(() => parseEnv({ OTKLIK_METRICS_TOKEN: "short" })).toThrow(/OTKLIK_METRICS_TOKEN/);
  });
});

const rule = { limit: 5, windowSeconds: 60 };

async function exercise(store: RateLimitStore): Promise<void> {
  const decisions = [];
  for (let index = 0; index < 6; index++) decisions.push(await store.hit("k1", rule, T0));
  expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false]);
  expect(decisions.map((decision) => decision.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
  expect(decisions[5]?.retryAfterMs).toBeCloseTo(12_000, 3);
  // Another key has its own budget; time gives the first one back its requests.
  expect((await store.hit("k2", rule, T0)).allowed).toBe(true);
  expect((await store.hit("k1", rule, T0 + 12_000)).allowed).toBe(true);
  expect((await store.hit("k1", rule, T0 + 12_000)).allowed).toBe(false);
  // Keys whose bucket is full again are swept; a swept key starts afresh.
  expect(await store.sweep(T0 + 3_600_000)).toBe(2);
  expect((await store.hit("k1", rule, T0 + 3_600_000)).remaining).toBe(4);
}

describe("memory store", () => {
  it("counts, refuses, forgets", async () => {
    await exercise(memoryRateLimitStore());
  });
});

describe.each(testBackends())("database store on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ backend, migrations: [apiMigrations] });
  });
  afterAll(() => db.close());

  it("counts, refuses, forgets — the same answers as in memory", async () => {
    await db.query("DELETE FROM api_rate_limits");
    await exercise(databaseRateLimitStore(db));
  });

  it("lets exactly `limit` through when many requests race for one key", async () => {
    await db.query("DELETE FROM api_rate_limits");
    const store = databaseRateLimitStore(db);
    const decisions = await Promise.all(
      Array.from({ length: 40 }, () => store.hit("race", { limit: 10, windowSeconds: 60 }, T0)),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    const rows = await db.query<{ key: string }>("SELECT key FROM api_rate_limits");
    expect(rows).toEqual([{ key: "race" }]);
  });
});
