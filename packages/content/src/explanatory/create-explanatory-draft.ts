import { NonEmptyText } from "@otklik/core";
import { z } from "zod";
import type { ContentContext } from "../context.js";
import { createPublication } from "../publication/create-publication.js";
import type { Publication } from "../publication/publication.js";
import { parseInput } from "../storage/parse-input.js";

/** A group of frequent questions from the incident desk, to be answered once, publicly. */
export const ExplanatoryDraftInput = z.object({
  topic: NonEmptyText.max(200),
  /** The incident topic's key (its stems, sorted, joined by spaces) the material is linked to; else `topic`. */
  topicKey: NonEmptyText.max(400).optional(),
  questions: z.array(NonEmptyText.max(2000)).min(1).max(200),
  publisherId: z.string().min(1).max(64),
});
export type ExplanatoryDraftInput = z.input<typeof ExplanatoryDraftInput>;

/**
 * Starts an explanatory material from incident questions: a draft with the topic as title and the
 * questions as headings waiting for answers. A subscriber to the incidents package's
 * frequent-questions event calls it (idempotency is the subscriber's, by the event id).
 */
export async function createExplanatoryDraft(
  context: ContentContext,
  input: ExplanatoryDraftInput,
): Promise<Publication> {
  const { topic, topicKey, questions, publisherId } = parseInput(ExplanatoryDraftInput, input);
  const body = questions
    .map((question) => `## ${question.replace(/\n/g, " ")}\n\n_Ответ готовится._`)
    .join("\n\n");
  return createPublication(context, {
    type: "explanatory",
    title: `Разъяснение: ${topic}`,
    summary: `Ответы на частые вопросы горожан: ${topic}`,
    body,
    publisherId,
    tags: ["разъяснение"],
    fields: { incidentTopics: [topicKey ?? topic], questions },
  });
}
