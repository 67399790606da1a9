import type { Database } from "@otklik/db";
import {
  emissionInterval,
  GCRA_EPSILON_MS,
  gcra,
  type RateDecision,
  type RateLimit,
  remainingAfter,
} from "./gcra.js";

/** Where the limiter keeps each key's state. */
export interface RateLimitStore {
  readonly kind: "memory" | "database";
  /** Counts one request under `key` at `now` (epoch ms) and answers whether it is allowed. */
  hit(key: string, rule: RateLimit, now: number): Promise<RateDecision>;
  /** Forgets keys whose buckets are full again (they are as good as absent); answers how many. */
  sweep(now: number): Promise<number>;
}

/**
 * In this process: right for PGlite, which is one process anyway. Expired keys are swept when
 * the map grows past `sweepAbove` entries, so a flood from many addresses cannot grow it forever.
 */
export function memoryRateLimitStore(options: { sweepAbove?: number } = {}): RateLimitStore {
  const tats = new Map<string, number>();
  const sweepAbove = options.sweepAbove ?? 50_000;
  const sweep = (now: number): number => {
    let removed = 0;
    for (const [key, tat] of tats) {
      if (tat <= now) {
        tats.delete(key);
        removed += 1;
      }
    }
    return removed;
  };
  return {
    kind: "memory",
    async hit(key, rule, now) {
      if (tats.size > sweepAbove) sweep(now);
      const decision = gcra(tats.get(key), now, rule);
      if (decision.allowed) tats.set(key, decision.tat);
      return decision;
    },
    async sweep(now) {
      return sweep(now);
    },
  };
}

// One statement, atomic under the row's lock: two API processes counting the same client at
// once are serialised by PostgreSQL, so the limit holds across every process on one database.
const HIT = `
  INSERT INTO api_rate_limits AS r (key, tat, allowed) VALUES ($1, $2::float8 + $3::float8, true)
  ON CONFLICT (key) DO UPDATE SET
    allowed = GREATEST(r.tat, $2::float8) + $3::float8 - $2::float8 <= $4::float8,
    tat = CASE WHEN GREATEST(r.tat, $2::float8) + $3::float8 - $2::float8 <= $4::float8
               THEN GREATEST(r.tat, $2::float8) + $3::float8 ELSE r.tat END
  RETURNING tat, allowed`;

/** In the `api_rate_limits` table: shared by every API process on one PostgreSQL. */
export function databaseRateLimitStore(db: Database): RateLimitStore {
  return {
    kind: "database",
    async hit(key, rule, now) {
      const interval = emissionInterval(rule);
      const windowMs = rule.windowSeconds * 1000;
      const [row] = await db.query<{ tat: number; allowed: boolean }>(HIT, [
        key,
        now,
        interval,
        windowMs + GCRA_EPSILON_MS,
      ]);
      if (!row) throw new Error("api_rate_limits: the upsert answered no row");
      const tat = Number(row.tat);
      if (row.allowed)
        return { allowed: true, tat, remaining: remainingAfter(tat, now, rule), retryAfterMs: 0 };
      return {
        allowed: false,
        tat,
        remaining: 0,
        retryAfterMs: Math.max(1, Math.max(tat, now) + interval - windowMs - now),
      };
    },
    async sweep(now) {
      const rows = await db.query<{ key: string }>(
        "DELETE FROM api_rate_limits WHERE tat <= $1 RETURNING key",
        [now],
      );
      return rows.length;
    },
  };
}
