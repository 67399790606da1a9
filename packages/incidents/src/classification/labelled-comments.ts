import { z } from "zod";
import { CategoryCode } from "./categories.js";

/** One line of `data/comments.jsonl`: a citizen's comment with the category a person gave it. */
export const LabelledComment = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  category: CategoryCode,
  urgent: z.boolean().optional(),
});
export type LabelledComment = z.infer<typeof LabelledComment>;

/** `data/split.json`: how the held-out part was chosen, and its ids. */
export const DatasetSplit = z.object({
  method: z.string(),
  heldOut: z.array(z.string()),
});
export type DatasetSplit = z.infer<typeof DatasetSplit>;

/** Parses JSON Lines of {@link LabelledComment}; blank lines are skipped, a bad line throws with its number. */
export function parseLabelledComments(jsonLines: string): LabelledComment[] {
  const comments: LabelledComment[] = [];
  jsonLines.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const parsed = LabelledComment.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`Line ${index + 1}: ${parsed.error.message}`);
    comments.push(parsed.data);
  });
  return comments;
}

/** Divides labelled comments into the training part and the held-out part named by the split. */
export function applySplit(
  comments: readonly LabelledComment[],
  split: DatasetSplit,
): { train: LabelledComment[]; heldOut: LabelledComment[] } {
  const heldOutIds = new Set(split.heldOut);
  return {
    train: comments.filter((comment) => !heldOutIds.has(comment.id)),
    heldOut: comments.filter((comment) => heldOutIds.has(comment.id)),
  };
}
