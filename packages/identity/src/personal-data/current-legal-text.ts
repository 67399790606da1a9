import { notFound } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { parseInput } from "../storage/parse-input.js";
import { LegalDocument, type LegalText } from "./legal-text.js";
import { LEGAL_TEXT_NOT_FOUND, latestVersion, toLegalText } from "./legal-text-record.js";

/**
 * The version in force of the privacy policy or a consent text. Public: anyone
 * may read what they are asked to accept, so it takes no actor.
 */
export async function currentLegalText(
  context: { db: Executor },
  document: LegalDocument,
): Promise<LegalText> {
  const row = await latestVersion(context.db, parseInput(LegalDocument, document));
  if (!row) throw notFound(LEGAL_TEXT_NOT_FOUND);
  return toLegalText(row);
}
