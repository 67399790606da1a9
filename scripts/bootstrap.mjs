#!/usr/bin/env node
// `npm start` / `npm test` on a machine with only Node.js and npm: finds or fetches
// pnpm (the version pinned in package.json), installs the workspace, then runs the
// real command. `pnpm start` / `pnpm test` run the same script.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packageJson = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const pnpmVersion = packageJson.packageManager.split("@")[1];
const command = process.argv[2];

function run(file, args, options = {}) {
  const result = spawnSync(file, args, { cwd: root, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmCommand() {
  const fromPnpm = process.env.npm_execpath && /pnpm/.test(path.basename(process.env.npm_execpath));
  if (fromPnpm) return { file: process.execPath, prefix: [process.env.npm_execpath] };
  const onPath = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (onPath.status === 0 && onPath.stdout.trim() === pnpmVersion) return { file: "pnpm", prefix: [] };
  return { file: "npx", prefix: ["--yes", `pnpm@${pnpmVersion}`] };
}

function installIfStale(pnpm) {
  const marker = path.join(root, "node_modules", ".pnpm", "lock.yaml");
  const lock = path.join(root, "pnpm-lock.yaml");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  const status = run(pnpm.file, [...pnpm.prefix, "install", ...frozen]);
  if (status !== 0) process.exit(status);
}

const pnpm = pnpmCommand();
installIfStale(pnpm);

const scripts = {
  start: ["node", ["scripts/start.mjs", ...process.argv.slice(3)]],
  test: ["node", ["scripts/test.mjs", ...process.argv.slice(3)]],
};
const chosen = scripts[command];
if (!chosen) {
  console.error(`Unknown command "${command}". Use: start | test`);
  process.exit(2);
}
const binaries = path.join(root, "node_modules", ".bin");
process.exit(
  run(chosen[0], chosen[1], {
    env: { ...process.env, PATH: `${binaries}${path.delimiter}${process.env.PATH}` },
  }),
);
