import { type SQL, sql } from "drizzle-orm";
import {
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The tables of @otklik/content. drizzle-kit generates `drizzle/*.sql` from this file; other
 * packages call this package's functions instead of reading them. Departments and users are
 * referred to by id only (they belong to identity).
 */

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** Who publications speak for: the administration, its departments, the Council of Deputies, the election commission. */
export const publishers = pgTable("content_publishers", {
  id: text("id").primaryKey(),
  kind: text("kind").notNull(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  departmentId: text("department_id"),
  createdAt: instant("created_at").notNull(),
});

/** Sections of the citizen's handbook. */
export const handbookSections = pgTable("content_handbook_sections", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  slug: text("slug").notNull().unique(),
  position: integer("position").notNull().default(0),
  ownerDepartmentId: text("owner_department_id"),
  createdAt: instant("created_at").notNull(),
});

/**
 * Publications. The row holds the working copy an editor changes; `live` holds the version on
 * the site (set by publishing, cleared by unpublishing), so an edit under review never changes
 * what readers see. The search columns index the live version only.
 */
export const publications = pgTable(
  "content_publications",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    state: text("state").notNull(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    cover: jsonb("cover"),
    tags: jsonb("tags").$type<string[]>().notNull(),
    attachments: jsonb("attachments").notNull(),
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull(),
    publisherId: text("publisher_id")
      .notNull()
      .references(() => publishers.id),
    revision: integer("revision").notNull(),
    live: jsonb("live"),
    liveRevision: integer("live_revision"),
    publishAt: instant("publish_at"),
    unpublishAt: instant("unpublish_at"),
    publishedAt: instant("published_at"),
    firstPublishedAt: instant("first_published_at"),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
    searchTitle: text("search_title"),
    searchText: text("search_text"),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('russian', coalesce(search_title, '')), 'A') || setweight(to_tsvector('russian', coalesce(search_text, '')), 'B')`,
    ),
  },
  (table) => [
    uniqueIndex("content_publications_slug_key").on(table.slug),
    index("content_publications_list_idx").on(table.state, table.type, table.id),
    index("content_publications_search_idx").using("gin", table.searchVector),
    // Search takes the newest matches first (windows of publication dates, see src/search/search.ts).
    index("content_publications_live_published_idx")
      .on(table.publishedAt.desc())
      .where(sql`live IS NOT NULL`),
  ],
);

/**
 * The distinct words of what is on the site, for correcting typos in search ("did you mean"): each
 * word (lower case, «ё» as «е») with its lexeme in the `russian` configuration and the number of live
 * publications it occurs in. Kept by publishing and unpublishing, in their transactions; a
 * `gin_trgm_ops` index finds the nearest known word of an unknown one.
 */
export const searchWords = pgTable(
  "content_search_words",
  {
    word: text("word").primaryKey(),
    lexeme: text("lexeme").notNull(),
    documents: integer("documents").notNull(),
  },
  (table) => [
    index("content_search_words_trgm_idx").using("gin", table.word.op("gin_trgm_ops")),
    index("content_search_words_lexeme_idx").on(table.lexeme),
  ],
);

/** Every save of a publication, as a full snapshot: diffs are computed between any two. */
export const revisions = pgTable(
  "content_revisions",
  {
    id: text("id").primaryKey(),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    number: integer("number").notNull(),
    snapshot: jsonb("snapshot").notNull(),
    note: text("note"),
    authorId: text("author_id").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (table) => [uniqueIndex("content_revisions_number_key").on(table.publicationId, table.number)],
);

/** A publication's post on one social page, with its own text, photos, schedule and delivery state. */
export const variants = pgTable(
  "content_variants",
  {
    id: text("id").primaryKey(),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    platform: text("platform").notNull(),
    connectionId: text("connection_id"),
    text: text("text").notNull(),
    imageUrls: jsonb("image_urls").$type<string[]>().notNull(),
    postAt: instant("post_at"),
    /** `draft`, `queued`, `published`, `failed`, `unknown`. */
    state: text("state").notNull(),
    url: text("url"),
    failureReason: text("failure_reason"),
    attempt: integer("attempt").notNull().default(0),
    updatedAt: instant("updated_at").notNull(),
  },
  (table) => [uniqueIndex("content_variants_platform_key").on(table.publicationId, table.platform)],
);

/** Citizens' comments on a hearing's draft: personal data (name, e-mail), registered with identity. */
export const hearingComments = pgTable(
  "content_hearing_comments",
  {
    id: text("id").primaryKey(),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    /** The paragraph commented on (0-based), or null for the whole draft. */
    paragraph: integer("paragraph"),
    text: text("text").notNull(),
    authorName: text("author_name"),
    authorEmail: text("author_email"),
    consentId: text("consent_id").notNull(),
    /** `pending`, `approved`, `rejected` (premoderation). */
    moderation: text("moderation").notNull(),
    rejectionReason: text("rejection_reason"),
    moderatedBy: text("moderated_by"),
    /** The organiser's decision on the proposal: `accepted` or `declined`, with the official answer. */
    decision: text("decision"),
    answer: text("answer"),
    answeredBy: text("answered_by"),
    answeredAt: instant("answered_at"),
    receivedAt: instant("received_at").notNull(),
    anonymisedAt: instant("anonymised_at"),
  },
  (table) => [index("content_hearing_comments_publication_idx").on(table.publicationId, table.receivedAt)],
);

/** Journalists accredited with the administration (personal data: name, e-mail, phone). */
export const journalists = pgTable(
  "content_journalists",
  {
    id: text("id").primaryKey(),
    fullName: text("full_name"),
    outlet: text("outlet").notNull(),
    email: text("email"),
    phone: text("phone"),
    accreditedUntil: text("accredited_until").notNull(),
    revokedAt: instant("revoked_at"),
    revocationReason: text("revocation_reason"),
    createdAt: instant("created_at").notNull(),
    anonymisedAt: instant("anonymised_at"),
  },
  (table) => [index("content_journalists_email_idx").on(table.email)],
);

/** Press releases sent to the accredited list, with what happened to each letter. */
export const pressReleases = pgTable("content_press_releases", {
  id: text("id").primaryKey(),
  publicationId: text("publication_id"),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  /** `[{ journalistId, outlet, sent, error? }]` — no addresses: they stay with the journalist. */
  deliveries: jsonb("deliveries").notNull(),
  sentBy: text("sent_by").notNull(),
  sentAt: instant("sent_at").notNull(),
});

/**
 * Editorial requests for information (Mass Media Law, art. 39–40): an answer within 7 days, or a
 * deferral notice within 3 days naming when the answer comes.
 */
export const informationRequests = pgTable(
  "content_information_requests",
  {
    id: text("id").primaryKey(),
    outlet: text("outlet").notNull(),
    journalistId: text("journalist_id"),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    receivedAt: instant("received_at").notNull(),
    answerDueAt: instant("answer_due_at").notNull(),
    deferralDueAt: instant("deferral_due_at").notNull(),
    /** `open`, `deferred`, `answered`, `refused`. */
    state: text("state").notNull(),
    deferredUntil: instant("deferred_until"),
    deferralReason: text("deferral_reason"),
    deferredAt: instant("deferred_at"),
    answer: text("answer"),
    answeredAt: instant("answered_at"),
    handledBy: text("handled_by"),
  },
  (table) => [index("content_information_requests_due_idx").on(table.state, table.answerDueAt)],
);

/**
 * Requests from the incident desk for an explanatory material (`incidents.explanation_requested`),
 * one row per event: the subscriber's idempotency, and the link from an incident topic (its stems
 * key) to the material that answers it.
 */
export const explanatoryRequests = pgTable(
  "content_explanatory_requests",
  {
    eventId: text("event_id").primaryKey(),
    topic: text("topic").notNull(),
    publicationId: text("publication_id")
      .notNull()
      .references(() => publications.id),
    title: text("title").notNull(),
    questions: integer("questions").notNull(),
    requestedBy: text("requested_by").notNull(),
    receivedAt: instant("received_at").notNull(),
  },
  (table) => [index("content_explanatory_requests_topic_idx").on(table.topic)],
);
