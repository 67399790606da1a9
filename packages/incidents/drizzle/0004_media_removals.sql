CREATE TABLE "incident_media_removals" (
	"key" text PRIMARY KEY NOT NULL,
	"queued_at" timestamp with time zone NOT NULL
);
