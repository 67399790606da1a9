import { conflict, Email, NonEmptyText, newId, notFound, OtklikError } from "@otklik/core";
import { emit, withTransaction } from "@otklik/db";
import {
  actorId,
  type PersonalDataPart,
  recordAudit,
  recordConsent,
  requirePermission,
} from "@otklik/identity";
import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { HearingCommentSubmitted } from "../events.js";
import type { HearingFields } from "../publication/publication-types.js";
import { hearingComments, publications } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { loadPublication } from "../storage/publication-record.js";

/** The purpose of the consent text a commenter accepts (published by an administrator in identity). */
export const HEARING_CONSENT_PURPOSE = "hearing-comment";

export const CommentModeration = z.enum(["pending", "approved", "rejected"]);
export const CommentDecision = z.enum(["accepted", "declined"]);

/** A citizen's comment on a hearing's draft. */
export const HearingComment = z.object({
  id: z.string(),
  publicationId: z.string(),
  paragraph: z.number().int().nullable(),
  text: z.string(),
  authorName: z.string().nullable(),
  moderation: CommentModeration,
  rejectionReason: z.string().nullable(),
  decision: CommentDecision.nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  receivedAt: z.string(),
});
export type HearingComment = z.infer<typeof HearingComment>;

/** What a citizen sends: the comment, who they are, and the consent text version they accepted. */
export const NewHearingComment = z.object({
  /** The paragraph (0-based) commented on; absent for the whole draft. */
  paragraph: z.number().int().min(0).optional(),
  text: NonEmptyText.max(10_000),
  author: z.object({ name: NonEmptyText.max(200), email: Email }),
  /** The consent text version shown next to the form; without it nothing is stored. */
  consentTextId: z
    .string({ error: "Нужно согласие на обработку персональных данных / Consent is required" })
    .min(1)
    .max(64),
});
export type NewHearingComment = z.input<typeof NewHearingComment>;

export const ModerationInput = z.discriminatedUnion("verdict", [
  z.object({ verdict: z.literal("approve") }),
  z.object({ verdict: z.literal("reject"), reason: NonEmptyText.max(2000) }),
]);
export type ModerationInput = z.input<typeof ModerationInput>;

export const AnswerInput = z.object({ decision: CommentDecision, answer: NonEmptyText.max(10_000) });
export type AnswerInput = z.input<typeof AnswerInput>;

type CommentRow = typeof hearingComments.$inferSelect;
/** A stored comment as staff see it (also the newsroom's moderation queue). */
export const toComment = (row: CommentRow): HearingComment => ({
  id: row.id,
  publicationId: row.publicationId,
  paragraph: row.paragraph,
  text: row.text,
  authorName: row.authorName,
  moderation: row.moderation as HearingComment["moderation"],
  rejectionReason: row.rejectionReason,
  decision: row.decision as HearingComment["decision"],
  answer: row.answer,
  answeredAt: row.answeredAt?.toISOString() ?? null,
  receivedAt: row.receivedAt.toISOString(),
});

/**
 * Takes a citizen's comment on a hearing that is on the site and open now, with a separate
 * consent recorded in identity's ledger in the same transaction. Comments wait for premoderation;
 * `content.hearing_comment_submitted` is written to the outbox in the same transaction.
 */
export async function submitHearingComment(
  context: ContentContext,
  publicationIdOrSlug: string,
  input: NewHearingComment,
): Promise<HearingComment> {
  const fields = parseInput(NewHearingComment, input);
  const now = context.clock.now();
  return withTransaction(context.db, async (tx) => {
    const [row] = await tx.drizzle
      .select()
      .from(publications)
      .where(or(eq(publications.id, publicationIdOrSlug), eq(publications.slug, publicationIdOrSlug)));
    if (row?.type !== "hearing" || row.live === null)
      throw notFound(`Обсуждение / Hearing ${publicationIdOrSlug}`);
    const hearing = (row.live as { fields: HearingFields }).fields as unknown as Record<
      string,
      string | string[]
    >;
    const opensAt = new Date(hearing.opensAt as string);
    const closesAt = new Date(hearing.closesAt as string);
    if (now < opensAt || now >= closesAt) {
      throw conflict(
        `Приём замечаний открыт с ${opensAt.toISOString()} по ${closesAt.toISOString()} / Comments are taken only during the discussion period`,
      );
    }
    const paragraphs = hearing.draftParagraphs as string[];
    if (fields.paragraph !== undefined && fields.paragraph >= paragraphs.length) {
      throw new OtklikError("validation_failed", "Нет такого пункта / No such paragraph", {
        details: [{ path: ["paragraph"], message: `0…${paragraphs.length - 1}` }],
      });
    }
    const consent = await recordConsent(
      { ...context, db: tx },
      {
        textId: fields.consentTextId,
        subject: { name: fields.author.name, email: fields.author.email },
        channel: "site",
      },
    );
    if (consent.purpose !== HEARING_CONSENT_PURPOSE) {
      throw new OtklikError(
        "validation_failed",
        "Это не согласие для обсуждений / Not the consent for hearings",
        {
          details: [{ path: ["consentTextId"], message: `purpose must be ${HEARING_CONSENT_PURPOSE}` }],
        },
      );
    }
    const [comment] = await tx.drizzle
      .insert(hearingComments)
      .values({
        id: newId("hcm", now),
        publicationId: row.id,
        paragraph: fields.paragraph ?? null,
        text: fields.text,
        authorName: fields.author.name,
        authorEmail: fields.author.email,
        consentId: consent.id,
        moderation: "pending",
        receivedAt: now,
      })
      .returning();
    // The moderators learn of it through the outbox, with how many of the hearing's comments wait.
    const [waiting] = await tx.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM content_hearing_comments WHERE publication_id = $1 AND moderation = 'pending'",
      [row.id],
    );
    await emit(
      tx,
      HearingCommentSubmitted,
      {
        publicationId: row.id,
        commentId: comment!.id,
        title: (row.live as { title?: string }).title ?? row.title,
        paragraph: comment!.paragraph,
        awaitingModeration: Math.max(1, waiting?.count ?? 1),
        receivedAt: now.toISOString(),
      },
      { clock: context.clock },
    );
    return toComment(comment!);
  });
}

/** Every comment on a hearing, for the organisers (moderation, answers). */
export async function listHearingComments(
  context: ContentContext,
  publicationId: string,
): Promise<HearingComment[]> {
  requirePermission(context.actor, "publication:edit");
  await loadPublication(context.db, publicationId);
  const rows = await context.db.drizzle
    .select()
    .from(hearingComments)
    .where(eq(hearingComments.publicationId, publicationId))
    .orderBy(asc(hearingComments.receivedAt), asc(hearingComments.id));
  return rows.map(toComment);
}

/** Approved comments with their answers, for the site. */
export async function listPublishedHearingComments(
  context: Pick<ContentContext, "db">,
  publicationIdOrSlug: string,
): Promise<HearingComment[]> {
  const rows = await context.db.drizzle
    .select({ comment: hearingComments })
    .from(hearingComments)
    .innerJoin(publications, eq(publications.id, hearingComments.publicationId))
    .where(
      and(
        or(eq(publications.id, publicationIdOrSlug), eq(publications.slug, publicationIdOrSlug)),
        eq(hearingComments.moderation, "approved"),
      ),
    )
    .orderBy(asc(hearingComments.receivedAt));
  return rows.map(({ comment }) => toComment(comment));
}

async function changeComment(
  context: ContentContext,
  commentId: string,
  action: string,
  change: (row: CommentRow) => Partial<CommentRow>,
): Promise<HearingComment> {
  requirePermission(context.actor, "publication:edit");
  return withTransaction(context.db, async (tx) => {
    const [row] = await tx.drizzle
      .select()
      .from(hearingComments)
      .where(eq(hearingComments.id, commentId))
      .for("update");
    if (!row) throw notFound(`Замечание / Comment ${commentId}`);
    const [updated] = await tx.drizzle
      .update(hearingComments)
      .set(change(row))
      .where(eq(hearingComments.id, commentId))
      .returning();
    await recordAudit(tx, context, {
      action,
      objectType: "hearing_comment",
      objectId: commentId,
      before: { moderation: row.moderation, decision: row.decision },
      after: { moderation: updated!.moderation, decision: updated!.decision },
    });
    return toComment(updated!);
  });
}

/** Premoderation: approve a comment for the site, or reject it with a reason. */
export function moderateHearingComment(
  context: ContentContext,
  commentId: string,
  input: ModerationInput,
): Promise<HearingComment> {
  const verdict = parseInput(ModerationInput, input);
  return changeComment(context, commentId, "hearing_comment.moderate", (row) => {
    if (row.moderation !== "pending")
      throw conflict("Замечание уже рассмотрено / The comment has been moderated already");
    return verdict.verdict === "approve"
      ? { moderation: "approved", moderatedBy: actorId(context.actor) }
      : { moderation: "rejected", rejectionReason: verdict.reason, moderatedBy: actorId(context.actor) };
  });
}

/** The organisers' official answer and decision on an approved comment. */
export function answerHearingComment(
  context: ContentContext,
  commentId: string,
  input: AnswerInput,
): Promise<HearingComment> {
  const fields = parseInput(AnswerInput, input);
  return changeComment(context, commentId, "hearing_comment.answer", (row) => {
    if (row.moderation !== "approved")
      throw conflict("Ответ — только на принятое замечание / Answer approved comments only");
    return {
      decision: fields.decision,
      answer: fields.answer,
      answeredBy: actorId(context.actor),
      answeredAt: context.clock.now(),
    };
  });
}

/** Commenters' names and e-mails, for identity's export, erasure and retention. */
export const hearingCommentPersonalData: PersonalDataPart = {
  name: "content.hearing_comments",
  description: "Замечания к проектам на общественных обсуждениях / Comments on drafts in public hearings",
  async export(subject, { db }) {
    if (!subject.email) return [];
    const rows = await db.drizzle
      .select()
      .from(hearingComments)
      .where(eq(hearingComments.authorEmail, subject.email));
    return rows.map((row) => ({ ...toComment(row), authorEmail: row.authorEmail }));
  },
  async erase(subject, { db, clock }) {
    if (!subject.email) return 0;
    const rows = await db.drizzle
      .update(hearingComments)
      .set({ authorName: null, authorEmail: null, anonymisedAt: clock.now() })
      .where(eq(hearingComments.authorEmail, subject.email))
      .returning({ id: hearingComments.id });
    return rows.length;
  },
  async anonymiseBefore(cutoff, { db, clock }) {
    const rows = await db.drizzle
      .update(hearingComments)
      .set({ authorName: null, authorEmail: null, anonymisedAt: clock.now() })
      .where(and(lt(hearingComments.receivedAt, cutoff), isNull(hearingComments.anonymisedAt)))
      .returning({ id: hearingComments.id });
    return rows.length;
  },
};
