import { notFound } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { desc, eq } from "drizzle-orm";
import { legalTexts } from "../schema.js";
import { orm } from "../storage/database.js";
import type { LegalText } from "./legal-text.js";

export type LegalTextRow = typeof legalTexts.$inferSelect;

export const LEGAL_TEXT_NOT_FOUND = "Текст документа / Document text";

export function toLegalText(row: LegalTextRow): LegalText {
  return {
    id: row.id,
    document: row.document,
    version: row.version,
    title: row.title,
    body: row.body,
    publishedAt: row.publishedAt.toISOString(),
  };
}

/** The latest version of a document, or `undefined` before its first publication. */
export async function latestVersion(db: Executor, document: string): Promise<LegalTextRow | undefined> {
  const [row] = await orm(db)
    .select()
    .from(legalTexts)
    .where(eq(legalTexts.document, document))
    .orderBy(desc(legalTexts.version))
    .limit(1);
  return row;
}

export async function loadLegalText(db: Executor, id: string): Promise<LegalTextRow> {
  const [row] = await orm(db).select().from(legalTexts).where(eq(legalTexts.id, id)).limit(1);
  if (!row) throw notFound(LEGAL_TEXT_NOT_FOUND);
  return row;
}
