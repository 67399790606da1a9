import { IsoInstant, notFound } from "@otklik/core";
import { type Actor, permissionScope, requirePermission } from "@otklik/identity";
import { and, asc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { HearingComment, toComment } from "../hearings/comments.js";
import { PublicationType } from "../publication/publication-types.js";
import { hearingComments, publications, variants } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { maximumPhotoCount, SocialPlatform, textLimit } from "../variants/cut-variant.js";
import { type PublicationState, WORKFLOW, WorkflowVerb } from "../workflow/workflow.js";

// What the admin's newsroom needs beyond the verbs: which workflow buttons a person may press, the
// platforms' limits for live counters, the publishing calendar and the hearings' moderation queue.

/** The workflow verbs `actor` may use on a publication in `state` (permission and state both allow). */
export function allowedVerbs(actor: Actor, state: PublicationState): WorkflowVerb[] {
  return WorkflowVerb.options.filter((verb) => {
    const transition = WORKFLOW[verb];
    return transition.from.includes(state) && permissionScope(actor, transition.permission) !== undefined;
  });
}

/** One platform's limits as the editor's counter applies them (text alone, or a caption with photos). */
export const VariantLimits = z.object({
  platform: SocialPlatform,
  textLength: z.number().int(),
  captionLength: z.number().int(),
  photoCount: z.number().int(),
});
export type VariantLimits = z.infer<typeof VariantLimits>;

/** The four pages' limits, from channels' `CONNECTOR_LIMITS` (the same numbers `saveVariant` enforces). */
export function variantLimits(): VariantLimits[] {
  return SocialPlatform.options.map((platform) => ({
    platform,
    textLength: textLimit(platform, false),
    captionLength: textLimit(platform, true),
    photoCount: maximumPhotoCount(platform),
  }));
}

/** The longest period the calendar answers at once: a month view with the weeks around it. */
export const CALENDAR_MAX_DAYS = 45;

export const CalendarQuery = z
  .object({ from: IsoInstant, to: IsoInstant })
  // Defensive: zod may run an object's refinements when a field already failed.
  .refine((query) => !(query.to instanceof Date && query.from instanceof Date) || query.to > query.from, {
    error: "Конец периода позже начала / The period must end after it starts",
    path: ["to"],
  })
  .refine(
    (query) =>
      !(query.to instanceof Date && query.from instanceof Date) ||
      query.to.getTime() - query.from.getTime() <= CALENDAR_MAX_DAYS * 86_400_000,
    {
      error: `Период не длиннее ${CALENDAR_MAX_DAYS} дней / The period is at most ${CALENDAR_MAX_DAYS} days`,
      path: ["to"],
    },
  );
export type CalendarQuery = z.input<typeof CalendarQuery>;

export const CalendarChannel = z.enum(["site", ...SocialPlatform.options]);
export type CalendarChannel = z.infer<typeof CalendarChannel>;

/** One item going out (or gone out) on one channel: the site, or one of the four pages. */
export const CalendarEntry = z.object({
  publicationId: z.string(),
  title: z.string(),
  type: PublicationType,
  channel: CalendarChannel,
  at: z.string(),
  /** The publication's state for the site; the post's delivery state for a page. */
  state: z.string(),
  variantId: z.string().nullable(),
  url: z.string().nullable(),
});
export type CalendarEntry = z.infer<typeof CalendarEntry>;

/**
 * What is scheduled or published in a period, per channel, earliest first. The site's time is
 * `publishAt` while scheduled and `publishedAt` once out; a post's time is its own `postAt`, else
 * its publication's.
 */
export async function publishingCalendar(
  context: ContentContext,
  query: CalendarQuery,
): Promise<CalendarEntry[]> {
  requirePermission(context.actor, "publication:edit");
  const { from, to } = parseInput(CalendarQuery, query);
  const siteAt = sql<Date>`case when ${publications.state} = 'scheduled' then ${publications.publishAt} else ${publications.publishedAt} end`;
  const within = (at: SQL) => and(gte(at, from), lt(at, to));
  const live = inArray(publications.state, ["scheduled", "published"]);
  const site = await context.db.drizzle
    .select({
      publicationId: publications.id,
      title: publications.title,
      type: publications.type,
      state: publications.state,
      at: sql<string>`${siteAt}`.mapWith(publications.publishAt),
    })
    .from(publications)
    .where(and(live, within(siteAt)));
  const postAt = sql<Date>`coalesce(${variants.postAt}, ${siteAt})`;
  const posts = await context.db.drizzle
    .select({
      publicationId: publications.id,
      title: publications.title,
      type: publications.type,
      platform: variants.platform,
      variantId: variants.id,
      state: variants.state,
      url: variants.url,
      at: sql<string>`${postAt}`.mapWith(variants.postAt),
    })
    .from(variants)
    .innerJoin(publications, eq(publications.id, variants.publicationId))
    .where(and(live, within(postAt)))
    .orderBy(asc(variants.platform));
  const iso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();
  const entries: CalendarEntry[] = [
    ...site.map((row) => ({
      publicationId: row.publicationId,
      title: row.title,
      type: row.type as PublicationType,
      channel: "site" as const,
      at: iso(row.at),
      state: row.state,
      variantId: null,
      url: null,
    })),
    ...posts.map((row) => ({
      publicationId: row.publicationId,
      title: row.title,
      type: row.type as PublicationType,
      channel: row.platform as CalendarChannel,
      at: iso(row.at),
      state: row.state,
      variantId: row.variantId,
      url: row.url,
    })),
  ];
  const order = CalendarChannel.options;
  return entries.sort(
    (a, b) => a.at.localeCompare(b.at) || order.indexOf(a.channel) - order.indexOf(b.channel),
  );
}

/** A comment awaiting moderation, with the hearing it belongs to. */
export const QueuedHearingComment = z.object({
  comment: HearingComment,
  hearing: z.object({ id: z.string(), title: z.string(), state: z.string() }),
});
export type QueuedHearingComment = z.infer<typeof QueuedHearingComment>;

export const ModerationQueueQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) });
export type ModerationQueueQuery = z.input<typeof ModerationQueueQuery>;

/** Comments on every hearing still waiting for premoderation, oldest first. */
export async function hearingModerationQueue(
  context: ContentContext,
  query: ModerationQueueQuery = {},
): Promise<QueuedHearingComment[]> {
  requirePermission(context.actor, "publication:edit");
  const { limit } = parseInput(ModerationQueueQuery, query);
  const rows = await context.db.drizzle
    .select({
      comment: hearingComments,
      id: publications.id,
      title: publications.title,
      state: publications.state,
    })
    .from(hearingComments)
    .innerJoin(publications, eq(publications.id, hearingComments.publicationId))
    .where(eq(hearingComments.moderation, "pending"))
    .orderBy(asc(hearingComments.receivedAt), asc(hearingComments.id))
    .limit(limit);
  return rows.map((row) => ({
    comment: toComment(row.comment),
    hearing: { id: row.id, title: row.title, state: row.state },
  }));
}

/** The verbs a person may use on one publication now. */
export async function publicationActions(
  context: ContentContext,
  id: string,
): Promise<{ state: PublicationState; verbs: WorkflowVerb[] }> {
  requirePermission(context.actor, "publication:edit");
  const [row] = await context.db.drizzle
    .select({ state: publications.state })
    .from(publications)
    .where(eq(publications.id, id));
  if (!row) throw notFound(`Публикация / Publication ${id}`);
  const state = row.state as PublicationState;
  return { state, verbs: allowedVerbs(context.actor, state) };
}
