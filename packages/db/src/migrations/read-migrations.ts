import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { MigrationSet } from "./migration-set.js";

/** One migration file as drizzle-kit wrote it, split into the statements to run. */
export interface MigrationFile {
  tag: string;
  hash: string;
  statements: string[];
}

const Journal = z.object({
  dialect: z.string(),
  entries: z.array(
    z.object({ idx: z.number(), tag: z.string(), when: z.number(), breakpoints: z.boolean() }),
  ),
});
type Journal = z.infer<typeof Journal>;

const BREAKPOINT = "--> statement-breakpoint";

/** Reads a set's `meta/_journal.json` and its SQL files, in journal order. */
export async function readMigrations(set: MigrationSet): Promise<MigrationFile[]> {
  const journalPath = path.join(set.folder, "meta", "_journal.json");
  let journal: Journal;
  try {
    journal = Journal.parse(JSON.parse(await readFile(journalPath, "utf8")));
  } catch (error) {
    throw new Error(`Migration set "${set.name}": cannot read ${journalPath}: ${(error as Error).message}`);
  }
  if (journal.dialect !== "postgresql") {
    throw new Error(`Migration set "${set.name}": dialect is "${journal.dialect}", expected "postgresql"`);
  }
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  return Promise.all(
    entries.map(async (entry) => {
      const text = await readFile(path.join(set.folder, `${entry.tag}.sql`), "utf8");
      const parts = entry.breakpoints ? text.split(BREAKPOINT) : [text];
      return {
        tag: entry.tag,
        hash: createHash("sha256").update(text).digest("hex"),
        statements: parts.map((part) => part.trim()).filter((part) => part.length > 0),
      };
    }),
  );
}
