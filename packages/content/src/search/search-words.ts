import type { Executor } from "@otklik/db";

/**
 * The dictionary of the site's words (`content_search_words`), the PostgreSQL "did you mean"
 * approach: the distinct words of the live publications with their `russian` lexemes and the number
 * of publications each occurs in, a trigram index on the words, and a query word whose lexeme the
 * site does not have corrected to the nearest known word.
 *
 * A word is what the `simple` configuration makes of the text (lower case, no stemming), «ё» read
 * as «е», 3–40 Latin or Cyrillic letters, and not a stop word of the `russian` configuration.
 */

/** The words of `$n::text` (one row per distinct word), as SQL. */
const wordsOf = (parameter: string) =>
  `SELECT DISTINCT replace(w, 'ё', 'е') AS word
     FROM unnest(tsvector_to_array(to_tsvector('simple', ${parameter}))) AS w`;
const IS_WORD = `word ~ '^[a-zа-я]{3,40}$'`;
const LEXEME = `array_to_string(tsvector_to_array(to_tsvector('russian', word)), ' ')`;

/** The text a publication is searched by: its live title and plain text. */
export function searchableText(title: string | null, text: string | null): string | null {
  return title === null && text === null ? null : `${title ?? ""}\n${text ?? ""}`;
}

/**
 * Moves the dictionary from one live text of a publication to the next, in the caller's
 * transaction: `before` is what was live (null when nothing was), `after` what goes live (null when
 * it leaves the site). One upsert in word order, so concurrent publishing never deadlocks on the
 * dictionary's rows; words no publication has any more are removed.
 */
export async function updateSearchWords(
  tx: Executor,
  before: string | null,
  after: string | null,
): Promise<void> {
  if (before === after) return;
  const changed = await tx.query<{ word: string; documents: number }>(
    `WITH changes AS (
       SELECT word, sum(change)::int AS change
         FROM (SELECT word, -1 AS change FROM (${wordsOf("$1::text")}) AS old_words
               UNION ALL
               SELECT word, 1 FROM (${wordsOf("$2::text")}) AS new_words) AS both_texts
        WHERE ${IS_WORD}
        GROUP BY word
       HAVING sum(change) <> 0),
     lexed AS (SELECT word, ${LEXEME} AS lexeme, change FROM changes)
     INSERT INTO content_search_words AS known (word, lexeme, documents)
     SELECT word, lexeme, change FROM lexed WHERE lexeme <> '' ORDER BY word
     ON CONFLICT (word) DO UPDATE SET documents = known.documents + excluded.documents
     RETURNING word, documents`,
    [before, after],
  );
  const gone = changed.filter((row) => row.documents <= 0).map((row) => row.word);
  if (gone.length > 0) {
    await tx.query("DELETE FROM content_search_words WHERE word = ANY($1::text[]) AND documents <= 0", [
      gone,
    ]);
  }
}

/**
 * Builds the dictionary afresh from the live publications (what the migration does once, and what
 * a bulk import that bypassed publishing needs). Answers the number of words.
 */
export async function rebuildSearchWords(db: Executor): Promise<number> {
  await db.query("DELETE FROM content_search_words");
  const [row] = await db.query<{ words: number }>(
    `WITH inserted AS (
       INSERT INTO content_search_words (word, lexeme, documents)
       SELECT word, ${LEXEME}, count(*)::int
         FROM (SELECT p.id, words.word
                 FROM content_publications p,
                      LATERAL (${wordsOf("coalesce(p.search_title, '') || ' ' || coalesce(p.search_text, '')")}) AS words
                WHERE p.live IS NOT NULL) AS occurrences
        WHERE ${IS_WORD} AND ${LEXEME} <> ''
        GROUP BY word
       RETURNING 1)
     SELECT count(*)::int AS words FROM inserted`,
  );
  return row?.words ?? 0;
}

/** One word of a query and what the dictionary made of it. */
export interface WordCorrection {
  word: string;
  /** The nearest known word, when the word's lexeme is on no live publication; else null. */
  correction: string | null;
}

const QUERY_WORD = /[a-zа-яё]+/giu;

/**
 * Corrects the words of a search query that no live publication has (by lexeme, so «яма» stays:
 * the site has «ямы») to the nearest known word by trigram similarity (`pg_trgm`'s `%`, threshold
 * 0.3, served by the index), the most frequent of equally near ones. Answers the query with the
 * corrections made, or null when nothing needed correcting. The query keeps its web-search syntax
 * (quotes, `-`, `or`).
 */
export async function correctSearchQuery(db: Executor, q: string): Promise<string | null> {
  const words = [
    ...new Set(
      [...q.matchAll(QUERY_WORD)]
        .map((match) => match[0].toLowerCase().replaceAll("ё", "е"))
        .filter((word) => word.length >= 3 && word.length <= 40 && word !== "or"),
    ),
  ];
  if (words.length === 0) return null;
  const rows = await db.query<{ word: string; correction: string | null }>(
    `SELECT input.word,
            CASE WHEN EXISTS (SELECT 1 FROM content_search_words known WHERE known.lexeme = input.lexeme) THEN NULL
                 ELSE (SELECT near.word FROM content_search_words near
                        WHERE near.word % input.word
                        ORDER BY similarity(near.word, input.word) DESC, near.documents DESC, near.word
                        LIMIT 1)
            END AS correction
       FROM (SELECT word, ${LEXEME} AS lexeme FROM unnest($1::text[]) AS word) AS input
      WHERE input.lexeme <> ''`,
    [words],
  );
  const corrections = new Map(
    rows.filter((row) => row.correction !== null).map((row) => [row.word, row.correction!]),
  );
  if (corrections.size === 0) return null;
  return q.replace(QUERY_WORD, (word) => corrections.get(word.toLowerCase().replaceAll("ё", "е")) ?? word);
}
