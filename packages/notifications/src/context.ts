import type { Clock } from "@otklik/core";
import type { Executor, Jobs } from "@otklik/db";
import type { Actor } from "@otklik/identity";

/** What the services of this package take: the database (or a transaction), the time, and who acts. */
export interface NotificationContext {
  db: Executor;
  clock: Clock;
  actor: Actor;
}

/** Settings of the write path: the city's zone (quiet hours) and the jobs runner that delivers. */
export interface NotifySettings {
  /** The city's IANA time zone, for quiet hours and digests (default Asia/Krasnoyarsk). */
  timeZone?: string;
  /** When given, a delivery job is sent in the same transaction; otherwise the sweeper sends it. */
  jobs?: Jobs;
  /**
   * The office's webhook (`OTKLIK_NOTIFY_WEBHOOK_URL`): where the `webhook` channel of a member of
   * staff goes when they chose that channel without a webhook of their own.
   */
  defaultWebhookUrl?: string;
}

/** The queue delivery jobs go to. */
export const DELIVERY_QUEUE = "notifications.deliver";
