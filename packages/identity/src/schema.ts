import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The tables of @otklik/identity. drizzle-kit generates `drizzle/*.sql` from
 * this file; nothing outside this package reads them (other packages call its
 * functions). Every instant is `timestamptz`, stored UTC.
 */

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The deputy heads of the administration, each overseeing a group of departments (for escalation). */
export const officials = pgTable("identity_officials", {
  id: text("id").primaryKey(),
  fullName: text("full_name").notNull(),
  position: text("position").notNull(),
  email: text("email"),
  phone: text("phone"),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

/** Departments of the administration. */
export const departments = pgTable("identity_departments", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  parentId: text("parent_id").references((): AnyPgColumn => departments.id),
  officialId: text("official_id").references(() => officials.id),
  headUserId: text("head_user_id").references((): AnyPgColumn => users.id),
  email: text("email"),
  phone: text("phone"),
  address: text("address"),
  /** The working calendar the department's deadlines are counted in (calendars live in `incidents`). */
  calendarKey: text("calendar_key").notNull().default("default"),
  /**
   * What the administration publishes about the department on the city's site (head, phone, e-mail,
   * address, hours), as an administrator entered it for the public; null: the department is not listed.
   */
  publicCard: jsonb("public_card").$type<Record<string, unknown>>(),
  createdAt: instant("created_at").notNull(),
  updatedAt: instant("updated_at").notNull(),
});

/** Staff accounts. */
export const users = pgTable(
  "identity_users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    fullName: text("full_name").notNull(),
    departmentId: text("department_id").references(() => departments.id),
    roles: text("roles").array().notNull(),
    active: boolean("active").notNull().default(true),
    passwordHash: text("password_hash"),
    passwordChangedAt: instant("password_changed_at"),
    totpSecret: text("totp_secret"),
    totpPendingSecret: text("totp_pending_secret"),
    totpLastStep: integer("totp_last_step"),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("identity_users_email_key").on(table.email),
    index("identity_users_department_idx").on(table.departmentId, table.id),
  ],
);

/** Sign-in sessions; the cookie holds a secret whose SHA-256 is `secret_hash`. */
export const sessions = pgTable(
  "identity_sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    secretHash: text("secret_hash").notNull(),
    csrfToken: text("csrf_token").notNull(),
    address: text("address"),
    userAgent: text("user_agent"),
    createdAt: instant("created_at").notNull(),
    lastSeenAt: instant("last_seen_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
    revokedAt: instant("revoked_at"),
  },
  (table) => [
    uniqueIndex("identity_sessions_secret_key").on(table.secretHash),
    index("identity_sessions_user_idx").on(table.userId),
  ],
);

/** API tokens of integrations; only the SHA-256 of the secret is kept. */
export const apiTokens = pgTable(
  "identity_api_tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    hint: text("hint").notNull(),
    scopes: text("scopes").array().notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (table) => [uniqueIndex("identity_api_tokens_secret_key").on(table.secretHash)],
);

/**
 * Failed sign-ins per key. The key is the SHA-256 of `account:<e-mail>` or
 * `address:<ip>`, so the table holds neither typed e-mails nor addresses.
 */
export const signInFailures = pgTable("identity_sign_in_failures", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: instant("window_started_at").notNull(),
  lockedUntil: instant("locked_until"),
});

/** One-time password reset links. */
export const passwordResets = pgTable(
  "identity_password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    secretHash: text("secret_hash").notNull(),
    createdAt: instant("created_at").notNull(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
  },
  (table) => [uniqueIndex("identity_password_resets_secret_key").on(table.secretHash)],
);

/**
 * The audit log: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE).
 * It holds ids and non-personal fields only, so erasing a citizen never has to touch it.
 */
export const auditLog = pgTable(
  "identity_audit_log",
  {
    id: text("id").primaryKey(),
    at: instant("at").notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    address: text("address"),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id").notNull(),
    departmentId: text("department_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (table) => [
    index("identity_audit_object_idx").on(table.objectType, table.objectId, table.id),
    index("identity_audit_actor_idx").on(table.actorId, table.id),
  ],
);

/** Published versions of the privacy policy and of each consent text; a version is never edited. */
export const legalTexts = pgTable(
  "identity_legal_texts",
  {
    id: text("id").primaryKey(),
    /** `privacy-policy`, or the purpose of a consent (`incident-report`). */
    document: text("document").notNull(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    publishedAt: instant("published_at").notNull(),
    publishedBy: text("published_by").notNull(),
  },
  (table) => [uniqueIndex("identity_legal_texts_version_key").on(table.document, table.version)],
);

/** Consents to personal-data processing, each a separate record of the exact text accepted. */
export const consents = pgTable(
  "identity_consents",
  {
    id: text("id").primaryKey(),
    textId: text("text_id")
      .notNull()
      .references(() => legalTexts.id),
    purpose: text("purpose").notNull(),
    subjectName: text("subject_name"),
    subjectEmail: text("subject_email"),
    subjectPhone: text("subject_phone"),
    address: text("address"),
    channel: text("channel").notNull(),
    givenAt: instant("given_at").notNull(),
    withdrawnAt: instant("withdrawn_at"),
    anonymisedAt: instant("anonymised_at"),
  },
  (table) => [
    index("identity_consents_email_idx").on(table.subjectEmail),
    index("identity_consents_phone_idx").on(table.subjectPhone),
    index("identity_consents_given_idx").on(table.givenAt, table.id),
  ],
);
