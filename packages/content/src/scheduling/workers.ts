import type { DeliveryReport } from "@otklik/channels";
import type { Clock } from "@otklik/core";
import type { Database, Jobs } from "@otklik/db";
import { systemActor } from "@otklik/identity";
import { and, eq, isNotNull } from "drizzle-orm";
import type { ContentContext } from "../context.js";
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
}

/** Sends one queued post and records its state: published with its URL, failed with the reason, unknown. */
export async function postVariant(
  context: Omit<ContentWorkerOptions, "jobs"> & { jobs?: ContentContext["jobs"] },
  job: VariantJob,
): Promise<void> {
  const [row] = await context.db.drizzle.select().from(variants).where(eq(variants.id, job.variantId));
  if (row?.state !== "queued" || row.attempt !== job.attempt) return;
  const report = await context.publisher({
    variantId: row.id,
    publicationId: row.publicationId,
    platform: row.platform as SocialPlatform,
    connectionId: row.connectionId,
    text: row.text,
    imageUrls: row.imageUrls,
    idempotencyKey: `content:${row.id}:${row.attempt}`,
  });
  const now = context.clock.now();
  const where = and(eq(variants.id, row.id), eq(variants.attempt, job.attempt), eq(variants.state, "queued"));
  switch (report.state) {
    case "sent":
      await context.db.drizzle
        .update(variants)
        .set({ state: "published", url: report.item.url ?? null, failureReason: null, updatedAt: now })
        .where(where);
      return;
    case "failed":
      await context.db.drizzle
        .update(variants)
        .set({ state: "failed", failureReason: report.error.message, updatedAt: now })
        .where(where);
      return;
    case "unknown":
      await context.db.drizzle
        .update(variants)
        .set({
          state: "unknown",
          failureReason: "Неизвестно, вышел ли пост / Unknown whether the post went out",
          updatedAt: now,
        })
        .where(where);
      return;
    case "retry_later":
      // The platform asked to wait longer than a worker should: the same attempt, later.
      await context.jobs?.send(CONTENT_QUEUES.postVariant, job, {
        startAfter: report.retryAt,
        id: jobIdFor(
          `${CONTENT_QUEUES.postVariant}:${row.id}:${job.attempt}:${report.retryAt.toISOString()}`,
        ),
      });
  }
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
  await jobs.createQueue(CONTENT_QUEUES.publish, { retryLimit: 5, retryDelaySeconds: 30 });
  await jobs.createQueue(CONTENT_QUEUES.unpublish, { retryLimit: 5, retryDelaySeconds: 30 });
  await jobs.createQueue(CONTENT_QUEUES.postVariant, {
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
  });
  await jobs.work<PublishJob>(CONTENT_QUEUES.publish, async (job) => {
    await publishScheduled(context, job.data);
  });
  await jobs.work<PublishJob>(CONTENT_QUEUES.unpublish, async (job) => {
    await unpublishScheduled(context, job.data);
  });
  await jobs.work<VariantJob>(CONTENT_QUEUES.postVariant, async (job) => {
    await postVariant({ ...options }, job.data);
  });
  return reconcileScheduledWork({ db, jobs });
}
