import { fromZodError, IsoInstant, NonEmptyText } from "@otklik/core";
import { emit, withTransaction } from "@otklik/db";
import { actorId, recordAudit, requirePermission, scopeToDepartment } from "@otklik/identity";
import { and, desc, gte, isNull, lt } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import { IncidentExplanationRequested } from "../events.js";
import { incidents } from "../schema.js";
import { groupFrequentQuestions } from "./group-topics.js";

/** The newest incidents of a period that are grouped (grouping compares each with every group). */
export const FREQUENT_QUESTIONS_SCAN_LIMIT = 5_000;
const DAY_MS = 86_400_000;

/** Which incidents to group: a period (the last 30 days by default) and how many groups to show. */
export const FrequentQuestionsQuery = z.object({
  since: IsoInstant.optional(),
  until: IsoInstant.optional(),
  top: z.coerce.number().int().min(1).max(50).default(10),
  minimumCount: z.coerce.number().int().min(2).max(10_000).default(3),
  examples: z.coerce.number().int().min(1).max(20).default(5),
});
export type FrequentQuestionsQuery = z.input<typeof FrequentQuestionsQuery>;

/** A group of incidents asking about one thing. */
export interface FrequentQuestion {
  /** The group's stems, sorted and joined by spaces: the key an explanatory material is linked to. */
  topic: string;
  /** The stems that define the topic, most telling first. */
  stems: string[];
  count: number;
  incidentIds: string[];
  /** What citizens wrote, as written: the first `examples` of the group. */
  examples: string[];
}

function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

/** The key of a topic: its stems, sorted and joined by spaces. */
export function topicKey(stems: readonly string[]): string {
  return [...new Set(stems)].sort().join(" ");
}

/**
 * The period's frequent questions: incidents received in it (the newest
 * {@link FREQUENT_QUESTIONS_SCAN_LIMIT}, merged duplicates left out, a head's own department only)
 * grouped by topic with `groupFrequentQuestions`, the largest groups first. Needs `report:read`.
 */
export async function frequentQuestions(
  context: IncidentContext,
  query: FrequentQuestionsQuery = {},
): Promise<FrequentQuestion[]> {
  const scope = requirePermission(context.actor, "report:read");
  const { since, until, top, minimumCount, examples } = parseInput(FrequentQuestionsQuery, query);
  const end = until ?? context.clock.now();
  const start = since ?? new Date(end.getTime() - 30 * DAY_MS);
  const rows = await context.db.drizzle
    .select({ id: incidents.id, text: incidents.textOriginal })
    .from(incidents)
    .where(
      and(
        scopeToDepartment(scope, incidents.departmentId),
        isNull(incidents.mergedIntoId),
        gte(incidents.receivedAt, start),
        lt(incidents.receivedAt, end),
      ),
    )
    .orderBy(desc(incidents.receivedAt), desc(incidents.id))
    .limit(FREQUENT_QUESTIONS_SCAN_LIMIT);
  // Oldest first, so a group's examples read in the order they came.
  return groupFrequentQuestions(rows.reverse(), { top, minimumCount, examples }).map((group) => ({
    topic: topicKey(group.stems),
    stems: group.stems,
    count: group.count,
    incidentIds: group.itemIds,
    examples: group.examples,
  }));
}

/** An operator's request for an explanatory material on a group of frequent questions. */
export const ExplanationRequest = z.object({
  /** The group's stems (from `frequentQuestions`). */
  stems: z
    .array(z.string().trim().min(1).max(40), { error: "Укажите слова темы / Give the topic's stems" })
    .min(1)
    .max(8),
  /** What the material is about, as readers will see it: «Когда включат отопление». */
  title: NonEmptyText.max(200),
  /** The citizens' questions to quote (the operator picks them from the group's examples). */
  questions: z
    .array(NonEmptyText.max(2000))
    .min(1, { error: "Нужен хотя бы один вопрос / At least one question" })
    .max(50),
  incidentIds: z.array(z.string().min(1).max(64)).max(500).default([]),
});
export type ExplanationRequest = z.input<typeof ExplanationRequest>;

/** What requesting answers: the event that carries the request to the press office. */
export interface ExplanationRequested {
  eventId: string;
  topic: string;
  requestedAt: string;
}

/**
 * Asks the press office for an explanatory material on a topic: emits
 * `incidents.explanation_requested` through the outbox with an audit entry, in one transaction.
 * Content's subscriber starts the draft (once per event, and once per topic). Needs
 * `incident:reply` — the operators who answer citizens publicly.
 */
export async function requestExplanation(
  context: IncidentContext,
  request: ExplanationRequest,
): Promise<ExplanationRequested> {
  requirePermission(context.actor, "incident:reply");
  const input = parseInput(ExplanationRequest, request);
  const topic = topicKey(input.stems);
  const requestedAt = context.clock.now();
  const eventId = await withTransaction(context.db, async (tx) => {
    const id = await emit(
      tx,
      IncidentExplanationRequested,
      {
        topic,
        stems: input.stems,
        title: input.title,
        questions: input.questions,
        incidentIds: input.incidentIds,
        requestedBy: actorId(context.actor),
      },
      { clock: context.clock },
    );
    await recordAudit(tx, context, {
      action: "incident.explanation_request",
      objectType: "incident_topic",
      objectId: topic,
      after: { eventId: id, title: input.title, questions: input.questions.length },
    });
    return id;
  });
  return { eventId, topic, requestedAt: requestedAt.toISOString() };
}
