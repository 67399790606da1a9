import type { Clock } from "@otklik/core";
import type { Database, Jobs } from "@otklik/db";
import {
  catchUpSlaDeadlines,
  deliverReply,
  REPLY_DELIVERY_QUEUE,
  type ReplySender,
  workSlaDeadlines,
} from "@otklik/incidents";
import type { Logger } from "pino";
import type { ApiEnv } from "../config/env.js";
import { DEMO_INCIDENT_SETTINGS, type IncidentRouteSettings } from "../routes/incidents/register.js";

/** Why a reply was not delivered while no channel connection is wired to the desk. */
export const NO_CONNECTION_REASON =
  "Подключение к каналу не настроено / No connection configured for this channel";

/**
 * The reply sender for now: the desk has no stored channel connection to answer through, so every
 * reply fails honestly with the reason recorded — never a pretended delivery.
 */
export function noConnectionSender(db: Database): ReplySender {
  return async (reply) => {
    await db.query("UPDATE incident_replies SET delivery_error = $2 WHERE id = $1", [
      reply.replyId,
      NO_CONNECTION_REASON,
    ]);
    return "failed";
  };
}

/**
 * Registers the incident desk's workers (SLA deadlines, reply delivery) on started `jobs` and
 * announces the deadlines that passed while nothing ran. Answers how many were announced.
 */
export async function startIncidentWorkers(args: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  logger: Logger;
  send?: ReplySender;
}): Promise<number> {
  const { db, clock, jobs, logger } = args;
  const context = { db, clock };
  await workSlaDeadlines(jobs, context);
  const send = args.send ?? noConnectionSender(db);
  await jobs.work<{ replyId: string }>(REPLY_DELIVERY_QUEUE, async (job) => {
    const state = await deliverReply(context, job.data.replyId, send);
    logger.info({ replyId: job.data.replyId, state }, "incident reply delivery");
  });
  return catchUpSlaDeadlines(context);
}

/** The webhooks' secrets from the environment; the demo ones fill what is unset when OTKLIK_DEMO is on. */
export function incidentSettingsFromEnv(env: ApiEnv, jobs: Jobs | undefined): IncidentRouteSettings {
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
    ...(jobs?.started ? { jobs } : {}),
  };
}
