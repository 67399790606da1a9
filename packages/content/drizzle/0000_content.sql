CREATE TABLE "content_handbook_sections" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"owner_department_id" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "content_handbook_sections_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "content_hearing_comments" (
	"id" text PRIMARY KEY NOT NULL,
	"publication_id" text NOT NULL,
	"paragraph" integer,
	"text" text NOT NULL,
	"author_name" text,
	"author_email" text,
	"consent_id" text NOT NULL,
	"moderation" text NOT NULL,
	"rejection_reason" text,
	"moderated_by" text,
	"decision" text,
	"answer" text,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"anonymised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "content_publications" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"body" text NOT NULL,
	"cover" jsonb,
	"tags" jsonb NOT NULL,
	"attachments" jsonb NOT NULL,
	"fields" jsonb NOT NULL,
	"publisher_id" text NOT NULL,
	"revision" integer NOT NULL,
	"live" jsonb,
	"live_revision" integer,
	"publish_at" timestamp with time zone,
	"unpublish_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"first_published_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"search_title" text,
	"search_text" text,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('russian', coalesce(search_title, '')), 'A') || setweight(to_tsvector('russian', coalesce(search_text, '')), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "content_publishers" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"department_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"publication_id" text NOT NULL,
	"number" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"note" text,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_variants" (
	"id" text PRIMARY KEY NOT NULL,
	"publication_id" text NOT NULL,
	"platform" text NOT NULL,
	"connection_id" text,
	"text" text NOT NULL,
	"image_urls" jsonb NOT NULL,
	"post_at" timestamp with time zone,
	"state" text NOT NULL,
	"url" text,
	"failure_reason" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "content_hearing_comments" ADD CONSTRAINT "content_hearing_comments_publication_id_content_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."content_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_publications" ADD CONSTRAINT "content_publications_publisher_id_content_publishers_id_fk" FOREIGN KEY ("publisher_id") REFERENCES "public"."content_publishers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_revisions" ADD CONSTRAINT "content_revisions_publication_id_content_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."content_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_variants" ADD CONSTRAINT "content_variants_publication_id_content_publications_id_fk" FOREIGN KEY ("publication_id") REFERENCES "public"."content_publications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_hearing_comments_publication_idx" ON "content_hearing_comments" USING btree ("publication_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "content_publications_slug_key" ON "content_publications" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "content_publications_list_idx" ON "content_publications" USING btree ("state","type","id");--> statement-breakpoint
CREATE INDEX "content_publications_search_idx" ON "content_publications" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "content_publications_title_trgm_idx" ON "content_publications" USING gin ("search_title" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "content_revisions_number_key" ON "content_revisions" USING btree ("publication_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "content_variants_platform_key" ON "content_variants" USING btree ("publication_id","platform");