/**
 * Rate limits as a generic cell rate algorithm (GCRA, the token bucket written as one number):
 * a rule of `limit` requests per `windowMs` lets a client send `limit` requests at once, and
 * then one every `windowMs / limit`. All that is kept per client is the "theoretical arrival
 * time" (`tat`, epoch milliseconds): the instant its bucket is full again. One number per key
 * means one row per key and one atomic statement per request on PostgreSQL.
 */
export interface RateLimit {
  /** Requests allowed in a window (also the largest burst). */
  limit: number;
  /** The window, in seconds. */
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The new theoretical arrival time (unchanged when refused). */
  tat: number;
  /** Requests still allowed right now. */
  remaining: number;
  /** When refused: milliseconds until one more request is allowed. */
  retryAfterMs: number;
}

/** Float slack: `limit` emission intervals must fit in the window even when they do not add up exactly. */
export const GCRA_EPSILON_MS = 0.001;

export function emissionInterval(rule: RateLimit): number {
  return (rule.windowSeconds * 1000) / rule.limit;
}

/** One request at `now` against the stored `tat` (`undefined`: none kept, or expired). */
export function gcra(tat: number | undefined, now: number, rule: RateLimit): RateDecision {
  const interval = emissionInterval(rule);
  const windowMs = rule.windowSeconds * 1000;
  const start = Math.max(tat ?? now, now);
  const next = start + interval;
  if (next - now <= windowMs + GCRA_EPSILON_MS) {
    return { allowed: true, tat: next, remaining: remainingAfter(next, now, rule), retryAfterMs: 0 };
  }
  return { allowed: false, tat: start, remaining: 0, retryAfterMs: Math.max(1, next - windowMs - now) };
}

/** What a stored decision leaves: requests still allowed at `now`. */
export function remainingAfter(tat: number, now: number, rule: RateLimit): number {
  const windowMs = rule.windowSeconds * 1000;
  return Math.max(0, Math.floor((windowMs - (tat - now) + GCRA_EPSILON_MS) / emissionInterval(rule)));
}
