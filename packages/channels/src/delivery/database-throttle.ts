import type { Clock } from "@otklik/core";
import type { RateLimitRule, Throttle } from "../connector/rate-limits.js";
import { type ChannelsDatabase, inTransaction } from "../database/sql.js";

/** Waits a number of milliseconds; tests pass one that moves a manual clock instead. */
export type Sleep = (milliseconds: number) => Promise<void>;

/** The real wait. */
export const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));

/**
 * Reserves one send slot under every rule at once and answers the instant it may be used.
 * `now` is read only once the rows are locked: a worker that waited for a pooled connection or
 * for another worker's lock must not reserve a slot that is already in the past.
 */
export async function reserveSendSlot(
  db: ChannelsDatabase,
  rules: readonly RateLimitRule[],
  now: number | (() => number),
  safetyMarginMilliseconds: (rule: RateLimitRule) => number = defaultSafetyMargin,
): Promise<number> {
  // The same order everywhere, so two workers wanting the same keys never deadlock.
  const byKey = new Map<string, RateLimitRule>();
  for (const rule of rules) {
    const known = byKey.get(rule.key);
    // Two rules on one key: the stricter spacing wins.
    if (!known || rule.intervalMilliseconds / rule.limit > known.intervalMilliseconds / known.limit)
      byKey.set(rule.key, rule);
  }
  const keys = [...byKey.keys()].sort();
  const readNow = typeof now === "number" ? () => now : now;
  if (keys.length === 0) return readNow();
  return inTransaction(db, async (transaction) => {
    await transaction.query(
      "INSERT INTO channel_rate_windows (key, slots) SELECT unnest($1::text[]), '{}'::bigint[] ON CONFLICT (key) DO NOTHING",
      [keys],
    );
    const rows = await transaction.query<{ key: string; slots: (string | number)[] }>(
      "SELECT key, slots FROM channel_rate_windows WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE",
      [keys],
    );
    const windows = new Map(rows.map((row) => [row.key, row.slots.map(Number)]));
    let slot = readNow();
    for (const [key, rule] of byKey) {
      const slots = windows.get(key) ?? [];
      // The limit-th most recent slot: the next one may come one interval after it.
      const anchor = slots[slots.length - rule.limit];
      if (anchor !== undefined)
        slot = Math.max(slot, anchor + rule.intervalMilliseconds + safetyMarginMilliseconds(rule));
    }
    for (const [key, rule] of byKey) {
      const kept = [...(windows.get(key) ?? []), slot].slice(-rule.limit);
      await transaction.query("UPDATE channel_rate_windows SET slots = $2::bigint[] WHERE key = $1", [
        key,
        kept,
      ]);
    }
    return slot;
  });
}

/**
 * Room between windows: a slot is when a call may leave, and a busy worker, the network and the
 * platform's own clock can bring calls closer together than they left. A fifth of the window
 * (VK's 20 calls a second are planned as 20 in 1.2 s) keeps the platform's count under its limit
 * even when a loaded machine delays some calls by a couple of hundred milliseconds.
 */
export function defaultSafetyMargin(rule: RateLimitRule): number {
  return Math.min(5_000, Math.max(10, Math.round(rule.intervalMilliseconds * 0.2)));
}

/**
 * A throttle whose state lives in the database, so the limits hold across every worker process
 * sharing one PostgreSQL (and trivially on PGlite, which is one process).
 *
 * A slot is a promise about when the call leaves. A busy process can wake up late, and late calls
 * bunch up with punctual ones; so a caller that wakes more than half the safety margin after its
 * slot gives it up and reserves another (a wasted slot only makes the schedule more cautious).
 */
export function createDatabaseThrottle(options: {
  db: ChannelsDatabase;
  clock: Clock;
  sleep?: Sleep;
  safetyMarginMilliseconds?: (rule: RateLimitRule) => number;
}): Throttle {
  const sleep = options.sleep ?? realSleep;
  const margin = options.safetyMarginMilliseconds ?? defaultSafetyMargin;
  const now = (): number => options.clock.now().getTime();
  return async (rules) => {
    if (rules.length === 0) return;
    const tolerance = Math.min(...rules.map((rule) => margin(rule))) / 2;
    for (let attempt = 0; attempt < MAX_RESERVATIONS; attempt++) {
      const slot = await reserveSendSlot(options.db, rules, now, margin);
      const wait = slot - now();
      if (wait > 0) await sleep(wait);
      if (now() - slot <= tolerance) return;
    }
  };
}

/** How often a late caller reserves again before it goes anyway (a process that is always late). */
const MAX_RESERVATIONS = 5;
