import { decodeCursor, encodeCursor, notFound, type Page, Pagination } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { requirePermission } from "@otklik/identity";
import { and, desc, eq, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { publications, publishers } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { loadPublication, toPublication } from "../storage/publication-record.js";
import { renderMarkdown } from "../text/markdown.js";
import { PublicationState } from "../workflow/workflow.js";
import type { Publication, PublicationSnapshot, PublicPublication } from "./publication.js";
import { PublicationType } from "./publication-types.js";

/** Which publications to list (staff). */
export const PublicationQuery = Pagination.extend({
  type: PublicationType.optional(),
  state: PublicationState.optional(),
  publisherId: z.string().min(1).max(64).optional(),
});
export type PublicationQuery = z.input<typeof PublicationQuery>;

/** Which live publications to list (the site). */
export const PublicPublicationQuery = Pagination.extend({
  type: PublicationType.optional(),
  publisherId: z.string().min(1).max(64).optional(),
  tag: z.string().min(1).max(60).optional(),
});
export type PublicPublicationQuery = z.input<typeof PublicPublicationQuery>;

function afterCursor(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const position = decodeCursor(cursor);
  return typeof position?.id === "string" ? lt(publications.id, position.id) : eq(publications.id, "");
}

/** One publication as staff see it. */
export async function getPublication(context: ContentContext, id: string): Promise<Publication> {
  requirePermission(context.actor, "publication:edit");
  return toPublication(await loadPublication(context.db, id));
}

/** Publications, newest first, by type, state and publisher. */
export async function listPublications(
  context: ContentContext,
  query: PublicationQuery = {},
): Promise<Page<Publication>> {
  requirePermission(context.actor, "publication:edit");
  const { limit, cursor, type, state, publisherId } = parseInput(PublicationQuery, query);
  const rows = await context.db.drizzle
    .select()
    .from(publications)
    .where(
      and(
        type ? eq(publications.type, type) : undefined,
        state ? eq(publications.state, state) : undefined,
        publisherId ? eq(publications.publisherId, publisherId) : undefined,
        afterCursor(cursor),
      ),
    )
    .orderBy(desc(publications.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(toPublication);
  return { items, nextCursor: rows.length > limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
}

type LiveRow = { row: typeof publications.$inferSelect; publisherName: string };

function toPublic({ row, publisherName }: LiveRow): PublicPublication {
  const live = row.live as PublicationSnapshot;
  return {
    id: row.id,
    type: row.type as PublicPublication["type"],
    slug: row.slug,
    title: live.title,
    summary: live.summary,
    bodyHtml: renderMarkdown(live.body),
    cover: live.cover,
    tags: live.tags,
    attachments: live.attachments,
    fields: live.fields,
    publisher: { id: row.publisherId, name: publisherName },
    publishedAt: row.publishedAt!.toISOString(),
    firstPublishedAt: (row.firstPublishedAt ?? row.publishedAt)!.toISOString(),
  };
}

async function selectLive(db: Executor, where: SQL | undefined, limit: number): Promise<LiveRow[]> {
  return db.drizzle
    .select({ row: publications, publisherName: publishers.name })
    .from(publications)
    .innerJoin(publishers, eq(publishers.id, publications.publisherId))
    .where(and(isNotNull(publications.live), where))
    .orderBy(desc(publications.id))
    .limit(limit);
}

/** What the site lists: live publications, newest first. Anyone may read them. */
export async function listPublicPublications(
  context: Pick<ContentContext, "db">,
  query: PublicPublicationQuery = {},
): Promise<Page<PublicPublication>> {
  const { limit, cursor, type, publisherId, tag } = parseInput(PublicPublicationQuery, query);
  const rows = await selectLive(
    context.db,
    and(
      type ? eq(publications.type, type) : undefined,
      publisherId ? eq(publications.publisherId, publisherId) : undefined,
      tag ? sql`(${publications.live} -> 'tags') @> jsonb_build_array(${tag}::text)` : undefined,
      afterCursor(cursor),
    ),
    limit + 1,
  );
  const items = rows.slice(0, limit).map(toPublic);
  return { items, nextCursor: rows.length > limit ? encodeCursor({ id: rows[limit - 1]!.row.id }) : null };
}

/** One live publication by its address (or by its id). */
export async function getPublicPublication(
  context: Pick<ContentContext, "db">,
  slugOrId: string,
): Promise<PublicPublication> {
  const [row] = await selectLive(
    context.db,
    or(eq(publications.slug, slugOrId), eq(publications.id, slugOrId)),
    1,
  );
  if (!row) throw notFound(`Публикация / Publication ${slugOrId}`);
  return toPublic(row);
}

/** Every live publication (for feeds and the sitemap), newest first. */
export async function listLivePublications(
  db: Executor,
  options: { type?: string; limit: number },
): Promise<PublicPublication[]> {
  const rows = await selectLive(
    db,
    options.type ? eq(publications.type, options.type) : undefined,
    options.limit,
  );
  return rows.map(toPublic);
}
