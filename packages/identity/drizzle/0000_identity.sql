CREATE TABLE "identity_api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret_hash" text NOT NULL,
	"hint" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text NOT NULL,
	"address" text,
	"action" text NOT NULL,
	"object_type" text NOT NULL,
	"object_id" text NOT NULL,
	"department_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "identity_consents" (
	"id" text PRIMARY KEY NOT NULL,
	"text_id" text NOT NULL,
	"purpose" text NOT NULL,
	"subject_name" text,
	"subject_email" text,
	"subject_phone" text,
	"address" text,
	"channel" text NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"anonymised_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_departments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"parent_id" text,
	"official_id" text,
	"head_user_id" text,
	"email" text,
	"phone" text,
	"address" text,
	"calendar_key" text DEFAULT 'default' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_legal_texts" (
	"id" text PRIMARY KEY NOT NULL,
	"document" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_officials" (
	"id" text PRIMARY KEY NOT NULL,
	"full_name" text NOT NULL,
	"position" text NOT NULL,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_password_resets" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"secret_hash" text NOT NULL,
	"csrf_token" text NOT NULL,
	"address" text,
	"user_agent" text,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_sign_in_failures" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"full_name" text NOT NULL,
	"department_id" text,
	"roles" text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"password_hash" text,
	"password_changed_at" timestamp with time zone,
	"totp_secret" text,
	"totp_pending_secret" text,
	"totp_last_step" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "identity_consents" ADD CONSTRAINT "identity_consents_text_id_identity_legal_texts_id_fk" FOREIGN KEY ("text_id") REFERENCES "public"."identity_legal_texts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_departments" ADD CONSTRAINT "identity_departments_parent_id_identity_departments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."identity_departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_departments" ADD CONSTRAINT "identity_departments_official_id_identity_officials_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."identity_officials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_departments" ADD CONSTRAINT "identity_departments_head_user_id_identity_users_id_fk" FOREIGN KEY ("head_user_id") REFERENCES "public"."identity_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_password_resets" ADD CONSTRAINT "identity_password_resets_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_sessions" ADD CONSTRAINT "identity_sessions_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_users" ADD CONSTRAINT "identity_users_department_id_identity_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."identity_departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "identity_api_tokens_secret_key" ON "identity_api_tokens" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "identity_audit_object_idx" ON "identity_audit_log" USING btree ("object_type","object_id","id");--> statement-breakpoint
CREATE INDEX "identity_audit_actor_idx" ON "identity_audit_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "identity_consents_email_idx" ON "identity_consents" USING btree ("subject_email");--> statement-breakpoint
CREATE INDEX "identity_consents_phone_idx" ON "identity_consents" USING btree ("subject_phone");--> statement-breakpoint
CREATE INDEX "identity_consents_given_idx" ON "identity_consents" USING btree ("given_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_legal_texts_version_key" ON "identity_legal_texts" USING btree ("document","version");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_password_resets_secret_key" ON "identity_password_resets" USING btree ("secret_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_sessions_secret_key" ON "identity_sessions" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "identity_sessions_user_idx" ON "identity_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_users_email_key" ON "identity_users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "identity_users_department_idx" ON "identity_users" USING btree ("department_id","id");