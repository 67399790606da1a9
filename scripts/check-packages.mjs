#!/usr/bin/env node
// Every publishable package must pass publint and "are the types wrong" on its packed tarball.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packagesDir = path.join(root, "packages");
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => path.join(packagesDir, entry.name))
  .filter((dir) => existsSync(path.join(dir, "package.json")))
  .filter((dir) => !JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).private);

let failed = 0;
for (const dir of packages) {
  const name = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).name;
  for (const [tool, args] of [
    ["publint", ["--strict"]],
    ["attw", ["--pack", ".", "--profile", "esm-only", "--format", "table-flipped"]],
  ]) {
    const result = spawnSync(tool, args, { cwd: dir, encoding: "utf8" });
    if (result.status !== 0) {
      failed++;
      console.error(`✖ ${name}: ${tool}\n${result.stdout}${result.stderr}`);
    }
  }
  console.log(`${name}: publint and attw checked`);
}
if (failed > 0) process.exit(1);
