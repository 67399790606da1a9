CREATE TABLE "incident_reply_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"reply_id" text NOT NULL,
	"incident_id" text NOT NULL,
	"reporter_id" text,
	"channel" text NOT NULL,
	"external_id" text,
	"idempotency_key" text NOT NULL,
	"state" text NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"platform_reply_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_media" ADD COLUMN "sha256" text;--> statement-breakpoint
-- Files stored before this column have their hash as the third segment of the path (incidents/<id>/<sha256>/<media id>/…).
UPDATE "incident_media" SET "sha256" = split_part("original_path", '/', 3) WHERE "sha256" IS NULL;--> statement-breakpoint
ALTER TABLE "incident_media" ALTER COLUMN "sha256" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_reporters" ADD COLUMN "consent_id" text;--> statement-breakpoint
ALTER TABLE "incident_reporters" ADD COLUMN "contact_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_reply_deliveries" ADD CONSTRAINT "incident_reply_deliveries_reply_id_incident_replies_id_fk" FOREIGN KEY ("reply_id") REFERENCES "public"."incident_replies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reply_deliveries" ADD CONSTRAINT "incident_reply_deliveries_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_reply_deliveries_idempotency_key" ON "incident_reply_deliveries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "incident_reply_deliveries_reply_idx" ON "incident_reply_deliveries" USING btree ("reply_id");--> statement-breakpoint
CREATE INDEX "incident_reply_deliveries_pending_idx" ON "incident_reply_deliveries" USING btree ("state") WHERE "incident_reply_deliveries"."state" IN ('queued', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "incident_media_incident_sha256_key" ON "incident_media" USING btree ("incident_id","sha256");--> statement-breakpoint
CREATE INDEX "incident_reporters_contact_keys_idx" ON "incident_reporters" USING gin ("contact_keys");;--> statement-breakpoint
-- Every public reply stored before this migration was delivered to the incident's own item only: one delivery each, under the reply's key.
INSERT INTO "incident_reply_deliveries" ("id", "reply_id", "incident_id", "reporter_id", "channel", "external_id", "idempotency_key", "state", "error", "attempts", "claimed_at", "sent_at", "platform_reply_id", "created_at")
SELECT 'rdl_' || substr(r."id", strpos(r."id", '_') + 1), r."id", r."incident_id",
       (SELECT rep."id" FROM "incident_reporters" rep
         WHERE rep."original_incident_id" = r."incident_id" ORDER BY rep."reported_at", rep."id" LIMIT 1),
       coalesce(r."channel", i."channel"), i."external_id", r."idempotency_key", r."delivery_state", r."delivery_error",
       r."delivery_attempts", r."delivery_claimed_at", r."sent_at", r."platform_reply_id", r."created_at"
  FROM "incident_replies" r JOIN "incidents" i ON i."id" = r."incident_id"
 WHERE r."visibility" = 'public';
