import { notFound } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { eq } from "drizzle-orm";
import type { Publication, PublicationSnapshot } from "../publication/publication.js";
import type { Attachment, CoverImage, PublicationType } from "../publication/publication-types.js";
import { publications } from "../schema.js";
import type { PublicationState } from "../workflow/workflow.js";

export type PublicationRow = typeof publications.$inferSelect;

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

/** A row as the service answers it. */
export function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    type: row.type as PublicationType,
    state: row.state as PublicationState,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: row.body,
    cover: (row.cover as CoverImage | null) ?? null,
    tags: row.tags,
    attachments: row.attachments as Attachment[],
    fields: row.fields,
    publisherId: row.publisherId,
    revision: row.revision,
    liveRevision: row.liveRevision,
    publishAt: iso(row.publishAt),
    unpublishAt: iso(row.unpublishAt),
    publishedAt: iso(row.publishedAt),
    firstPublishedAt: iso(row.firstPublishedAt),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The editable content of a row, as a revision stores it. */
export function snapshotOf(row: PublicationRow): PublicationSnapshot {
  return {
    title: row.title,
    summary: row.summary,
    body: row.body,
    cover: (row.cover as CoverImage | null) ?? null,
    tags: row.tags,
    attachments: row.attachments as Attachment[],
    fields: row.fields,
    publisherId: row.publisherId,
    slug: row.slug,
  };
}

/** Loads a publication, locking it for the transaction when `forUpdate`; `not_found` when missing. */
export async function loadPublication(db: Executor, id: string, forUpdate = false): Promise<PublicationRow> {
  const query = db.drizzle.select().from(publications).where(eq(publications.id, id));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound(`Публикация / Publication ${id}`);
  return row;
}
