import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATEGORY_CODES } from "./categories.js";
import { dataPath, readAllLabelledData, readLabelledDataset } from "./dataset-files.js";
import { EXTRA_LABELLED_FILES, extraHeldOutIds, parseLabelledComments } from "./labelled-comments.js";

/**
 * The labelled set and its split were written before any rule and are frozen: editing them to
 * raise a score is not allowed. These digests fail the suite on any change to either file.
 */
const FROZEN_SHA256 = {
  "comments.jsonl": "576180041716299f7109b52b0e30973d4fe6e81ad30d0ee1f4ec53c49caa662f",
  "split.json": "a1068b2354b7e34127518306f629802023858ba7857a4a8b30ccc4f8482c9f47",
} as const;

/**
 * The extra labelled files (written later, in a clean room, blind to the frozen set and the rules)
 * and their split are pinned the same way: a new file may be added, these are never edited.
 */
const EXTRA_SHA256 = {
  "comments-2.jsonl": "098d7c3b0ada9a971987fd7b8391563b4821c168115095289e20607e9c203a5e",
  "comments-3.jsonl": "228c3924c29fdb9ecabb8e57622960c530925ca030c45a286265449c11e71118",
  "comments-4.jsonl": "99c9ea0e37003f3a9dd5741f209e96bd66289cf205a55b8e218242ffe6979aa6",
  "split-2.json": "25141465ade780d14ff8da409a2c73373c81aabecbf0796da47654e6cf50bf97",
} as const;

function sha256(name: string): string {
  return createHash("sha256")
    .update(readFileSync(dataPath(name)))
    .digest("hex");
}

describe("the labelled comment set", () => {
  const { comments, split, train, heldOut } = readLabelledDataset();

  it.each(Object.entries(FROZEN_SHA256))("%s is unchanged since it was frozen", (name, digest) => {
    expect(sha256(name)).toBe(digest);
  });

  it("holds at least 300 comments with unique ids", () => {
    expect(comments.length).toBeGreaterThanOrEqual(300);
    expect(new Set(comments.map((comment) => comment.id)).size).toBe(comments.length);
  });

  it("has at least 20 comments in every category", () => {
    for (const category of CATEGORY_CODES) {
      expect(comments.filter((comment) => comment.category === category).length).toBeGreaterThanOrEqual(20);
    }
  });

  it("holds out about 30% of the comments, every held-out id being in the set", () => {
    const ids = new Set(comments.map((comment) => comment.id));
    expect(split.heldOut.every((id) => ids.has(id))).toBe(true);
    expect(heldOut.length / comments.length).toBeGreaterThan(0.25);
    expect(heldOut.length / comments.length).toBeLessThan(0.35);
    expect(train.length + heldOut.length).toBe(comments.length);
  });

  it("is split the way split.json says: per category, the smallest SHA-256 of the id are held out", () => {
    const key = (id: string): string => createHash("sha256").update(`otklik-split:${id}`).digest("hex");
    const expected: string[] = [];
    for (const category of CATEGORY_CODES) {
      const ids = comments.filter((comment) => comment.category === category).map((comment) => comment.id);
      ids.sort((left, right) => key(left).localeCompare(key(right)));
      expected.push(...ids.slice(0, Math.round(ids.length * 0.3)));
    }
    expect([...split.heldOut].sort()).toEqual(expected.sort());
  });
});

describe("the extra labelled files", () => {
  const { frozen, extra, trainingPool } = readAllLabelledData();

  it.each(Object.entries(EXTRA_SHA256))("%s is unchanged since it was written", (name, digest) => {
    expect(sha256(name)).toBe(digest);
  });

  it("share no id with the frozen set, and train on no text of it", () => {
    const frozenIds = new Set(frozen.comments.map((comment) => comment.id));
    expect(extra.comments.filter((comment) => frozenIds.has(comment.id))).toEqual([]);
    expect(new Set(extra.comments.map((comment) => comment.id)).size).toBe(extra.comments.length);
    // One clean-room comment happens to repeat a frozen one word for word; the pool leaves it out.
    const heldOutTexts = new Set(frozen.heldOut.map((comment) => comment.text.toLowerCase()));
    const extraIds = new Set(extra.comments.map((comment) => comment.id));
    const pooledExtra = trainingPool.filter((comment) => extraIds.has(comment.id));
    expect(pooledExtra.filter((comment) => heldOutTexts.has(comment.text.toLowerCase()))).toEqual([]);
    expect(trainingPool.filter((comment) => comment.id === "c3-0663")).toEqual([]);
  });

  it("are split the way split-2.json says, and no held-out comment is in the training pool", () => {
    const files = EXTRA_LABELLED_FILES.map((name) =>
      parseLabelledComments(readFileSync(dataPath(name), "utf8")),
    );
    expect([...extra.split.heldOut].sort()).toEqual(extraHeldOutIds(files));
    const pooled = new Set(trainingPool.map((comment) => comment.id));
    const heldOutIds = [...frozen.split.heldOut, ...extra.split.heldOut];
    expect(heldOutIds.filter((id) => pooled.has(id))).toEqual([]);
    expect(trainingPool.length).toBe(frozen.train.length + extra.train.length - 1);
  });
});
