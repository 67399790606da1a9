import { isDeliveryError } from "@otklik/channels";
import type { Clock } from "@otklik/core";
import { type Database, type Executor, type Jobs, withTransaction } from "@otklik/db";
import { DELIVERY_QUEUE } from "../context.js";
import type { NotificationChannel } from "../kinds/kinds.js";
import { deliveryJobId } from "./job-id.js";
import { DEFAULT_NOTIFICATION_RETRY, type NotificationRetryPolicy, retryDelay } from "./retry-policy.js";
import { ChannelFailure, type NotificationSenders } from "./senders.js";

/** What delivering needs: the database, the time, the channels, and how to retry. */
export interface DeliveryDependencies {
  db: Database | Executor;
  clock: Clock;
  senders: NotificationSenders;
  retry?: NotificationRetryPolicy;
  /** How long a worker holds a notification while sending it (default 120 s); a dead worker's hold lapses. */
  leaseSeconds?: number;
  /** With a jobs runner, a retry is a job sent for its time; without, the sweeper finds it. */
  jobs?: Jobs;
  random?: () => number;
}

/** What one delivery run did. */
export type DeliveryOutcome =
  | { outcome: "skipped" }
  | { outcome: "sent" | "delivered"; attempt: number }
  | { outcome: "retry"; attempt: number; nextAttemptAt: Date; reason: string }
  | { outcome: "failed"; attempt: number; reason: string };

interface Claimed {
  id: string;
  kind: string;
  channel: NotificationChannel;
  address: string | null;
  subject: string;
  body: string;
  locale: string;
  payload: unknown;
  idempotency_key: string;
  attempts: number;
}

/**
 * Delivers one notification, at most once at a time: a worker first claims it (a conditional
 * update: queued and due, or held by a worker whose hold lapsed), so two workers never send it
 * together. Success records `sent`/`delivered`; a retryable failure puts it back in the queue
 * after a backoff with jitter until the policy's tries are spent; then, or on a final failure, it
 * is `failed` with the reason.
 */
export async function deliverNotification(
  deps: DeliveryDependencies,
  notificationId: string,
): Promise<DeliveryOutcome> {
  const policy = deps.retry ?? DEFAULT_NOTIFICATION_RETRY;
  const now = deps.clock.now();
  const lease = new Date(now.getTime() + (deps.leaseSeconds ?? 120) * 1000);
  const [claimed] = await deps.db.query<Claimed & Record<string, unknown>>(
    `UPDATE notifications
        SET state = 'sending', attempts = attempts + 1, lease_until = $3, updated_at = $2
      WHERE id = $1
        AND ((state = 'queued' AND next_attempt_at <= $2) OR (state = 'sending' AND lease_until < $2))
      RETURNING id, kind, channel, address, subject, body, locale, payload, idempotency_key, attempts`,
    [notificationId, now, lease],
  );
  if (!claimed) return { outcome: "skipped" };
  const attempt = claimed.attempts;
  const sender = claimed.channel === "in_app" ? undefined : deps.senders[claimed.channel];
  try {
    if (!sender || !claimed.address) {
      throw new ChannelFailure(
        false,
        `no_sender: канал ${claimed.channel} не подключён / channel ${claimed.channel} is not configured`,
      );
    }
    const result = await sender({
      id: claimed.id,
      kind: claimed.kind,
      address: claimed.address,
      subject: claimed.subject,
      body: claimed.body,
      locale: claimed.locale,
      payload: claimed.payload,
      idempotencyKey: claimed.idempotency_key,
      attempt,
    });
    const done = deps.clock.now();
    await deps.db.query(
      `UPDATE notifications SET state = $2, reason = NULL, lease_until = NULL, updated_at = $3,
              sent_at = COALESCE(sent_at, $3), delivered_at = CASE WHEN $2 = 'delivered' THEN $3 END
        WHERE id = $1 AND state = 'sending'`,
      [claimed.id, result, done],
    );
    return { outcome: result, attempt };
  } catch (error) {
    const { retryable, reason, retryAfterMs } = describeFailure(error);
    const done = deps.clock.now();
    if (retryable && attempt < policy.maxAttempts) {
      // Our backoff, but never sooner than the receiver asked (Telegram's 429 `retry_after`).
      const delay = Math.max(retryDelay(policy, attempt, deps.random), retryAfterMs ?? 0);
      const nextAttemptAt = new Date(done.getTime() + delay);
      await withTransaction(deps.db as Database, async (tx) => {
        await tx.query(
          `UPDATE notifications SET state = 'queued', reason = $2, next_attempt_at = $3, lease_until = NULL,
                  updated_at = $4 WHERE id = $1 AND state = 'sending'`,
          [claimed.id, `attempt ${attempt}: ${reason}`, nextAttemptAt, done],
        );
        if (deps.jobs) {
          await deps.jobs.send(
            DELIVERY_QUEUE,
            { notificationId: claimed.id },
            { tx, id: deliveryJobId(claimed.id, attempt), startAfter: nextAttemptAt },
          );
        }
      });
      return { outcome: "retry", attempt, nextAttemptAt, reason };
    }
    const final = retryable ? `${reason} (после ${attempt} попыток / after ${attempt} attempts)` : reason;
    await deps.db.query(
      `UPDATE notifications SET state = 'failed', reason = $2, failed_at = $3, lease_until = NULL, updated_at = $3
        WHERE id = $1 AND state = 'sending'`,
      [claimed.id, final, done],
    );
    return { outcome: "failed", attempt, reason: final };
  }
}

function describeFailure(error: unknown): { retryable: boolean; reason: string; retryAfterMs?: number } {
  if (error instanceof ChannelFailure)
    return {
      retryable: error.retryable,
      reason: error.message,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    };
  if (isDeliveryError(error))
    return {
      retryable: error.retryable,
      reason: `${error.kind}: ${error.message}`,
      ...(error.retryAfterMilliseconds === undefined ? {} : { retryAfterMs: error.retryAfterMilliseconds }),
    };
  return { retryable: true, reason: (error as Error)?.message ?? String(error) };
}

/**
 * Sends delivery jobs for what waits without one being worked: notifications held by a worker
 * that died (their hold lapsed), and queued ones overdue by `staleAfterSeconds` — written while no
 * runner was up, or whose job a dying worker had fetched but not begun. Job ids come from the
 * notification, its attempt and the time window, so each sweep window sends a notification at
 * most one extra job, and the claim in {@link deliverNotification} makes any extra job a no-op.
 */
export async function dispatchDueNotifications(args: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  /** Queued rows overdue this long get a new job (default 60 s). */
  staleAfterSeconds?: number;
  limit?: number;
}): Promise<number> {
  const now = args.clock.now();
  const staleMs = (args.staleAfterSeconds ?? 60) * 1000;
  const rows = await args.db.query<{ id: string; attempts: number; state: string }>(
    `SELECT id, attempts, state FROM notifications
      WHERE (state = 'queued' AND next_attempt_at <= $1) OR (state = 'sending' AND lease_until < $2)
      ORDER BY next_attempt_at LIMIT $3`,
    [new Date(now.getTime() - staleMs), now, args.limit ?? 200],
  );
  const window = Math.floor(now.getTime() / staleMs);
  let sent = 0;
  for (const row of rows) {
    // A lapsed hold counted its attempt already: its attempt number is new. A stale queued row
    // may still have its (lost) job, so it gets one of this time window.
    const id =
      row.state === "sending"
        ? deliveryJobId(row.id, row.attempts)
        : deliveryJobId(row.id, `${row.attempts}@${window}`);
    if (await args.jobs.send(DELIVERY_QUEUE, { notificationId: row.id }, { id })) sent += 1;
  }
  return sent;
}
