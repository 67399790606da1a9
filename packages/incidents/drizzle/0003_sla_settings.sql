CREATE TABLE "incident_calendar_days" (
	"calendar" text NOT NULL,
	"date" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"source" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "incident_calendar_days_calendar_date_pk" PRIMARY KEY("calendar","date")
);
--> statement-breakpoint
CREATE TABLE "incident_sla_policy_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"policy" jsonb NOT NULL,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_sla_settings_revision" (
	"id" integer PRIMARY KEY NOT NULL,
	"revision" integer NOT NULL
);
