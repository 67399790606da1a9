import { newId } from "@otklik/core";
import { actorId } from "../access/actor.js";
import { requirePermission } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { legalTexts } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { LegalDocument, type LegalText, NewLegalText } from "./legal-text.js";
import { latestVersion, toLegalText } from "./legal-text-record.js";

/**
 * Publishes a new version of the privacy policy or of a consent text. Earlier
 * versions stay: consents point at the exact version the person accepted.
 */
export async function publishLegalText(
  context: ServiceContext,
  document: LegalDocument,
  input: NewLegalText,
): Promise<LegalText> {
  requirePermission(context.actor, "legal-text:publish");
  const name = parseInput(LegalDocument, document);
  const fields = parseInput(NewLegalText, input);
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const previous = await latestVersion(transaction, name);
    const [row] = await orm(transaction)
      .insert(legalTexts)
      .values({
        id: newId("txt", now),
        document: name,
        version: (previous?.version ?? 0) + 1,
        title: fields.title,
        body: fields.body,
        publishedAt: now,
        publishedBy: actorId(context.actor),
      })
      .returning();
    await recordAudit(transaction, context, {
      action: "legal-text.publish",
      objectType: "legal-text",
      objectId: row!.id,
      after: { document: row!.document, version: row!.version, title: row!.title },
    });
    return toLegalText(row!);
  });
}
