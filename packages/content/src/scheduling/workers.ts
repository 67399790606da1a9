import type { DeliveryReport } from "@otklik/channels";
import type { Clock } from "@otklik/core";
import { type Database, emit, type Jobs, type QueueOptions, withTransaction } from "@otklik/db";
import { systemActor } from "@otklik/identity";
import { and, eq, isNotNull } from "drizzle-orm";
import type { ContentContext } from "../context.js";
import { PublicationDeliveryFailed, PublicationPosted } from "../events.js";
import { publications, variants } from "../schema.js";
import type { SocialPlatform } from "../variants/cut-variant.js";
import { publishScheduled, unpublishScheduled } from "../workflow/transition.js";
import { CONTENT_QUEUES, jobIdFor, type PublishJob, type VariantJob } from "./job-ids.js";

/** One social post to send, as the channels layer needs it. */
export interface VariantDelivery {
  variantId: string;
  publicationId: string;
  platform: SocialPlatform;
  connectionId: string | null;
  text: string;
  imageUrls: string[];
  /** The same for every try of one attempt, across jobs and processes (channels' idempotency key). */
  idempotencyKey: string;
}

/**
 * Sends a post through a page's connection and says how it went (channels' `DeliveryReport`).
 * The API wires it to `publishThroughConnection` of @otklik/channels; tests pass a fake.
 */
export type VariantPublisher = (delivery: VariantDelivery) => Promise<DeliveryReport>;

export interface ContentWorkerOptions {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  publisher: VariantPublisher;
  /**
   * How a post's job is retried when the sender throws (default: {@link POST_VARIANT_RETRY_LIMIT}
   * retries, from 60 s, doubling). Taken when the queue is first made.
   */
  postRetry?: Pick<QueueOptions, "retryLimit" | "retryDelaySeconds" | "retryBackoff">;
}

/**
 * Retries of one post's job after the first failure (the job throws only when the sender throws;
 * a refusal is a report). On the last try a thrown error fails the post with its reason.
 */
export const POST_VARIANT_RETRY_LIMIT = 3;

const failureText = (error: unknown, tries: number): string => {
  const message = error instanceof Error ? error.message : String(error);
  return `Отправка не удалась после ${tries} попыт${tries === 1 ? "ки" : "ок"}: ${message} / Sending failed after ${tries} ${tries === 1 ? "try" : "tries"}: ${message}`;
};

/**
 * Sends one queued post and records its state: published with its URL, failed with the reason,
 * unknown. Each outcome is one conditional move out of `queued` for this attempt, and its event
 * (`content.publication_posted`, `content.publication_delivery_failed`) is written to the outbox in
 * the same transaction — so a job that runs twice, or two workers, announce it once.
 *
 * When the sender throws, the job is retried (the queue's policy); with `lastTry` (the job's last
 * retry) the post is failed with the error instead, so it never waits in `queued` for ever.
 */
export async function postVariant(
  context: Omit<ContentWorkerOptions, "jobs"> & { jobs?: ContentContext["jobs"] },
  job: VariantJob,
  options: { lastTry?: boolean; tries?: number } = {},
): Promise<void> {
  const [row] = await context.db.drizzle.select().from(variants).where(eq(variants.id, job.variantId));
  if (row?.state !== "queued" || row.attempt !== job.attempt) return;
  let report: DeliveryReport;
  try {
    report = await context.publisher({
      variantId: row.id,
      publicationId: row.publicationId,
      platform: row.platform as SocialPlatform,
      connectionId: row.connectionId,
      text: row.text,
      imageUrls: row.imageUrls,
      idempotencyKey: `content:${row.id}:${row.attempt}`,
    });
  } catch (error) {
    if (!options.lastTry) throw error;
    report = {
      state: "failed",
      error: { kind: "temporary", code: "thrown", message: failureText(error, options.tries ?? 1) },
      attempts: options.tries ?? 1,
    };
  }
  if (report.state === "retry_later") {
    // The platform asked to wait longer than a worker should: the same attempt, later.
    await context.jobs?.send(CONTENT_QUEUES.postVariant, job, {
      startAfter: report.retryAt,
      id: jobIdFor(`${CONTENT_QUEUES.postVariant}:${row.id}:${job.attempt}:${report.retryAt.toISOString()}`),
    });
    return;
  }
  const now = context.clock.now();
  const outcome = report;
  await withTransaction(context.db, async (tx) => {
    const where = and(
      eq(variants.id, row.id),
      eq(variants.attempt, job.attempt),
      eq(variants.state, "queued"),
    );
    const change =
      outcome.state === "sent"
        ? { state: "published", url: outcome.item.url ?? null, failureReason: null, updatedAt: now }
        : outcome.state === "failed"
          ? { state: "failed", failureReason: outcome.error.message, updatedAt: now }
          : {
              state: "unknown",
              failureReason:
                "Неизвестно, вышел ли пост: проверьте страницу / Unknown whether the post went out: check the page",
              updatedAt: now,
            };
    const [moved] = await tx.drizzle.update(variants).set(change).where(where).returning();
    // Another run of this job got there first: it announced the outcome.
    if (!moved) return;
    const [publication] = await tx.drizzle
      .select({ title: publications.title, live: publications.live })
      .from(publications)
      .where(eq(publications.id, moved.publicationId));
    const title =
      (publication?.live as { title?: string } | null)?.title ?? publication?.title ?? moved.publicationId;
    const common = {
      publicationId: moved.publicationId,
      variantId: moved.id,
      title,
      platform: moved.platform as SocialPlatform,
      attempt: moved.attempt,
    };
    if (moved.state === "published") {
      await emit(
        tx,
        PublicationPosted,
        { ...common, url: moved.url, postedAt: now.toISOString() },
        { clock: context.clock },
      );
    } else {
      await emit(
        tx,
        PublicationDeliveryFailed,
        {
          ...common,
          state: moved.state as "failed" | "unknown",
          error: moved.failureReason || "—",
          failedAt: now.toISOString(),
        },
        { clock: context.clock },
      );
    }
  });
}

/**
 * Queues every piece of scheduled work the database holds (publications to publish or take down,
 * posts to send). Job ids derive from the work, so what is queued already is not queued twice;
 * and the handlers check the state, so a job that fires again changes nothing.
 */
export async function reconcileScheduledWork(options: { db: Database; jobs: Jobs }): Promise<number> {
  const { db, jobs } = options;
  let sent = 0;
  const scheduled = await db.drizzle
    .select({ id: publications.id, publishAt: publications.publishAt })
    .from(publications)
    .where(and(eq(publications.state, "scheduled"), isNotNull(publications.publishAt)));
  for (const row of scheduled) {
    const job: PublishJob = { publicationId: row.id, at: row.publishAt!.toISOString() };
    const id = await jobs.send(CONTENT_QUEUES.publish, job, {
      startAfter: row.publishAt!,
      id: jobIdFor(`${CONTENT_QUEUES.publish}:${job.publicationId}:${job.at}`),
    });
    if (id) sent++;
  }
  const ending = await db.drizzle
    .select({ id: publications.id, unpublishAt: publications.unpublishAt })
    .from(publications)
    .where(and(isNotNull(publications.live), isNotNull(publications.unpublishAt)));
  for (const row of ending) {
    const job: PublishJob = { publicationId: row.id, at: row.unpublishAt!.toISOString() };
    const id = await jobs.send(CONTENT_QUEUES.unpublish, job, {
      startAfter: row.unpublishAt!,
      id: jobIdFor(`${CONTENT_QUEUES.unpublish}:${job.publicationId}:${job.at}`),
    });
    if (id) sent++;
  }
  const queued = await db.drizzle.select().from(variants).where(eq(variants.state, "queued"));
  for (const row of queued) {
    const id = await jobs.send(
      CONTENT_QUEUES.postVariant,
      { variantId: row.id, attempt: row.attempt } satisfies VariantJob,
      {
        ...(row.postAt ? { startAfter: row.postAt } : {}),
        id: jobIdFor(`${CONTENT_QUEUES.postVariant}:${row.id}:${row.attempt}`),
      },
    );
    if (id) sent++;
  }
  return sent;
}

/**
 * Starts content's workers on a started jobs runner: scheduled publishing and unpublishing, and
 * posting to the social pages. Then queues whatever the database holds that is not queued yet
 * (work saved while no runner was up). Answers how many jobs that reconciliation queued.
 */
export async function startContentWorkers(options: ContentWorkerOptions): Promise<number> {
  const { db, clock, jobs } = options;
  const context: ContentContext = { db, clock, actor: systemActor("content.schedule"), jobs };
  // The lease: a job left active by a killed worker runs again once it expires (pg-boss's default is
  // 15 min). Publishing is a few statements (2 min); a post waits for the platform's rate limits and
  // timeouts, and photo uploads (5 min). The handlers are safe to run twice (states are checked, posts
  // keep their idempotency keys), so a lease that ran out on a slow but living worker harms nothing.
  const scheduled = { retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: 120 };
  await jobs.createQueue(CONTENT_QUEUES.publish, scheduled);
  await jobs.createQueue(CONTENT_QUEUES.unpublish, scheduled);
  const postRetry = {
    retryLimit: POST_VARIANT_RETRY_LIMIT,
    retryDelaySeconds: 60,
    retryBackoff: true,
    expireInSeconds: 300,
    ...options.postRetry,
  };
  await jobs.createQueue(CONTENT_QUEUES.postVariant, postRetry);
  await jobs.work<PublishJob>(CONTENT_QUEUES.publish, async (job) => {
    await publishScheduled(context, job.data);
  });
  await jobs.work<PublishJob>(CONTENT_QUEUES.unpublish, async (job) => {
    await unpublishScheduled(context, job.data);
  });
  await jobs.work<VariantJob>(CONTENT_QUEUES.postVariant, async (job) => {
    await postVariant({ ...options }, job.data, {
      lastTry: job.retryCount >= postRetry.retryLimit,
      tries: job.retryCount + 1,
    });
  });
  return reconcileScheduledWork({ db, jobs });
}
