CREATE TABLE "content_explanatory_requests" (
	"event_id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"publication_id" text NOT NULL,
	"title" text NOT NULL,
	"questions" integer NOT NULL,
	"requested_by" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "content_explanatory_requests" ADD CONSTRAINT "content_explanatory_requests_publication_id_content_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."content_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_explanatory_requests_topic_idx" ON "content_explanatory_requests" USING btree ("topic");