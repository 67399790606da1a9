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
 * The page of matches for one condition, ranked, with headlines built for the page only (they
 * are the costly part). Parameters: $1 query text, $2 type, $3 from, $4 to, $5 limit, $6 ids to skip.
 */
function pageQuery(condition: string, rank: string): string {
  return `WITH query AS (SELECT websearch_to_tsquery('russian', $1) AS tsq),
     page AS (
       SELECT p.id, (${rank})::float8 AS rank
         FROM content_publications p, query
        WHERE p.live IS NOT NULL
          AND ${condition}
          AND ($2::text IS NULL OR p.type = $2)
          AND ($3::date IS NULL OR p.published_at >= $3::date)
          AND ($4::date IS NULL OR p.published_at < $4::date + 1)
          AND NOT (p.id = ANY($6::text[]))
        ORDER BY rank DESC, p.published_at DESC
        LIMIT $5)
     SELECT p.id, p.type, p.slug, p.search_title AS title,
            ts_headline('russian', coalesce(p.search_text, ''), query.tsq,
              'StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "') AS headline,
            p.published_at, page.rank
       FROM page JOIN content_publications p ON p.id = page.id, query
      ORDER BY page.rank DESC, p.published_at DESC`;
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
  type Row = {
    id: string;
    type: string;
    slug: string;
    title: string;
    headline: string;
    published_at: Date;
    rank: number;
  };
  const filters = [type ?? null, from ?? null, to ?? null];
  // Words first (the GIN index on the tsvector); titles by trigrams only when words found too few,
  // which is what a typo looks like. One OR of both would scan every row.
  const byWords = await context.db.query<Row>(
    pageQuery("p.search_vector @@ query.tsq", "ts_rank_cd(p.search_vector, query.tsq)"),
    [q, ...filters, limit, []],
  );
  const rows =
    byWords.length >= limit
      ? byWords
      : [
          ...byWords,
          ...(await context.db.query<Row>(
            pageQuery("$1 <% p.search_title", "word_similarity($1, p.search_title)"),
            [q, ...filters, limit - byWords.length, byWords.map((row) => row.id)],
          )),
        ];
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
