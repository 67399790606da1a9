import { IsoDate, NonEmptyText } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { z } from "zod";
import { PublicationType } from "../publication/publication-types.js";
import { parseInput } from "../storage/parse-input.js";

export const SearchQuery = z.object({
  q: NonEmptyText.max(200),
  type: PublicationType.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.input<typeof SearchQuery>;

export const SearchHit = z.object({
  id: z.string(),
  type: PublicationType,
  slug: z.string(),
  title: z.string(),
  /** A fragment with the matching words in `<mark>`; everything else HTML-escaped. */
  snippet: z.string(),
  publishedAt: z.string(),
  rank: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

const OPEN = "\u0002";
const CLOSE = "\u0003";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** ts_headline marks with control characters, so the text around them can be escaped safely. */
function snippetHtml(headline: string): string {
  return escapeHtml(headline.replaceAll(OPEN, "\u0000o").replaceAll(CLOSE, "\u0000c"))
    .replaceAll("\u0000o", "<mark>")
    .replaceAll("\u0000c", "</mark>");
}

/**
 * Searches what is on the site: Russian morphology (`russian` configuration: «яма дорога» finds
 * «ямы на дорогах»), titles weighted above text, and trigram similarity of titles for typos.
 */
export async function searchPublications(
  context: { db: Executor },
  query: SearchQuery,
): Promise<SearchHit[]> {
  const { q, type, from, to, limit } = parseInput(SearchQuery, query);
  const rows = await context.db.query<{
    id: string;
    type: string;
    slug: string;
    title: string;
    headline: string;
    published_at: Date;
    rank: number;
  }>(
    `WITH query AS (SELECT websearch_to_tsquery('russian', $1) AS tsq)
     SELECT p.id, p.type, p.slug, p.search_title AS title,
            ts_headline('russian', coalesce(p.search_text, ''), query.tsq,
              'StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "') AS headline,
            p.published_at,
            (ts_rank_cd(p.search_vector, query.tsq) + similarity(p.search_title, $1))::float8 AS rank
       FROM content_publications p, query
      WHERE p.live IS NOT NULL
        AND (p.search_vector @@ query.tsq OR p.search_title % $1 OR $1 <% p.search_title)
        AND ($2::text IS NULL OR p.type = $2)
        AND ($3::date IS NULL OR p.published_at >= $3::date)
        AND ($4::date IS NULL OR p.published_at < $4::date + 1)
      ORDER BY rank DESC, p.published_at DESC
      LIMIT $5`,
    [q, type ?? null, from ?? null, to ?? null, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type as SearchHit["type"],
    slug: row.slug,
    title: row.title,
    snippet: snippetHtml(row.headline),
    publishedAt: row.published_at.toISOString(),
    rank: Number(row.rank),
  }));
}
