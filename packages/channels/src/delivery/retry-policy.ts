/** How often and how patiently a retryable failure is tried again. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** The wait before the second attempt; doubled for each next one. */
  baseDelayMilliseconds: number;
  /** No wait grows beyond this. */
  maxDelayMilliseconds: number;
  /**
   * Waits longer than this are not slept through in the worker: the delivery answers
   * `retry_later` and the job is scheduled again for `retryAt`.
   */
  maxInlineWaitMilliseconds: number;
}

/** Five attempts, 1 s, 2 s, 4 s, 8 s apart (with jitter), and at most 30 s of waiting inside one job. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMilliseconds: 1_000,
  maxDelayMilliseconds: 60_000,
  maxInlineWaitMilliseconds: 30_000,
};

/**
 * The wait before attempt `attemptNumber + 1`: exponential backoff with "equal jitter" (half
 * fixed, half random), so that workers that failed together do not come back together. A wait the
 * platform asked for (`retryAfterMilliseconds`) is never shortened.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attemptNumber: number,
  retryAfterMilliseconds: number | undefined,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(
    policy.maxDelayMilliseconds,
    policy.baseDelayMilliseconds * 2 ** (attemptNumber - 1),
  );
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.max(jittered, retryAfterMilliseconds ?? 0));
}
