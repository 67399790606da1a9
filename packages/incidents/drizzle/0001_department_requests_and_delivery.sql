CREATE TABLE "incident_department_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"department_id" text NOT NULL,
	"question" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"sla_metric" text,
	"sla_due_at" timestamp with time zone,
	"status" text NOT NULL,
	"answer" text,
	"answer_attachments" jsonb NOT NULL,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"reply_id" text,
	"idempotency_key" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incident_replies" ADD COLUMN "delivery_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_replies" ADD COLUMN "delivery_claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incident_replies" ADD COLUMN "platform_reply_id" text;--> statement-breakpoint
ALTER TABLE "incident_replies" ADD COLUMN "department_request_id" text;--> statement-breakpoint
ALTER TABLE "incident_department_requests" ADD CONSTRAINT "incident_department_requests_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_department_requests_idempotency_key" ON "incident_department_requests" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "incident_department_requests_incident_idx" ON "incident_department_requests" USING btree ("incident_id","requested_at");--> statement-breakpoint
CREATE INDEX "incident_department_requests_open_idx" ON "incident_department_requests" USING btree ("department_id","due_at") WHERE "incident_department_requests"."status" = 'open';