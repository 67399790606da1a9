import { newId, OtklikError } from "@otklik/core";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { consents } from "../schema.js";
import { inTransaction, orm } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { type Consent, NewConsent } from "./consent.js";
import { toConsent } from "./consent-record.js";
import { PRIVACY_POLICY } from "./legal-text.js";
import { loadLegalText } from "./legal-text-record.js";

function invalidText(message: string): OtklikError {
  return new OtklikError("validation_failed", message, { details: [{ path: ["textId"], message }] });
}

/**
 * Records a person's consent to the exact text version they were shown. A
 * citizen records their own on the site (channel `site`, their address from
 * the request); staff record consents given elsewhere (phone, paper, social pages).
 * The audit entry names the consent, never the person.
 */
export async function recordConsent(context: ServiceContext, input: NewConsent): Promise<Consent> {
  const fields = parseInput(NewConsent, input);
  const { actor } = context;
  if ((actor.kind === "anonymous" || actor.kind === "token") && fields.channel !== "site") {
    throw new OtklikError(
      "forbidden",
      "Согласие, данное вне сайта, записывает сотрудник / A consent given elsewhere is recorded by staff",
    );
  }
  const now = context.clock.now();
  return inTransaction(context.db, async (transaction) => {
    const text = await loadLegalText(transaction, fields.textId).catch(() => {
      throw invalidText(`Нет текста согласия ${fields.textId} / No consent text ${fields.textId}`);
    });
    if (text.document === PRIVACY_POLICY) {
      throw invalidText("Политика — не текст согласия / The policy is not a consent text");
    }
    const [row] = await orm(transaction)
      .insert(consents)
      .values({
        id: newId("cns", now),
        textId: text.id,
        purpose: text.document,
        subjectName: fields.subject.name ?? null,
        subjectEmail: fields.subject.email ?? null,
        subjectPhone: fields.subject.phone ?? null,
        address: actor.kind === "system" ? null : actor.address,
        channel: fields.channel,
        givenAt: now,
      })
      .returning();
    await recordAudit(transaction, context, {
      action: "consent.create",
      objectType: "consent",
      objectId: row!.id,
      after: { textId: text.id, purpose: text.document, version: text.version, channel: fields.channel },
    });
    return toConsent(row!);
  });
}
