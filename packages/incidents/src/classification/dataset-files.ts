import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  applySplit,
  DatasetSplit,
  type LabelledComment,
  type LabelledData,
  parseLabelledComments,
  readLabelledData,
} from "./labelled-comments.js";

/** Absolute path of a file in the package's `data/` folder. */
export function dataPath(name: string): string {
  return fileURLToPath(new URL(`../../data/${name}`, import.meta.url));
}

/** The frozen labelled set and its split, read from `data/`. */
export function readLabelledDataset(): {
  comments: LabelledComment[];
  split: DatasetSplit;
  train: LabelledComment[];
  heldOut: LabelledComment[];
} {
  const comments = parseLabelledComments(readFileSync(dataPath("comments.jsonl"), "utf8"));
  const split = DatasetSplit.parse(JSON.parse(readFileSync(dataPath("split.json"), "utf8")));
  return { comments, split, ...applySplit(comments, split) };
}

/** Every labelled file of `data/` with its split, and the training pool. */
export function readAllLabelledData(): LabelledData {
  return readLabelledData((name) => readFileSync(dataPath(name), "utf8"));
}
