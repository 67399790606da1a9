-- Per-client rate limits of the API's public forms and webhooks (GCRA: one "theoretical arrival
-- time" per key, epoch milliseconds). Keys are hashes, never addresses. UNLOGGED: the state is
-- worth nothing after a crash (a restart forgets who was limited), so it skips the WAL.
CREATE UNLOGGED TABLE "api_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"tat" double precision NOT NULL,
	"allowed" boolean NOT NULL
);
--> statement-breakpoint
CREATE INDEX "api_rate_limits_tat_idx" ON "api_rate_limits" USING btree ("tat");
