import { NonEmptyText, OtklikError } from "@otklik/core";
import { type Executor, withTransaction } from "@otklik/db";
import { and, asc, eq, inArray, isNotNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { publicationPath } from "../publication/create-publication.js";
import type { Publication } from "../publication/publication.js";
import { explanatoryRequests, publications, publishers } from "../schema.js";
import { parseInput } from "../storage/parse-input.js";
import { loadPublication, toPublication } from "../storage/publication-record.js";
import type { PublicationState } from "../workflow/workflow.js";
import { createExplanatoryDraft } from "./create-explanatory-draft.js";

/**
 * The incident desk's request for an explanatory material, as its event (`incidents.explanation_requested`)
 * carries it: `topic` is the key of the incident topic (its stems, sorted, joined by spaces).
 */
export const ExplanationRequestInput = z.object({
  eventId: z.string().min(1).max(64),
  topic: NonEmptyText.max(400),
  title: NonEmptyText.max(200),
  questions: z.array(NonEmptyText.max(2000)).min(1).max(50),
  requestedBy: z.string().min(1).max(200),
  /** Who the material speaks for; by default the administration (the first publisher of that kind). */
  publisherId: z.string().min(1).max(64).optional(),
});
export type ExplanationRequestInput = z.input<typeof ExplanationRequestInput>;

/** What a request came to: the material's draft, and whether this request started it. */
export interface ExplanationDraftOutcome {
  publication: Publication;
  /** False when the event was handled before, or the topic already has a material (not archived). */
  created: boolean;
}

async function defaultPublisher(db: Executor): Promise<string> {
  const [administration] = await db.drizzle
    .select({ id: publishers.id })
    .from(publishers)
    .where(eq(publishers.kind, "administration"))
    .orderBy(asc(publishers.createdAt), asc(publishers.id))
    .limit(1);
  if (!administration) {
    throw new OtklikError(
      "conflict",
      "Нет издателя «администрация» для разъяснения / No administration publisher for the explanatory material",
    );
  }
  return administration.id;
}

/**
 * What content does with a request from the incident desk: starts an explanatory draft with the
 * citizens' questions quoted, linked to the topic. Idempotent by the event id (a redelivered event
 * answers the same draft), and one material per topic: while the topic has one that is not archived,
 * a new request is recorded against it rather than starting another. Requests of one topic are
 * serialised by a transaction-scoped advisory lock, so two workers never start two drafts.
 */
export async function draftFromExplanationRequest(
  context: ContentContext,
  input: ExplanationRequestInput,
): Promise<ExplanationDraftOutcome> {
  const request = parseInput(ExplanationRequestInput, input);
  return withTransaction(context.db, async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`content.explanatory:${request.topic}`]);
    const [handled] = await tx.drizzle
      .select({ publicationId: explanatoryRequests.publicationId })
      .from(explanatoryRequests)
      .where(eq(explanatoryRequests.eventId, request.eventId));
    if (handled) {
      return { publication: toPublication(await loadPublication(tx, handled.publicationId)), created: false };
    }
    const [existing] = await materialsOf(tx, [request.topic]);
    const publication = existing
      ? toPublication(await loadPublication(tx, existing.publicationId))
      : await createExplanatoryDraft(
          { ...context, db: tx },
          {
            topic: request.title,
            topicKey: request.topic,
            questions: request.questions,
            publisherId: request.publisherId ?? (await defaultPublisher(tx)),
          },
        );
    await tx.drizzle.insert(explanatoryRequests).values({
      eventId: request.eventId,
      topic: request.topic,
      publicationId: publication.id,
      title: request.title,
      questions: request.questions.length,
      requestedBy: request.requestedBy,
      receivedAt: context.clock.now(),
    });
    return { publication, created: !existing };
  });
}

/** The material a topic has (the newest one that is not archived), as the desk's topic list shows it. */
export interface TopicMaterial {
  topic: string;
  publicationId: string;
  title: string;
  state: PublicationState;
  /** The site's path when it is live; else null. */
  path: string | null;
}

async function materialsOf(db: Executor, topics: readonly string[]): Promise<TopicMaterial[]> {
  if (topics.length === 0) return [];
  const rows = await db.drizzle
    .selectDistinctOn([explanatoryRequests.topic], {
      topic: explanatoryRequests.topic,
      publicationId: publications.id,
      title: publications.title,
      state: publications.state,
      slug: publications.slug,
      live: publications.live,
    })
    .from(explanatoryRequests)
    .innerJoin(publications, eq(publications.id, explanatoryRequests.publicationId))
    .where(and(inArray(explanatoryRequests.topic, [...topics]), ne(publications.state, "archived")))
    .orderBy(explanatoryRequests.topic, explanatoryRequests.receivedAt);
  return rows.map((row) => ({
    topic: row.topic,
    publicationId: row.publicationId,
    title: row.title,
    state: row.state as PublicationState,
    path: row.live === null ? null : publicationPath(row.slug),
  }));
}

/** The explanatory materials (not archived) already requested for these topics. */
export async function explanatoryMaterialsForTopics(
  context: Pick<ContentContext, "db">,
  topics: readonly string[],
): Promise<TopicMaterial[]> {
  return materialsOf(context.db, topics);
}

/** A published explanatory material offered to the reply composer. */
export interface ExplanatoryReply {
  publicationId: string;
  title: string;
  url: string;
  /** The topic key the material answers and how much of it the incident shares (0–1). */
  topic: string;
  match: number;
  /** A reply to the citizen pointing to the material, to be edited before it is sent. */
  text: string;
}

/** The least share of a topic's stems an incident must contain for the material to be offered. */
export const REPLY_MATCH_THRESHOLD = 0.5;

/**
 * Published explanatory materials that answer an incident: those whose topic's stems the incident's
 * text shares (at least half of them), best match first, then the newest. `stems` are the incident's
 * topic stems (incidents' `topicStems`), so both sides stem alike. The reply text links the material
 * on the site (`siteUrl`).
 */
export async function explanatoryReplies(
  context: Pick<ContentContext, "db">,
  input: { stems: readonly string[]; siteUrl: string; limit?: number },
): Promise<ExplanatoryReply[]> {
  const incident = new Set(input.stems);
  const rows = await context.db.drizzle
    .select({
      id: publications.id,
      slug: publications.slug,
      live: publications.live,
      publishedAt: publications.publishedAt,
    })
    .from(publications)
    .where(and(eq(publications.type, "explanatory"), isNotNull(publications.live)));
  const site = input.siteUrl.replace(/\/$/, "");
  return rows
    .flatMap((row) => {
      const live = row.live as { title: string; summary: string; fields: { incidentTopics?: string[] } };
      const best = (live.fields.incidentTopics ?? [])
        .map((topic) => {
          const stems = topic.split(" ").filter((stem) => stem.length > 0);
          return { topic, match: stems.filter((stem) => incident.has(stem)).length / (stems.length || 1) };
        })
        .sort((left, right) => right.match - left.match)[0];
      if (!best || best.match < REPLY_MATCH_THRESHOLD) return [];
      const url = `${site}${publicationPath(row.slug)}`;
      const summary = live.summary.trim();
      return [
        {
          publicationId: row.id,
          title: live.title,
          url,
          topic: best.topic,
          match: best.match,
          text:
            `Здравствуйте! Ответ на ваш вопрос опубликован на сайте администрации: «${live.title}» — ${url}` +
            (summary ? `\n\n${summary}` : ""),
          publishedAt: row.publishedAt?.getTime() ?? 0,
        },
      ];
    })
    .sort((left, right) => right.match - left.match || right.publishedAt - left.publishedAt)
    .slice(0, input.limit ?? 5)
    .map(({ publishedAt: _publishedAt, ...reply }) => reply);
}
