import { type Clock, IsoDate, NonEmptyText, systemClock } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { z } from "zod";
import { PublicationType } from "../publication/publication-types.js";
import { parseInput } from "../storage/parse-input.js";
import { correctSearchQuery } from "./search-words.js";

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

/** How many of the newest matches are ranked by relevance (see {@link searchPublications}). */
export const RANKED_CANDIDATES = 300;
/** The first window of publication dates, in days back; later ones are sized from what it found. */
const FIRST_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** What a search answers: the hits, best first, and the query actually run when words were corrected. */
export const SearchResults = z.object({
  items: z.array(SearchHit),
  /** The query with misspelt words corrected («концэрт» → «концерт»), when it was; else null. */
  correctedQuery: z.string().nullable(),
});
export type SearchResults = z.infer<typeof SearchResults>;

/** What is on the site of the type and dates asked for: $2 type, $3 from, $4 to. */
const FILTERS = `p.live IS NOT NULL
   AND ($2::text IS NULL OR p.type = $2)
   AND ($3::date IS NULL OR p.published_at >= $3::date)
   AND ($4::date IS NULL OR p.published_at < $4::date + 1)`;
/** The text search, as `websearch_to_tsquery('russian', $1)` so the planner sees its words. */
const MATCHES = "p.search_vector @@ websearch_to_tsquery('russian', $1)";
const RANK = "ts_rank_cd(p.search_vector, websearch_to_tsquery('russian', $1))::float8";

/**
 * The first window: the newest `$5` matches published since `$7` ($6 is null here), ranked (only
 * they are). The planner picks the date index (a common word: the newest rows tested one by one
 * until there are enough, the cheapest way), the GIN index, or both (BitmapAnd); the window's
 * width bounds what a wrong pick reads.
 */
const RECENT = `SELECT p.id, ${RANK} AS rank, p.published_at
  FROM content_publications p
 WHERE ${FILTERS}
   AND ${MATCHES}
   AND ($6::timestamptz IS NULL OR p.published_at < $6::timestamptz)
   AND p.published_at >= $7::timestamptz
 ORDER BY p.published_at DESC NULLS LAST
 LIMIT $5`;

/**
 * A later window, and every window of a typed search: the newest `$5` matches published before `$6`
 * and since `$7` (either null: no bound). Every match of the window is found first (the GIN index,
 * with the date index when the window is narrow), then ordered, and only the newest are ranked.
 * Not `ORDER BY … LIMIT` over the table: the planner prices the text test of a row as cheaply as
 * comparing two numbers and, for words on different subjects, expects far more matches than there
 * are, so it would walk the date index through the whole window expecting the newest matches soon
 * (0.7 s seen for «вывозят управления», 272 matches in 100,000; with a type, 3 s).
 * Live publications always have `published_at`.
 */
const OLDER = `WITH matches AS MATERIALIZED (
       SELECT p.id, p.search_vector, p.published_at FROM content_publications p
        WHERE ${FILTERS}
          AND ${MATCHES}
          AND ($6::timestamptz IS NULL OR p.published_at < $6::timestamptz)
          AND ($7::timestamptz IS NULL OR p.published_at >= $7::timestamptz)),
     newest AS (SELECT * FROM matches ORDER BY published_at DESC NULLS LAST LIMIT $5)
SELECT id, ts_rank_cd(search_vector, websearch_to_tsquery('russian', $1))::float8 AS rank, published_at
  FROM newest`;

/** Headlines for the page only: they are the costly part. $1 query, $2 ids. */
const HEADLINES = `SELECT p.id, p.type, p.slug, p.search_title AS title,
       ts_headline('russian', coalesce(p.search_text, ''), websearch_to_tsquery('russian', $1),
         'StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "') AS headline
  FROM content_publications p
 WHERE p.id = ANY($2::text[])`;

type Candidate = { id: string; rank: number; published_at: Date };

/**
 * Searches what is on the site: Russian morphology (`russian` configuration: «яма дорога» finds
 * «ямы на дорогах»), titles weighted above text, misspelt words corrected from the site's own
 * dictionary («концэрт в парке» runs as «концерт в парке», said in `correctedQuery`).
 *
 * Ranking is by relevance (`ts_rank_cd`, then the newest) among the newest `RANKED_CANDIDATES`
 * matches: a query that matches more (a word on every other page) is answered from the recent
 * ones, and dates narrow it. They are looked for in a window of the last 30 days first and, when
 * it holds fewer, in the days before it — a window sized from how many the first held (twice what
 * is still needed at that rate), then all the rest. The windows do not overlap: each asks only for
 * what is still missing, so no row is read twice, and the database reads about as many rows as it
 * ranks, however common the words.
 */
export async function searchPublications(
  context: { db: Executor; clock?: Clock },
  query: SearchQuery,
): Promise<SearchResults> {
  const { q, type, from, to, limit } = parseInput(SearchQuery, query);
  const correctedQuery = await correctSearchQuery(context.db, q);
  const text = correctedQuery ?? q;
  const filters = [text, type ?? null, from ?? null, to ?? null];
  // Windows end where the dates asked for end: a search of 2024 starts from the end of 2024.
  const end = Math.min(
    (context.clock ?? systemClock).now().getTime(),
    to ? Date.parse(`${to}T00:00:00Z`) + DAY_MS : Number.POSITIVE_INFINITY,
  );
  const start = from ? Date.parse(`${from}T00:00:00Z`) : Number.NEGATIVE_INFINITY;
  const candidates: Candidate[] = [];
  let upper: number | null = null;
  let since: number | null = end - FIRST_WINDOW_DAYS * DAY_MS;
  for (;;) {
    if (since !== null && since <= start) since = null; // the dates asked for are narrower
    const first = upper === null;
    const found = await context.db.query<Candidate>(first && !type && since !== null ? RECENT : OLDER, [
      ...filters,
      RANKED_CANDIDATES - candidates.length,
      upper === null ? null : new Date(upper),
      since === null ? null : new Date(since),
    ]);
    candidates.push(...found);
    if (candidates.length >= RANKED_CANDIDATES || since === null) break;
    // Found n in the days since `end`: the missing (300 − n) are in about (300 − n) / n times as
    // many days before; the next window is twice that, and past a year it is all the rest. No
    // wider: in a narrow window the planner tests each of its rows rather than ask the GIN index.
    const days: number = (end - since) / DAY_MS;
    const missing = RANKED_CANDIDATES - candidates.length;
    const next: number = (2 * missing * days) / Math.max(candidates.length, 1);
    upper = since;
    since = days + next >= 365 ? null : since - next * DAY_MS;
  }
  const page = candidates
    .sort(
      (left, right) =>
        right.rank - left.rank ||
        right.published_at.getTime() - left.published_at.getTime() ||
        left.id.localeCompare(right.id),
    )
    .slice(0, limit);
  if (page.length === 0) return { items: [], correctedQuery };
  type Row = { id: string; type: string; slug: string; title: string; headline: string };
  const rows = new Map(
    (await context.db.query<Row>(HEADLINES, [text, page.map((hit) => hit.id)])).map((row) => [row.id, row]),
  );
  return {
    items: page.map((hit) => {
      const row = rows.get(hit.id)!;
      return {
        id: hit.id,
        type: row.type as SearchHit["type"],
        slug: row.slug,
        title: row.title,
        snippet: snippetHtml(row.headline),
        publishedAt: hit.published_at.toISOString(),
        rank: hit.rank,
      };
    }),
    correctedQuery,
  };
}
