import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATEGORY_CODES } from "./categories.js";
import { dataPath, readLabelledDataset } from "./dataset-files.js";

/**
 * The labelled set and its split were written before any rule and are frozen: editing them to
 * raise a score is not allowed. These digests fail the suite on any change to either file.
 */
const FROZEN_SHA256 = {
  "comments.jsonl": "576180041716299f7109b52b0e30973d4fe6e81ad30d0ee1f4ec53c49caa662f",
  "split.json": "a1068b2354b7e34127518306f629802023858ba7857a4a8b30ccc4f8482c9f47",
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
