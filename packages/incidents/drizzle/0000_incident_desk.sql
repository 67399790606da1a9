CREATE TABLE "incident_address_points" (
	"street" text NOT NULL,
	"house" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	CONSTRAINT "incident_address_points_street_house_pk" PRIMARY KEY("street","house")
);
--> statement-breakpoint
CREATE TABLE "incident_classifier_models" (
	"key" text PRIMARY KEY NOT NULL,
	"model" jsonb NOT NULL,
	"corrections" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_department_routes" (
	"department_key" text PRIMARY KEY NOT NULL,
	"department_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_inbox" (
	"id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"kind" text NOT NULL,
	"conversation_id" text,
	"reply_to_id" text,
	"author_id" text,
	"author_name" text,
	"author_url" text,
	"text" text NOT NULL,
	"url" text,
	"attachments" jsonb NOT NULL,
	"raw" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"decision" text,
	"decision_reason" text,
	"incident_id" text,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"year" integer NOT NULL,
	"sequence" integer NOT NULL,
	"tracking_token" text NOT NULL,
	"channel" text NOT NULL,
	"external_id" text,
	"source_network" text,
	"source_url" text,
	"author_name" text,
	"author_url" text,
	"text_original" text NOT NULL,
	"text_clean" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"address_text" text,
	"street" text,
	"house" text,
	"lat" double precision,
	"lon" double precision,
	"on_map" boolean NOT NULL,
	"category" text NOT NULL,
	"category_confidence" double precision NOT NULL,
	"category_proposal" jsonb NOT NULL,
	"category_confirmed" boolean DEFAULT false NOT NULL,
	"department_key" text,
	"department_id" text,
	"assignee_id" text,
	"urgent" boolean NOT NULL,
	"status" text NOT NULL,
	"resolution" jsonb,
	"version" integer NOT NULL,
	"sla_events" jsonb NOT NULL,
	"due_at" timestamp with time zone,
	"sla_state" text DEFAULT 'running' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"platform_deadline_at" timestamp with time zone,
	"first_public_reply_at" timestamp with time zone,
	"merged_into_id" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_media" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"kind" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"original_path" text NOT NULL,
	"published_path" text,
	"thumbnail_path" text,
	"width" integer,
	"height" integer,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_registration_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last_sequence" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_replies" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"visibility" text NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"channel" text,
	"delivery_state" text NOT NULL,
	"delivery_error" text,
	"idempotency_key" text NOT NULL,
	"warnings" jsonb NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incident_reporters" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"channel" text NOT NULL,
	"external_id" text,
	"author_name" text,
	"author_url" text,
	"source_url" text,
	"original_incident_id" text NOT NULL,
	"reported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_sla_notices" (
	"incident_id" text NOT NULL,
	"metric" text NOT NULL,
	"kind" text NOT NULL,
	"cycle" integer NOT NULL,
	"threshold" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"announced_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_sla_notices_incident_id_metric_kind_cycle_threshold_pk" PRIMARY KEY("incident_id","metric","kind","cycle","threshold")
);
--> statement-breakpoint
CREATE TABLE "incident_timeline" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"kind" text NOT NULL,
	"comment" text,
	"media" jsonb NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_media" ADD CONSTRAINT "incident_media_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_replies" ADD CONSTRAINT "incident_replies_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reporters" ADD CONSTRAINT "incident_reporters_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_timeline" ADD CONSTRAINT "incident_timeline_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_inbox_channel_external_id_key" ON "incident_inbox" USING btree ("channel","external_id");--> statement-breakpoint
CREATE INDEX "incident_inbox_pending_idx" ON "incident_inbox" USING btree ("received_at") WHERE "incident_inbox"."decision" IS NULL;--> statement-breakpoint
CREATE INDEX "incident_inbox_conversation_idx" ON "incident_inbox" USING btree ("channel","conversation_id","author_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_number_key" ON "incidents" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_tracking_token_key" ON "incidents" USING btree ("tracking_token");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_channel_external_id_key" ON "incidents" USING btree ("channel","external_id");--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "incidents_department_idx" ON "incidents" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "incidents_created_idx" ON "incidents" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "incidents_text_search_idx" ON "incidents" USING gin (to_tsvector('russian', "text_clean"));--> statement-breakpoint
CREATE INDEX "incident_media_incident_idx" ON "incident_media" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_replies_idempotency_key" ON "incident_replies" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "incident_replies_incident_idx" ON "incident_replies" USING btree ("incident_id","created_at");--> statement-breakpoint
CREATE INDEX "incident_reporters_incident_idx" ON "incident_reporters" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_timeline_incident_idx" ON "incident_timeline" USING btree ("incident_id","at");