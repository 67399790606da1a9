CREATE TABLE "content_information_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"outlet" text NOT NULL,
	"journalist_id" text,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"answer_due_at" timestamp with time zone NOT NULL,
	"deferral_due_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"deferred_until" timestamp with time zone,
	"deferral_reason" text,
	"deferred_at" timestamp with time zone,
	"answer" text,
	"answered_at" timestamp with time zone,
	"handled_by" text
);
--> statement-breakpoint
CREATE TABLE "content_journalists" (
	"id" text PRIMARY KEY NOT NULL,
	"full_name" text,
	"outlet" text NOT NULL,
	"email" text,
	"phone" text,
	"accredited_until" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"anonymised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "content_press_releases" (
	"id" text PRIMARY KEY NOT NULL,
	"publication_id" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"deliveries" jsonb NOT NULL,
	"sent_by" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "content_information_requests_due_idx" ON "content_information_requests" USING btree ("state","answer_due_at");--> statement-breakpoint
CREATE INDEX "content_journalists_email_idx" ON "content_journalists" USING btree ("email");