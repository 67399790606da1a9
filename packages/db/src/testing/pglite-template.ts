import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { enableTrigramSearch } from "../connection/connect.js";
import { silentLogger } from "../connection/logger.js";
import { connectPglite } from "../connection/pglite.js";
import { migrate } from "../migrations/migrate.js";
import type { MigrationSet } from "../migrations/migration-set.js";
import { templateKey } from "./template-key.js";

const CACHE_FOLDER = path.join(os.tmpdir(), "otklik-test-templates");
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

const templates = new Map<string, Promise<Blob>>();

function pglitePackageFolder(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@electric-sql/pglite");
  // dist/index.cjs → the package folder; its package.json holds the version.
  return path.join(path.dirname(entry), "..");
}

let version: Promise<string> | undefined;
async function engineVersion(): Promise<string> {
  version ??= readFile(path.join(pglitePackageFolder(), "package.json"), "utf8").then(
    (text) => `pglite ${(JSON.parse(text) as { version: string }).version}`,
  );
  return version;
}

/**
 * A PGlite data folder (as a tarball) with `sets` migrated: built once per process and cached on
 * disk, so each test file of a run pays only for loading it. Keyed by the migrations' contents.
 */
export async function pgliteTemplate(sets: readonly MigrationSet[]): Promise<Blob> {
  const key = await templateKey(sets, await engineVersion());
  const file = path.join(CACHE_FOLDER, `pglite-${key.family}-${key.contents}.tar`);
  let template = templates.get(file);
  if (!template) {
    template = loadOrBuild(file, sets);
    templates.set(file, template);
    template.catch(() => templates.delete(file));
  }
  return template;
}

async function loadOrBuild(file: string, sets: readonly MigrationSet[]): Promise<Blob> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not cached yet: build it below.
  }
  const db = await connectPglite({ logger: silentLogger });
  let tarball: Blob;
  try {
    await enableTrigramSearch(db);
    await migrate(db, sets);
    tarball = await db.engine.dumpDataDir("none");
  } finally {
    await db.close();
  }
  await mkdir(CACHE_FOLDER, { recursive: true });
  // Written aside and renamed, so a parallel test file never reads half a template.
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()));
  await rename(partial, file);
  await removeStaleTemplates().catch(() => {});
  return tarball;
}

async function removeStaleTemplates(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(CACHE_FOLDER)) {
    const full = path.join(CACHE_FOLDER, name);
    const info = await stat(full);
    if (now - info.mtimeMs > STALE_AFTER_MS) await unlink(full);
  }
}
