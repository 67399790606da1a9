import { fromZodError, OtklikError } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { recordConsent } from "@otklik/identity";
import { z } from "zod";
import { CategoryCode } from "../classification/categories.js";
import type { IncidentContext } from "../context.js";
import { linkReporterConsent } from "../personal-data/reporter-contacts.js";
import { createIncidentInTransaction } from "./create-incident.js";

/** The purpose of the consent text a site report is given under (identity's legal texts). */
export const SITE_REPORT_CONSENT_PURPOSE = "incident-report";

/** The site's «report a problem» form, after the citizen accepted the consent text `consentTextId`. */
export const SiteReport = z.object({
  category: CategoryCode,
  description: z.string().trim().min(5).max(4000),
  address: z.string().trim().min(1).max(500).optional(),
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
  contacts: z
    .object({
      name: z.string().trim().min(1).max(200).optional(),
      email: z.string().trim().max(254).optional(),
      phone: z.string().trim().max(40).optional(),
    })
    .default({}),
  /** The exact consent text version (identity's legal text id) the citizen accepted. */
  consentTextId: z.string().min(1).max(64),
});
export type SiteReport = z.input<typeof SiteReport>;

/** What the site shows after sending: the number to quote and the tracking token. */
export interface SiteReportReceived {
  incidentId: string;
  registrationNumber: string;
  trackingToken: string;
  consentId: string;
}

/**
 * Registers a citizen's report from the city's site (channel `site`) together with their consent, in one
 * transaction: the consent goes to identity's ledger (with the contacts, which the ledger exports and
 * erases under 152-FZ), the incident keeps the author's name only, and its reporter the consent's id
 * (to e-mail them while the consent is in force). When the ledger refuses the consent (no e-mail or
 * phone, an unknown text), nothing is stored.
 */
export async function receiveSiteReport(
  context: IncidentContext,
  rawReport: SiteReport,
): Promise<SiteReportReceived> {
  const parsed = SiteReport.safeParse(rawReport);
  if (!parsed.success) throw fromZodError(parsed.error);
  const report = parsed.data;
  return withTransaction(context.db, async (tx) => {
    const inTx = { ...context, db: tx };
    const consent = await recordConsent(inTx, {
      textId: report.consentTextId,
      subject: {
        ...(report.contacts.name ? { name: report.contacts.name } : {}),
        ...(report.contacts.email ? { email: report.contacts.email } : {}),
        ...(report.contacts.phone ? { phone: report.contacts.phone } : {}),
      },
      channel: "site",
    }).catch((error: unknown) => {
      // The ledger names its fields; the report calls them contacts.
      if (error instanceof OtklikError && error.code === "validation_failed") {
        throw new OtklikError("validation_failed", error.message, {
          details: (error.details ?? []).map((detail) => ({
            ...detail,
            path:
              detail.path[0] === "subject"
                ? ["contacts", ...detail.path.slice(1)]
                : ["consent", ...detail.path],
          })),
        });
      }
      throw error;
    });
    if (consent.purpose !== SITE_REPORT_CONSENT_PURPOSE) {
      throw new OtklikError(
        "validation_failed",
        `Это не текст согласия на обращение (${SITE_REPORT_CONSENT_PURPOSE}) / Not the consent text for reports`,
        { details: [{ path: ["consent", "textVersion"], message: "wrong purpose" }] },
      );
    }
    const { incident } = await createIncidentInTransaction(tx, inTx, {
      channel: "site",
      authorName: report.contacts.name ?? null,
      text: report.description,
      addressText: report.address ?? null,
      location: report.location ?? null,
      createdAt: context.clock.now(),
      category: report.category,
    });
    // The reporter keeps the consent's id (the contacts stay in the ledger) so they can be e-mailed.
    await linkReporterConsent(tx, incident.id, consent);
    return {
      incidentId: incident.id,
      registrationNumber: incident.number,
      trackingToken: incident.trackingToken,
      consentId: consent.id,
    };
  });
}
