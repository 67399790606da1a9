/**
 * Sign-in throttling, as pure rules. Failures are counted per account (the
 * e-mail as typed, whether or not an account has it, so the answer never tells)
 * and per client address; too many within a window lock that key for a while.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** Five wrong passwords in 15 minutes lock the account for 15 minutes. */
export const ACCOUNT_THROTTLE: ThrottlePolicy = Object.freeze({
  maxFailures: 5,
  windowMinutes: 15,
  lockMinutes: 15,
});

/** One address may fail 20 times in 15 minutes (an office behind one NAT), across any accounts. */
export const ADDRESS_THROTTLE: ThrottlePolicy = Object.freeze({
  maxFailures: 20,
  windowMinutes: 15,
  lockMinutes: 15,
});

/** What is remembered about one key. */
export interface FailureCounter {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

/** Seconds until `counter` unlocks, or `undefined` when it is not locked at `now`. */
export function lockedForSeconds(counter: FailureCounter | undefined, now: Date): number | undefined {
  if (!counter?.lockedUntil || counter.lockedUntil <= now) return undefined;
  return Math.ceil((counter.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** The counter after one more failure at `now`: a new window when the old one ended, a lock at the limit. */
export function afterFailure(
  counter: FailureCounter | undefined,
  now: Date,
  policy: ThrottlePolicy,
): FailureCounter {
  const windowEnds = counter ? counter.windowStartedAt.getTime() + policy.windowMinutes * 60_000 : 0;
  // A lock that has run out starts a fresh window: the next five failures lock again.
  const current =
    counter && counter.lockedUntil === null && windowEnds > now.getTime()
      ? counter
      : { failures: 0, windowStartedAt: now, lockedUntil: null };
  const failures = current.failures + 1;
  return {
    failures,
    windowStartedAt: current.windowStartedAt,
    lockedUntil:
      failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMinutes * 60_000) : null,
  };
}
