import { OtklikError } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq, inArray } from "drizzle-orm";
import { signInFailures } from "../schema.js";
import { hashSecret } from "../secrets/secrets.js";
import { orm } from "../storage/database.js";
import {
  afterFailure,
  type FailureCounter,
  lockedForSeconds,
  type ThrottlePolicy,
} from "./sign-in-throttle-policy.js";

/** The two keys a sign-in is counted under, hashed so the table holds no e-mails or addresses. */
export interface ThrottleKeys {
  account: string;
  address: string;
}

export function throttleKeys(email: string, address: string | null): ThrottleKeys {
  return {
    account: hashSecret(`account:${email.trim().toLowerCase()}`),
    address: hashSecret(`address:${address ?? "unknown"}`),
  };
}

async function counters(db: Executor, keys: ThrottleKeys): Promise<Map<string, FailureCounter>> {
  const rows = await orm(db)
    .select()
    .from(signInFailures)
    .where(inArray(signInFailures.key, [keys.account, keys.address]));
  return new Map(rows.map((row) => [row.key, row]));
}

/**
 * Throws `rate_limited` with `Retry-After` while the account or the address is
 * locked. The answer is the same whether or not an account has that e-mail.
 */
export async function assertNotLocked(db: Executor, keys: ThrottleKeys, now: Date): Promise<void> {
  const known = await counters(db, keys);
  const seconds = Math.max(
    lockedForSeconds(known.get(keys.account), now) ?? 0,
    lockedForSeconds(known.get(keys.address), now) ?? 0,
  );
  if (seconds > 0) {
    throw new OtklikError(
      "rate_limited",
      `Слишком много неудачных попыток входа, повторите через ${Math.ceil(seconds / 60)} мин. / ` +
        `Too many failed sign-ins, try again in ${Math.ceil(seconds / 60)} min`,
      { retryAfterSeconds: seconds },
    );
  }
}

/** Counts one failure under both keys. */
export async function recordFailure(
  db: Executor,
  keys: ThrottleKeys,
  now: Date,
  policies: { account: ThrottlePolicy; address: ThrottlePolicy },
): Promise<void> {
  const known = await counters(db, keys);
  for (const [key, policy] of [
    [keys.account, policies.account],
    [keys.address, policies.address],
  ] as const) {
    const next = afterFailure(known.get(key), now, policy);
    await orm(db)
      .insert(signInFailures)
      .values({ key, ...next })
      .onConflictDoUpdate({ target: signInFailures.key, set: next });
  }
}

/** Forgets an account's failures after it signs in (the address keeps its count). */
export async function clearAccountFailures(db: Executor, keys: ThrottleKeys): Promise<void> {
  await orm(db).delete(signInFailures).where(eq(signInFailures.key, keys.account));
}
