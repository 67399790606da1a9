import { createHash } from "node:crypto";
import type { Database } from "../connection/database.js";
import { withTransaction } from "../connection/transaction.js";
import type { Jobs, JobToSend } from "../jobs/jobs.js";
import type { EventBatchJobData, EventJobData, Subscription } from "./subscribe.js";

export interface EventRelayOptions {
  subscriptions: readonly Subscription[];
  /** How often the outbox is looked at, in milliseconds (default 1000). */
  intervalMs?: number;
  /** Outbox rows handled per transaction (default 100). */
  batchSize?: number;
  /** Delivered outbox rows are deleted after this many days (default 7). */
  keepDispatchedDays?: number;
}

/** Moves events from the outbox to their subscribers. Made by {@link startEventRelay}. */
export interface EventRelay {
  /** Fans every pending outbox row out now; answers how many rows it handled. */
  dispatchPending(): Promise<number>;
  /** Stops looking at the outbox (the jobs runner's `stop()` does it too). */
  stop(): Promise<void>;
}

interface OutboxRow {
  id: string;
  event: string;
  payload: unknown;
  occurred_at: Date;
}

/** A UUID fixed by (event, subscriber): sending the delivery twice creates one job. */
export function deliveryJobId(eventId: string, subscriber: string): string {
  const hex = createHash("sha256").update(`${eventId}\u0000${subscriber}`).digest("hex");
  // Shaped as a version 8 (custom) UUID with the RFC variant.
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Starts delivering events in this process: registers the subscriptions (their queues, and in
 * `event_subscriptions` so a relay in any process fans out to every subscriber), works their
 * queues, and every `intervalMs` fans pending outbox rows out into one job per (event,
 * subscriber), or one job per batch for a batched subscriber — in the same transaction that marks the
 * rows dispatched. Pending rows are
 * handled at once on start, so events committed before a crash are delivered after it.
 *
 * Delivery is at least once: a job whose handler throws (or whose process dies) runs again.
 */
export async function startEventRelay(
  db: Database,
  jobs: Jobs,
  options: EventRelayOptions,
): Promise<EventRelay> {
  if (!jobs.started) throw new Error("Start the jobs runner before the event relay");
  assertUnique(options.subscriptions);
  const batchSize = options.batchSize ?? 100;
  const keepMs = (options.keepDispatchedDays ?? 7) * 24 * 60 * 60 * 1000;

  for (const subscription of options.subscriptions) {
    await jobs.createQueue(subscription.queue, subscription.options);
    await db.query(
      `INSERT INTO event_subscriptions (event, subscriber, queue, batched) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event, subscriber) DO UPDATE SET queue = excluded.queue, batched = excluded.batched`,
      [subscription.event.name, subscription.subscriber, subscription.queue, subscription.batched],
    );
    await jobs.work<EventJobData | EventBatchJobData>(subscription.queue, (job) => subscription.deliver(job));
  }

  async function dispatchBatch(): Promise<number> {
    const queues = new Set<string>();
    const handled = await withTransaction(db, async (tx) => {
      const rows = await tx.query<OutboxRow>(
        `SELECT id, event, payload, occurred_at FROM event_outbox
         WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const subscribers = await tx.query<{
        event: string;
        subscriber: string;
        queue: string;
        batched: boolean;
      }>("SELECT event, subscriber, queue, batched FROM event_subscriptions WHERE event = ANY($1::text[])", [
        [...new Set(rows.map((row) => row.event))],
      ]);
      const deliveries: JobToSend<EventJobData | EventBatchJobData>[] = [];
      const batches = new Map<(typeof subscribers)[number], EventJobData[]>();
      for (const row of rows) {
        const data: EventJobData = {
          eventId: row.id,
          event: row.event,
          payload: row.payload,
          occurredAt: row.occurred_at.toISOString(),
        };
        for (const target of subscribers.filter((candidate) => candidate.event === row.event)) {
          if (target.batched) {
            const batch = batches.get(target) ?? [];
            batch.push(data);
            batches.set(target, batch);
          } else {
            deliveries.push({ queue: target.queue, id: deliveryJobId(row.id, target.subscriber), data });
          }
          queues.add(target.queue);
        }
      }
      // A batched subscriber's job is named by the events it carries: sending it twice creates one job.
      for (const [target, events] of batches) {
        const ids = events.map((event) => event.eventId).join(",");
        deliveries.push({ queue: target.queue, id: deliveryJobId(ids, target.subscriber), data: { events } });
      }
      // One statement for the whole batch; a delivery job that exists already (same id) is skipped.
      await jobs.sendMany(deliveries, { tx });
      await tx.query("UPDATE event_outbox SET dispatched_at = now() WHERE id = ANY($1::text[])", [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
    for (const queue of queues) jobs.notify(queue);
    return handled;
  }

  async function dispatchPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await dispatchBatch();
      total += handled;
      if (handled < batchSize) return total;
    }
  }

  let lastPruned = 0;
  const task = jobs.every("event-relay", options.intervalMs ?? 1000, async () => {
    await dispatchPending();
    if (Date.now() - lastPruned > 60 * 60 * 1000) {
      lastPruned = Date.now();
      await db.query("DELETE FROM event_outbox WHERE dispatched_at < $1", [new Date(Date.now() - keepMs)]);
    }
  });
  await task.runNow();

  return {
    // Overlapping a scheduled run is harmless: rows are claimed with SKIP LOCKED.
    dispatchPending,
    stop: () => task.stop(),
  };
}

function assertUnique(subscriptions: readonly Subscription[]): void {
  const seen = new Set<string>();
  for (const { event, subscriber } of subscriptions) {
    const key = `${event.name} ${subscriber}`;
    if (seen.has(key)) throw new Error(`Subscriber "${subscriber}" is subscribed to "${event.name}" twice`);
    seen.add(key);
  }
}
