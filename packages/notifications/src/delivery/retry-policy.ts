/** How often and how patiently a failing channel is tried. */
export interface NotificationRetryPolicy {
  /** Tries in all, the first included (default 8). */
  maxAttempts: number;
  /** The wait after the first failure, in milliseconds (default 15 s); doubles after each failure. */
  baseDelayMs: number;
  /** The longest single wait (default 16 minutes). */
  maxDelayMs: number;
  /** Share of each wait that is random (default 0.2: ±20 %), so a burst of failures does not retry in step. */
  jitter: number;
}

/** 8 tries: 15 s, 30 s, 1, 2, 4, 8 and 16 minutes apart (±20 %): about 32 minutes from the first try to the last. */
export const DEFAULT_NOTIFICATION_RETRY: NotificationRetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 15_000,
  maxDelayMs: 16 * 60_000,
  jitter: 0.2,
};

/** The wait before the next try after `attempt` tries failed (1-based), with jitter from `random` ∈ [0, 1). */
export function retryDelay(
  policy: NotificationRetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const spread = exponential * policy.jitter;
  return Math.round(exponential - spread + 2 * spread * random());
}
