import { newId } from "@otklik/core";
import { requirePermission } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { inTransaction } from "../storage/database.js";
import { parseInput } from "../storage/parse-input.js";
import { DataSubject } from "./data-subject.js";
import type { PersonalDataRegistry } from "./registry.js";

/** What an erasure changed, part by part. */
export interface PersonalDataErasure {
  requestId: string;
  erasedAt: string;
  parts: { name: string; records: number }[];
}

/**
 * Erases one citizen's personal data everywhere it is registered, in one
 * transaction: every part or none. Records stay (the incident is still an
 * incident) with the person anonymised. The audit log holds no personal data,
 * so it needs no change and stays consistent; the erasure itself is recorded
 * with counts only.
 */
export async function erasePersonalData(
  context: ServiceContext,
  registry: PersonalDataRegistry,
  input: DataSubject,
): Promise<PersonalDataErasure> {
  requirePermission(context.actor, "personal-data:erase");
  const subject = parseInput(DataSubject, input);
  const now = context.clock.now();
  const requestId = newId("pdr", now);
  return inTransaction(context.db, async (transaction) => {
    const parts: PersonalDataErasure["parts"] = [];
    for (const part of registry.parts()) {
      parts.push({
        name: part.name,
        records: await part.erase(subject, { db: transaction, clock: context.clock }),
      });
    }
    await recordAudit(transaction, context, {
      action: "personal-data.erase",
      objectType: "personal-data-request",
      objectId: requestId,
      after: { records: Object.fromEntries(parts.map((part) => [part.name, part.records])) },
    });
    return { requestId, erasedAt: now.toISOString(), parts };
  });
}
