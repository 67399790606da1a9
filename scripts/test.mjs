#!/usr/bin/env node
// `pnpm test`: every check of the repository, in the order that fails fastest.
// Build → typecheck → lint → package checks (publint, attw) → all tests (vitest).
// With OTKLIK_TEST_DATABASE_URL set, every database test also runs on that PostgreSQL.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const extra = process.argv.slice(2);

function step(title, file, args) {
  console.log(`\n▶ ${title}: ${file} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(file, args, { cwd: root, stdio: "inherit" });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${title} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${seconds}s)`);
}

step("build and typecheck", "turbo", ["run", "build", "typecheck", "--output-logs=errors-only"]);
step("lint and format", "biome", ["check", "."]);
step("package checks", "node", ["scripts/check-packages.mjs"]);

const report = path.join(mkdtempSync(path.join(os.tmpdir(), "otklik-test-")), "vitest.json");
const database = process.env.OTKLIK_TEST_DATABASE_URL ? "PGlite and PostgreSQL" : "PGlite";
console.log(`\n▶ tests (database tests on ${database})`);
const started = Date.now();
const vitest = spawnSync(
  "vitest",
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra],
  { cwd: root, stdio: "inherit" },
);
let summary = "tests: no report";
try {
  const result = JSON.parse(readFileSync(report, "utf8"));
  const skipped = result.numPendingTests + result.numTodoTests;
  summary = `tests: ${result.numPassedTests} passed, ${result.numFailedTests} failed, ${skipped} skipped`;
} catch {
  // vitest did not get far enough to write its report; its own output says why.
}
console.log(`\n${summary} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
process.exit(vitest.status ?? 1);
