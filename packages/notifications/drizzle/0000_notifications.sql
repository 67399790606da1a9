CREATE TABLE "notification_escalation_steps" (
	"escalation_id" text NOT NULL,
	"position" integer NOT NULL,
	"level" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"done_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "notification_escalation_steps_escalation_id_position_pk" PRIMARY KEY("escalation_id","position")
);
--> statement-breakpoint
CREATE TABLE "notification_escalations" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"metric" text NOT NULL,
	"cycle" integer NOT NULL,
	"department_id" text,
	"due_at" timestamp with time zone NOT NULL,
	"breached_at" timestamp with time zone NOT NULL,
	"urgent" boolean NOT NULL,
	"state" text NOT NULL,
	"stop_reason" text,
	"stopped_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_incident_watch" (
	"incident_id" text PRIMARY KEY NOT NULL,
	"number" text,
	"department_id" text,
	"assignee_id" text,
	"urgent" boolean DEFAULT false NOT NULL,
	"last_moved_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" text PRIMARY KEY NOT NULL,
	"document" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_templates" (
	"kind" text NOT NULL,
	"locale" text NOT NULL,
	"version" integer NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_by" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_templates_kind_locale_version_pk" PRIMARY KEY("kind","locale","version")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"recipient_user_id" text,
	"address" text,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"critical" boolean DEFAULT false NOT NULL,
	"locale" text NOT NULL,
	"payload" jsonb NOT NULL,
	"template_version" integer NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"state" text NOT NULL,
	"reason" text,
	"idempotency_key" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"digested_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notification_escalation_steps" ADD CONSTRAINT "notification_escalation_steps_escalation_id_notification_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."notification_escalations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_escalation_steps_due" ON "notification_escalation_steps" USING btree ("state","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_escalations_breach" ON "notification_escalations" USING btree ("incident_id","metric","cycle");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_idempotency_key" ON "notifications" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "notifications_inbox" ON "notifications" USING btree ("recipient_user_id","channel","id");--> statement-breakpoint
CREATE INDEX "notifications_due" ON "notifications" USING btree ("state","next_attempt_at");