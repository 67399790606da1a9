import { createHash } from "node:crypto";
import type { MigrationSet } from "../migrations/migration-set.js";
import { readMigrations } from "../migrations/read-migrations.js";

// Bump when the way templates are built changes, so old cached templates are not reused.
const TEMPLATE_FORMAT = 1;

/** Names a migrated template: the same sets with the same files give the same key. */
export interface TemplateKey {
  /** Hash of the set names alone: templates of one suite share it across migration changes. */
  family: string;
  /** Hash of everything a template's contents depend on. */
  contents: string;
}

export async function templateKey(
  sets: readonly MigrationSet[],
  engineVersion: string,
): Promise<TemplateKey> {
  const family = createHash("sha256")
    .update(sets.map((set) => set.name).join("\n"))
    .digest("hex");
  const contents = createHash("sha256").update(`${TEMPLATE_FORMAT}\n${engineVersion}\n`);
  for (const set of sets) {
    contents.update(`${set.name}\n`);
    for (const migration of await readMigrations(set))
      contents.update(`${migration.tag} ${migration.hash}\n`);
  }
  return { family: family.slice(0, 8), contents: contents.digest("hex").slice(0, 16) };
}
