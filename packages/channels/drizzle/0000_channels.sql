CREATE TABLE "channel_audience_readings" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"platform" text NOT NULL,
	"metric" text NOT NULL,
	"value" bigint NOT NULL,
	"read_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb NOT NULL,
	"sealed_secrets" text NOT NULL,
	"secret_key_id" text NOT NULL,
	"health" text DEFAULT 'unknown' NOT NULL,
	"last_error" text,
	"last_checked_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_delivery_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"connection_id" text NOT NULL,
	"operation" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"attempt_number" integer NOT NULL,
	"outcome" text NOT NULL,
	"error_kind" text,
	"error_code" text,
	"error_message" text,
	"platform_id" text,
	"platform_ids" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"retry_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "channel_rate_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"slots" bigint[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "channel_audience_readings_connection_idx" ON "channel_audience_readings" USING btree ("connection_id","read_at");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_delivery_attempts_key_number_idx" ON "channel_delivery_attempts" USING btree ("idempotency_key","attempt_number");--> statement-breakpoint
CREATE INDEX "channel_delivery_attempts_connection_idx" ON "channel_delivery_attempts" USING btree ("connection_id","started_at");