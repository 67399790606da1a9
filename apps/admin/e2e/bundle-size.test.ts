import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ASSETS = path.resolve(import.meta.dirname, "../dist/client/assets");
// React 19 and react-dom weigh about 60 KB compressed; the rest of the first load must stay small.
const FIRST_LOAD_BUDGET_BYTES = 90 * 1024;

describe("the built admin", () => {
  it(`loads at most ${FIRST_LOAD_BUDGET_BYTES / 1024} KB of compressed JavaScript first`, () => {
    const html = readFileSync(path.join(ASSETS, "..", "index.html"), "utf8");
    const scripts = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map(
      (match) => match[1] ?? "",
    );
    expect(scripts.length).toBeGreaterThan(0);
    expect(readdirSync(ASSETS)).toEqual(expect.arrayContaining(scripts));
    const compressed = scripts.reduce(
      (total, file) => total + gzipSync(readFileSync(path.join(ASSETS, file))).length,
      0,
    );
    expect(compressed).toBeLessThan(FIRST_LOAD_BUDGET_BYTES);
  });
});
