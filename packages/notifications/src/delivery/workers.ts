import type { Clock } from "@otklik/core";
import type { Database, Jobs } from "@otklik/db";
import { DELIVERY_QUEUE } from "../context.js";
import { type DeliveryDependencies, deliverNotification, dispatchDueNotifications } from "./deliver.js";

/** What the notification workers need. */
export interface NotificationWorkerOptions extends Omit<DeliveryDependencies, "db" | "jobs"> {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  /** How often the sweeper looks for notifications without a job (default 30 s). */
  sweepIntervalMs?: number;
  /** Queued notifications overdue this long get a new job from the sweeper (default 60 s). */
  staleAfterSeconds?: number;
  /** Runs with the sweep: e.g. due escalation steps. */
  alsoEverySweep?: () => Promise<unknown>;
}

/**
 * Works the delivery queue in this process and starts the sweeper, which gives a job to whatever
 * waits without one (written while no runner was up, or held by a worker that died). Answers how
 * many jobs the first sweep sent. On PostgreSQL any number of processes may run this.
 */
export async function startNotificationWorkers(options: NotificationWorkerOptions): Promise<number> {
  const { db, jobs } = options;
  const deps: DeliveryDependencies = { ...options, db, jobs };
  await jobs.createQueue(DELIVERY_QUEUE, { retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 300 });
  await jobs.work<{ notificationId: string }>(DELIVERY_QUEUE, async (job) => {
    // pg-boss waits a polling interval after each job unless woken: a worker that found work
    // asks for the next job at once, so a backlog drains at the channels' pace, not the poll's.
    jobs.notify(DELIVERY_QUEUE);
    await deliverNotification(deps, job.data.notificationId);
  });
  const sweep = async () => {
    await options.alsoEverySweep?.();
    return dispatchDueNotifications({
      db,
      clock: options.clock,
      jobs,
      ...(options.staleAfterSeconds ? { staleAfterSeconds: options.staleAfterSeconds } : {}),
    });
  };
  const first = await sweep();
  jobs.every("notifications.sweep", options.sweepIntervalMs ?? 30_000, async () => {
    await sweep();
  });
  return first;
}
