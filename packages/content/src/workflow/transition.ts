import { IsoInstant, OtklikError } from "@otklik/core";
import { emit, type Transaction, withTransaction } from "@otklik/db";
import { recordAudit, requirePermission } from "@otklik/identity";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { PublicationPublished } from "../events.js";
import type { Publication } from "../publication/publication.js";
import { CONTENT_QUEUES, jobIdFor, type PublishJob, type VariantJob } from "../scheduling/job-ids.js";
import { publications, variants } from "../schema.js";
import { searchableText, updateSearchWords } from "../search/search-words.js";
import { parseInput } from "../storage/parse-input.js";
import {
  loadPublication,
  type PublicationRow,
  snapshotOf,
  toPublication,
} from "../storage/publication-record.js";
import { markdownToPlainText } from "../text/markdown.js";
import { nextState, type PublicationState, WORKFLOW, type WorkflowVerb } from "./workflow.js";

/** When to publish, and optionally when to take the publication down again. */
export const ScheduleInput = z
  .object({ publishAt: IsoInstant, unpublishAt: IsoInstant.optional() })
  .refine((input) => !input.unpublishAt || input.unpublishAt > input.publishAt, {
    error: "Снятие позже публикации / Unpublishing must come after publishing",
    path: ["unpublishAt"],
  });
export type ScheduleInput = z.input<typeof ScheduleInput>;

/** Optional settings of publishing now. */
export const PublishInput = z.object({ unpublishAt: IsoInstant.optional() }).default({});
export type PublishInput = z.input<typeof PublishInput>;

async function move(
  context: ContentContext,
  id: string,
  verb: WorkflowVerb,
  apply: (
    tx: Transaction,
    row: PublicationRow,
    to: PublicationState,
  ) => Promise<Partial<typeof publications.$inferInsert>>,
): Promise<Publication> {
  return withTransaction(context.db, async (tx) => {
    const current = await loadPublication(tx, id, true);
    const to = nextState(context.actor, current.state as PublicationState, verb);
    const set = await apply(tx, current, to);
    const [row] = await tx.drizzle
      .update(publications)
      .set({ ...set, state: to, updatedAt: context.clock.now() })
      .where(eq(publications.id, id))
      .returning();
    await recordAudit(tx, context, {
      action: `publication.${verb}`,
      objectType: "publication",
      objectId: id,
      before: { state: current.state },
      after: { state: to, revision: row!.revision },
    });
    return toPublication(row!);
  });
}

const nothing = async () => ({});

/** Sends the draft (or a changed text) for review. */
export function submitPublication(context: ContentContext, id: string): Promise<Publication> {
  return move(context, id, "submit", nothing);
}

/** Approves the text under review for publishing. */
export function approvePublication(context: ContentContext, id: string): Promise<Publication> {
  return move(context, id, "approve", nothing);
}

/** Sends a text back to draft (from review, approved or scheduled). */
export function returnPublication(context: ContentContext, id: string): Promise<Publication> {
  return move(context, id, "return", async () => ({ publishAt: null }));
}

/** Schedules an approved publication; a durable job publishes it at `publishAt`, once. */
export async function schedulePublication(
  context: ContentContext,
  id: string,
  input: ScheduleInput,
): Promise<Publication> {
  const { publishAt, unpublishAt } = parseInput(ScheduleInput, input);
  return move(context, id, "schedule", async (tx) => {
    if (publishAt <= context.clock.now()) {
      throw new OtklikError(
        "validation_failed",
        "Время публикации уже прошло / The time to publish has passed",
        {
          details: [{ path: ["publishAt"], message: "must be in the future" }],
        },
      );
    }
    await sendPublishJob(
      context,
      tx,
      { publicationId: id, at: publishAt.toISOString() },
      CONTENT_QUEUES.publish,
    );
    return { publishAt, unpublishAt: unpublishAt ?? null };
  });
}

/** Puts the approved text on the site now and queues its social posts. */
export async function publishPublication(
  context: ContentContext,
  id: string,
  input: PublishInput = {},
): Promise<Publication> {
  const { unpublishAt } = parseInput(PublishInput, input);
  return move(context, id, "publish", (tx, row) => goLive(context, tx, row, unpublishAt ?? row.unpublishAt));
}

/** Takes a publication off the site (its history stays). */
export async function unpublishPublication(context: ContentContext, id: string): Promise<Publication> {
  return withTransaction(context.db, async (tx) => {
    const current = await loadPublication(tx, id, true);
    if (current.live === null || current.state === "published") {
      return move({ ...context, db: tx }, id, "unpublish", (tx, row) => offline(tx, row));
    }
    // The live version of an item under review again after an edit: it leaves the site, and the
    // changed text stays where it is in the workflow.
    requirePermission(context.actor, WORKFLOW.unpublish.permission);
    await updateSearchWords(tx, searchableText(current.searchTitle, current.searchText), null);
    const [row] = await tx.drizzle
      .update(publications)
      .set({
        live: null,
        liveRevision: null,
        searchTitle: null,
        searchText: null,
        unpublishAt: null,
        updatedAt: context.clock.now(),
      })
      .where(eq(publications.id, id))
      .returning();
    await recordAudit(tx, context, {
      action: "publication.unpublish",
      objectType: "publication",
      objectId: id,
      before: { state: current.state, liveRevision: current.liveRevision },
      after: { state: row!.state, liveRevision: null },
    });
    return toPublication(row!);
  });
}

/** Archives a publication: off the site, read-only. */
export function archivePublication(context: ContentContext, id: string): Promise<Publication> {
  return move(context, id, "archive", (tx, row) => offline(tx, row));
}

/** What leaving the site writes; its words leave the search dictionary. */
const offline = async (tx: Transaction, row: PublicationRow) => {
  await updateSearchWords(tx, searchableText(row.searchTitle, row.searchText), null);
  return offlineFields;
};

const offlineFields = {
  live: null,
  liveRevision: null,
  searchTitle: null,
  searchText: null,
  publishAt: null,
  unpublishAt: null,
};

async function sendPublishJob(
  context: ContentContext,
  tx: Transaction,
  job: PublishJob,
  queue: string,
): Promise<void> {
  if (!context.jobs) return; // the workers' reconciliation queues it when they start
  await context.jobs.send(queue, job, {
    tx,
    startAfter: new Date(job.at),
    id: jobIdFor(`${queue}:${job.publicationId}:${job.at}`),
  });
}

/** Queues one delivery of a variant (a retry is a new attempt with its own idempotency key). */
export async function sendVariantJob(
  context: ContentContext,
  tx: Transaction,
  job: VariantJob,
  startAfter: Date | null,
): Promise<void> {
  if (!context.jobs) return;
  await context.jobs.send(CONTENT_QUEUES.postVariant, job, {
    tx,
    ...(startAfter ? { startAfter } : {}),
    id: jobIdFor(`${CONTENT_QUEUES.postVariant}:${job.variantId}:${job.attempt}`),
  });
}

/** What publishing writes: the live snapshot, the search text, the stamps, and queued social posts. */
async function goLive(
  context: ContentContext,
  tx: Transaction,
  row: PublicationRow,
  unpublishAt: Date | null,
): Promise<Partial<typeof publications.$inferInsert>> {
  const now = context.clock.now();
  if (unpublishAt && unpublishAt <= now) {
    throw new OtklikError("validation_failed", "Время снятия уже прошло / The time to unpublish has passed", {
      details: [{ path: ["unpublishAt"], message: "must be in the future" }],
    });
  }
  if (unpublishAt) {
    await sendPublishJob(
      context,
      tx,
      { publicationId: row.id, at: unpublishAt.toISOString() },
      CONTENT_QUEUES.unpublish,
    );
  }
  const pending = await tx.drizzle
    .update(variants)
    .set({ state: "queued", attempt: 1, updatedAt: now })
    .where(and(eq(variants.publicationId, row.id), eq(variants.state, "draft")))
    .returning();
  for (const variant of pending) {
    await sendVariantJob(context, tx, { variantId: variant.id, attempt: variant.attempt }, variant.postAt);
  }
  await emit(
    tx,
    PublicationPublished,
    {
      publicationId: row.id,
      type: row.type,
      slug: row.slug,
      title: row.title,
      publishedAt: now.toISOString(),
    },
    { clock: context.clock },
  );
  const snapshot = snapshotOf(row);
  const searchText = [snapshot.summary, markdownToPlainText(snapshot.body), snapshot.tags.join(" ")]
    .filter((part) => part.length > 0)
    .join("\n");
  await updateSearchWords(
    tx,
    searchableText(row.searchTitle, row.searchText),
    searchableText(snapshot.title, searchText),
  );
  return {
    live: snapshot,
    liveRevision: row.revision,
    publishedAt: now,
    firstPublishedAt: row.firstPublishedAt ?? now,
    publishAt: null,
    unpublishAt,
    searchTitle: snapshot.title,
    searchText,
  };
}

/**
 * The scheduled publishing job: publishes when the publication is still scheduled for exactly
 * this instant, so a job that fires twice, late, or for an older schedule changes nothing.
 * Answers whether it published.
 */
export async function publishScheduled(context: ContentContext, job: PublishJob): Promise<boolean> {
  return withTransaction(context.db, async (tx) => {
    const row = await loadPublication(tx, job.publicationId, true).catch(() => undefined);
    if (row?.state !== "scheduled" || row.publishAt?.toISOString() !== job.at) return false;
    if (row.unpublishAt && row.unpublishAt <= context.clock.now()) {
      // The whole window passed while nothing ran: it is not published late; an editor decides.
      await tx.drizzle
        .update(publications)
        .set({ state: "approved", publishAt: null, unpublishAt: null, updatedAt: context.clock.now() })
        .where(eq(publications.id, row.id));
      await recordAudit(tx, context, {
        action: "publication.schedule_missed",
        objectType: "publication",
        objectId: row.id,
        before: { state: "scheduled" },
        after: { state: "approved" },
      });
      return false;
    }
    await publishPublication({ ...context, db: tx }, row.id);
    return true;
  });
}

/** The scheduled unpublishing job: takes the item down when it is still live with this end time. */
export async function unpublishScheduled(context: ContentContext, job: PublishJob): Promise<boolean> {
  return withTransaction(context.db, async (tx) => {
    const row = await loadPublication(tx, job.publicationId, true).catch(() => undefined);
    if (!row || row.live === null || row.unpublishAt?.toISOString() !== job.at) return false;
    // Also when under review again after an edit: the live version goes down on time.
    await unpublishPublication({ ...context, db: tx }, row.id);
    return true;
  });
}
