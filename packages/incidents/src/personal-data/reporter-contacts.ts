import { createHash } from "node:crypto";
import { OtklikError } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { assertInScope, type Consent, getConsent, requirePermission } from "@otklik/identity";
import { and, asc, eq } from "drizzle-orm";
import type { IncidentContext } from "../context.js";
import { reporters } from "../schema.js";
import { INCIDENT_NOT_FOUND, loadIncident } from "../storage/incident-record.js";

/**
 * The lookup keys of a person's contacts, as kept on a reporter row instead of the contacts
 * themselves: SHA-256 of `email:<lowercase address>` and of `phone:<last 10 digits>`. Erasure by
 * e-mail or phone computes the same keys to find the reporter; the address stays in identity's ledger.
 */
export function contactKeys(contacts: { email?: string | null; phone?: string | null }): string[] {
  const keys: string[] = [];
  const email = contacts.email?.trim().toLowerCase();
  if (email) keys.push(`email:${email}`);
  const phone = contacts.phone?.replace(/\D/g, "").slice(-10);
  if (phone && phone.length === 10) keys.push(`phone:${phone}`);
  return keys.map((key) => createHash("sha256").update(key).digest("hex"));
}

/**
 * Links an incident's own reporter to the consent they gave with their report (the site form), in
 * the intake's transaction: the consent's id, and the lookup keys of its contacts for erasure.
 */
export async function linkReporterConsent(
  tx: Executor,
  incidentId: string,
  consent: Pick<Consent, "id" | "subject">,
): Promise<void> {
  await tx.drizzle
    .update(reporters)
    .set({ consentId: consent.id, contactKeys: contactKeys(consent.subject) })
    .where(and(eq(reporters.incidentId, incidentId), eq(reporters.originalIncidentId, incidentId)));
}

/** How one reporter of an incident can be reached besides the thread they wrote in. */
export interface ReporterContact {
  reporterId: string;
  channel: string;
  /** The e-mail in their consent while it is in force; null otherwise (none, withdrawn, erased). */
  email: string | null;
  locale: "ru" | "en";
}

/**
 * The reporters of an incident (a merged one keeps its duplicates' reporters) with the e-mail each can
 * be told at: a site reporter's address from their consent in identity's ledger, only while the consent
 * is in force — never after it was withdrawn or the person's data erased. Needs `incident:read` on the
 * incident and identity's `consent:read` (the notification wiring runs as the system).
 */
export async function reporterContacts(
  context: IncidentContext,
  incidentId: string,
): Promise<ReporterContact[]> {
  const scope = requirePermission(context.actor, "incident:read");
  const incident = await loadIncident(context.db, incidentId);
  assertInScope(scope, incident.departmentId, INCIDENT_NOT_FOUND);
  requirePermission(context.actor, "consent:read");
  const rows = await context.db.drizzle
    .select({ id: reporters.id, channel: reporters.channel, consentId: reporters.consentId })
    .from(reporters)
    .where(eq(reporters.incidentId, incidentId))
    .orderBy(asc(reporters.reportedAt), asc(reporters.id));
  const contacts: ReporterContact[] = [];
  for (const row of rows) {
    let email: string | null = null;
    if (row.consentId) {
      const consent = await getConsent(context, row.consentId).catch((error: unknown) => {
        if (error instanceof OtklikError && error.code === "not_found") return null;
        throw error;
      });
      if (consent && !consent.withdrawnAt && !consent.anonymisedAt) email = consent.subject.email;
    }
    contacts.push({ reporterId: row.id, channel: row.channel, email, locale: "ru" });
  }
  return contacts;
}
