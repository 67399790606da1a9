#!/usr/bin/env node
// Releases the domain packages to a registry given by URL (a company's internal registry).
//
//   node scripts/release.mjs version                      apply pending changesets: bump versions, write changelogs
//   node scripts/release.mjs publish --registry <url>     build and publish every package not yet in the registry
//
// The registry token comes from OTKLIK_REGISTRY_TOKEN (or --token); it is written
// to a temporary npm config file, never to the repository.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    registry: { type: "string" },
    token: { type: "string" },
    tag: { type: "string", default: "latest" },
  },
});

function run(file, args, env = {}) {
  const result = spawnSync(file, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const [command] = positionals;
if (command === "version") {
  run("changeset", ["version"]);
} else if (command === "publish") {
  const registry = values.registry;
  if (!registry) {
    console.error("Usage: release.mjs publish --registry <url> [--token <token>] [--tag <dist-tag>]");
    process.exit(2);
  }
  const token = values.token ?? process.env.OTKLIK_REGISTRY_TOKEN;
  const folder = mkdtempSync(path.join(os.tmpdir(), "otklik-release-"));
  const userconfig = path.join(folder, ".npmrc");
  const host = registry.replace(/^https?:/, "").replace(/\/?$/, "/");
  writeFileSync(userconfig, `registry=${registry}\n${token ? `${host}:_authToken=${token}\n` : ""}`, {
    mode: 0o600,
  });
  try {
    run("turbo", ["run", "build", "--filter=./packages/*", "--output-logs=errors-only"]);
    run(
      "pnpm",
      [
        "--filter",
        "./packages/*",
        "-r",
        "publish",
        "--no-git-checks",
        "--tag",
        values.tag,
        "--registry",
        registry,
      ],
      { npm_config_userconfig: userconfig },
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
} else {
  console.error("Usage: release.mjs version | publish --registry <url>");
  process.exit(2);
}
