import { newId } from "@otklik/core";
import { requirePermission } from "../access/require-permission.js";
import { recordAudit } from "../audit/record-audit.js";
import type { ServiceContext } from "../context.js";
import { parseInput } from "../storage/parse-input.js";
import { DataSubject } from "./data-subject.js";
import type { PersonalDataRegistry } from "./registry.js";

/** Everything Otklik holds about one citizen, part by part. */
export interface PersonalDataExport {
  requestId: string;
  exportedAt: string;
  subject: DataSubject;
  parts: { name: string; description: string; records: unknown[] }[];
}

/**
 * Collects one citizen's data from every registered part, for an
 * administrator answering a subject access request. The audit entry records
 * the request and the counts, not the person.
 */
export async function exportPersonalData(
  context: ServiceContext,
  registry: PersonalDataRegistry,
  input: DataSubject,
): Promise<PersonalDataExport> {
  requirePermission(context.actor, "personal-data:export");
  const subject = parseInput(DataSubject, input);
  const now = context.clock.now();
  const requestId = newId("pdr", now);
  const parts: PersonalDataExport["parts"] = [];
  for (const part of registry.parts()) {
    parts.push({
      name: part.name,
      description: part.description,
      records: await part.export(subject, context),
    });
  }
  await recordAudit(context.db, context, {
    action: "personal-data.export",
    objectType: "personal-data-request",
    objectId: requestId,
    after: { records: Object.fromEntries(parts.map((part) => [part.name, part.records.length])) },
  });
  return { requestId, exportedAt: now.toISOString(), subject, parts };
}
