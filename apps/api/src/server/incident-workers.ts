import type { Clock } from "@otklik/core";
import type { Database, Jobs } from "@otklik/db";
import {
  catchUpSlaDeadlines,
  channelsReplySender,
  deliverReply,
  type EvidenceStore,
  REPLY_DELIVERY_QUEUE,
  type ReplyDeliveryJob,
  type ReplySender,
  removeQueuedMediaFiles,
  type SlaSettings,
  sweepReplyDeliveries,
  workSlaDeadlines,
} from "@otklik/incidents";
import type { Logger } from "pino";
import type { ApiEnv } from "../config/env.js";
import { evidenceStoreFromEnv } from "../routes/incidents/evidence.js";
import { DEMO_INCIDENT_SETTINGS, type IncidentRouteSettings } from "../routes/incidents/register.js";

export { NO_CONNECTION_REASON } from "@otklik/incidents";

/**
 * Registers the incident desk's workers (SLA deadlines, reply delivery, the removal of erased photos' files)
 * on started `jobs`, announces the deadlines that passed while nothing ran, turns reply deliveries left
 * `sending` by a dead process into `unknown` and queues deliveries without a job (one delivery per reporter of
 * the incident). Public replies go out through the city's stored channel connections (`@otklik/channels`,
 * opened with `OTKLIK_CHANNELS_KEY`); without the key or a connection each reply fails with the reason
 * recorded. Answers how many SLA notices were announced.
 */
export async function startIncidentWorkers(args: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  logger: Logger;
  /** `OTKLIK_CHANNELS_KEY`: the key the channel connections' secrets are sealed with. */
  channelsKey?: string | undefined;
  send?: ReplySender;
  /** The SLA policy (`OTKLIK_SLA_POLICY_FILE`); unset: Abakan's default. */
  sla?: SlaSettings | undefined;
  /**
   * The evidence store: the files of erased citizen photos (queued by the erasure's transaction) are removed
   * from it now and every minute.
   */
  store?: EvidenceStore;
  /**
   * When given, the catch-up (a look at every open incident) runs in the background and this gets its
   * promise; the function answers 0 at once. A restarted worker is then ready in seconds whatever the
   * number of open incidents, while the deadlines' own jobs (durable) and the catch-up announce what fell
   * due meanwhile — each once.
   */
  onCatchUp?: (announced: Promise<number>) => void;
}): Promise<number> {
  const { db, clock, jobs, logger } = args;
  const context = { db, clock, jobs, ...(args.sla ? { sla: args.sla } : {}) };
  await workSlaDeadlines(jobs, context);
  const send =
    args.send ??
    channelsReplySender({
      db,
      clock,
      ...(args.channelsKey
        ? { keyring: { currentKeyId: "current", keys: { current: args.channelsKey } } }
        : {}),
    });
  await jobs.work<ReplyDeliveryJob>(REPLY_DELIVERY_QUEUE, async (job) => {
    const { replyId, deliveryId } = job.data;
    const state = await deliverReply(context, replyId, send, deliveryId ? { deliveryId } : {});
    logger.info({ replyId, deliveryId, state }, "incident reply delivery");
  });
  const { store } = args;
  if (store) {
    const removeErasedFiles = async () => {
      const removed = await removeQueuedMediaFiles(db, store);
      if (removed > 0) logger.info({ removed }, "erased evidence files removed from the store");
    };
    await removeErasedFiles().catch((error: Error) =>
      logger.warn({ error: error.message }, "erased evidence files: removal failed; retried in a minute"),
    );
    jobs.every("incidents.media-removal", 60_000, removeErasedFiles);
  }
  const replies = await sweepReplyDeliveries(context, jobs);
  if (replies.interrupted > 0 || replies.queued > 0)
    logger.info({ replies }, "incident reply deliveries swept");
  if (args.onCatchUp) {
    args.onCatchUp(catchUpSlaDeadlines(context));
    return 0;
  }
  return catchUpSlaDeadlines(context);
}

/**
 * The webhooks' secrets from the environment; the demo ones fill what is unset when OTKLIK_DEMO is on.
 * `jobs`: the runner the routes queue SLA deadlines and deliveries through — started in this process
 * (`OTKLIK_ROLE=all`) or only sending, for workers elsewhere (`api`); `sla`: `OTKLIK_SLA_POLICY_FILE`'s.
 */
export function incidentSettingsFromEnv(
  env: ApiEnv,
  jobs: Jobs | undefined,
  sla?: SlaSettings | undefined,
): IncidentRouteSettings {
  const demo = env.OTKLIK_DEMO ? DEMO_INCIDENT_SETTINGS : undefined;
  const vk =
    env.OTKLIK_VK_CALLBACK_SECRET && env.OTKLIK_VK_CONFIRMATION && env.OTKLIK_VK_GROUP_ID
      ? {
          groupId: env.OTKLIK_VK_GROUP_ID,
          callbackSecret: env.OTKLIK_VK_CALLBACK_SECRET,
          confirmationCode: env.OTKLIK_VK_CONFIRMATION,
        }
      : demo?.vk;
  const telegramWebhookSecret = env.OTKLIK_TELEGRAM_WEBHOOK_SECRET ?? demo?.telegramWebhookSecret;
  return {
    platformSecret: env.OTKLIK_PLATFORM_SECRET,
    ...(vk ? { vk } : {}),
    ...(telegramWebhookSecret ? { telegramWebhookSecret } : {}),
    ...(jobs ? { jobs } : {}),
    ...(sla ? { sla } : {}),
    evidenceStore: evidenceStoreFromEnv(env),
  };
}
