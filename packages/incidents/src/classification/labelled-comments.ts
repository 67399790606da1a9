import { createHash } from "node:crypto";
import { z } from "zod";
import { CATEGORY_CODES, CategoryCode } from "./categories.js";

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

/** The frozen set: written before any rule or model, never edited (see README). */
export const FROZEN_LABELLED_FILE = "comments.jsonl";
export const FROZEN_SPLIT_FILE = "split.json";

/**
 * Labelled comments written after the frozen set, in a clean room: their writers saw neither the
 * frozen set nor the rules. Each file is split like the frozen one (by {@link EXTRA_SPLIT_FILE}).
 */
export const EXTRA_LABELLED_FILES = ["comments-2.jsonl", "comments-3.jsonl", "comments-4.jsonl"] as const;
export const EXTRA_SPLIT_FILE = "split-2.json";

/** Every labelled file divided into its training and held-out parts. */
export interface LabelledData {
  frozen: {
    comments: LabelledComment[];
    split: DatasetSplit;
    train: LabelledComment[];
    heldOut: LabelledComment[];
  };
  extra: {
    comments: LabelledComment[];
    split: DatasetSplit;
    train: LabelledComment[];
    heldOut: LabelledComment[];
  };
  /**
   * What a model learns from: the training parts of the frozen set and of the extra files, without
   * extra comments that repeat a frozen comment's text.
   */
  trainingPool: LabelledComment[];
}

/** Reads the labelled files through `read` (a file name in the package's `data/` → its text). */
export function readLabelledData(read: (name: string) => string): LabelledData {
  const frozenComments = parseLabelledComments(read(FROZEN_LABELLED_FILE));
  const frozenSplit = DatasetSplit.parse(JSON.parse(read(FROZEN_SPLIT_FILE)));
  const extraComments = EXTRA_LABELLED_FILES.flatMap((name) => parseLabelledComments(read(name)));
  const extraSplit = DatasetSplit.parse(JSON.parse(read(EXTRA_SPLIT_FILE)));
  const frozen = { comments: frozenComments, split: frozenSplit, ...applySplit(frozenComments, frozenSplit) };
  const extra = { comments: extraComments, split: extraSplit, ...applySplit(extraComments, extraSplit) };
  // Written blind, an extra comment can still repeat a frozen one word for word: it never trains.
  const frozenTexts = new Set(frozenComments.map((comment) => comment.text.toLowerCase()));
  const extraTrain = extra.train.filter((comment) => !frozenTexts.has(comment.text.toLowerCase()));
  return { frozen, extra, trainingPool: [...frozen.train, ...extraTrain] };
}

/**
 * The held-out ids of the extra files: per file and category, the round(30%) of ids with the
 * smallest SHA-256 of `"otklik-split-2:" + id` (the frozen set's rule, with its own salt).
 */
export function extraHeldOutIds(files: readonly (readonly LabelledComment[])[]): string[] {
  const key = (id: string): string => createHash("sha256").update(`otklik-split-2:${id}`).digest("hex");
  const heldOut: string[] = [];
  for (const comments of files) {
    for (const category of CATEGORY_CODES) {
      const ids = comments.filter((comment) => comment.category === category).map((comment) => comment.id);
      ids.sort((left, right) => key(left).localeCompare(key(right)));
      heldOut.push(...ids.slice(0, Math.round(ids.length * 0.3)));
    }
  }
  return heldOut.sort();
}
