-- The yearly and monthly reports of the press office (apps/api/src/routes/reports): one row per
-- requested report, its progress while the durable job (pg-boss queue `api.report-generation`)
-- works on it, and the finished files. The figures are kept as JSON so the files can be re-made.
CREATE TABLE "api_report_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"time_zone" text NOT NULL,
	"department_id" text,
	"scope_department_id" text,
	"requested_by" text NOT NULL,
	"actor" jsonb NOT NULL,
	"status" text NOT NULL,
	"steps_done" integer DEFAULT 0 NOT NULL,
	"steps_total" integer NOT NULL,
	"step" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"figures" jsonb,
	"docx" bytea,
	"xlsx" bytea,
	"csv" bytea,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "api_report_runs_created_idx" ON "api_report_runs" USING btree ("created_at" DESC, "id" DESC);
