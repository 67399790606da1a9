/**
 * Writes `data/split-2.json`, the held-out part of the extra labelled files: per file and category,
 * the 30% of ids with the smallest SHA-256 of "otklik-split-2:" + id. Run once when a file is added
 * (`pnpm exec tsx bench/extra-split.ts`); `src/classification/dataset.test.ts` recomputes it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dataPath } from "../src/classification/dataset-files.js";
import {
  EXTRA_LABELLED_FILES,
  EXTRA_SPLIT_FILE,
  extraHeldOutIds,
  parseLabelledComments,
} from "../src/classification/labelled-comments.js";

const files = EXTRA_LABELLED_FILES.map((name) => parseLabelledComments(readFileSync(dataPath(name), "utf8")));
const split = {
  method: 'per file and category, the round(30%) of ids with the smallest SHA-256 of "otklik-split-2:" + id',
  heldOut: extraHeldOutIds(files),
};
writeFileSync(dataPath(EXTRA_SPLIT_FILE), `${JSON.stringify(split, null, 2)}\n`);
console.log(`${EXTRA_SPLIT_FILE}: ${split.heldOut.length} held-out ids`);
