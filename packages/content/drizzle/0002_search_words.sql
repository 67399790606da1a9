CREATE TABLE "content_search_words" (
	"word" text PRIMARY KEY NOT NULL,
	"lexeme" text NOT NULL,
	"documents" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "content_publications_title_trgm_idx";--> statement-breakpoint
CREATE INDEX "content_search_words_trgm_idx" ON "content_search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "content_search_words_lexeme_idx" ON "content_search_words" USING btree ("lexeme");--> statement-breakpoint
CREATE INDEX "content_publications_live_published_idx" ON "content_publications" USING btree ("published_at" DESC NULLS LAST) WHERE live IS NOT NULL;--> statement-breakpoint
-- The dictionary of what is already on the site (rebuildSearchWords does the same).
INSERT INTO "content_search_words" ("word", "lexeme", "documents")
SELECT word, array_to_string(tsvector_to_array(to_tsvector('russian', word)), ' '), count(*)::int
  FROM (SELECT p.id, words.word
          FROM "content_publications" p,
               LATERAL (SELECT DISTINCT replace(w, 'ё', 'е') AS word
                          FROM unnest(tsvector_to_array(to_tsvector('simple', coalesce(p.search_title, '') || ' ' || coalesce(p.search_text, '')))) AS w) AS words
         WHERE p.live IS NOT NULL) AS occurrences
 WHERE word ~ '^[a-zа-я]{3,40}$' AND array_to_string(tsvector_to_array(to_tsvector('russian', word)), ' ') <> ''
 GROUP BY word;
