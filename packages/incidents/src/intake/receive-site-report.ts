import { fromZodError, newId, OtklikError } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { recordConsent } from "@otklik/identity";
import { z } from "zod";
import { CategoryCode } from "../classification/categories.js";
import type { IncidentContext } from "../context.js";
import {
  type CitizenPhoto,
  insertCitizenPhotoRows,
  prepareCitizenPhotos,
  storeCitizenPhotos,
} from "../evidence/citizen-photos.js";
import type { EvidenceView } from "../evidence/evidence.js";
import type { EvidenceStore } from "../evidence/evidence-store.js";
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
  /** The photos kept with the report (the same photo twice is kept once), for the desk only. */
  photos: EvidenceView[];
}

/** The photos sent with a report and the store their files go to. */
export interface SiteReportPhotos {
  photos?: readonly CitizenPhoto[];
  /** Needed only when there are photos; without one they are refused with 503. */
  store?: EvidenceStore;
}

/**
 * Registers a citizen's report from the city's site (channel `site`) together with their consent, in one
 * transaction: the consent goes to identity's ledger (with the contacts, which the ledger exports and
 * erases under 152-FZ), the incident keeps the author's name only, and its reporter the consent's id
 * (to e-mail them while the consent is in force). When the ledger refuses the consent (no e-mail or
 * phone, an unknown text), nothing is stored.
 *
 * Photos (`attachments.photos`, at most `CITIZEN_PHOTOS_MAX`) are checked and processed first with the
 * evidence rules (`prepareCitizenPhotos`: sniffed, size limits, EXIF/GPS stripped, thumbnails); a bad
 * one refuses the whole report (413/415/422 naming the photo), nothing stored. Their files are written
 * before the transaction and their rows inside it; if the transaction fails, the files are removed.
 * They are the desk's evidence files (`uploaded_by = "citizen"`), never in the incident's public
 * `attachments` (Open311's `media_url`) and never shown by the tracking link unless staff name one
 * in a `fixed` resolution.
 */
export async function receiveSiteReport(
  context: IncidentContext,
  rawReport: SiteReport,
  attachments: SiteReportPhotos = {},
): Promise<SiteReportReceived> {
  const parsed = SiteReport.safeParse(rawReport);
  if (!parsed.success) throw fromZodError(parsed.error);
  const report = parsed.data;
  const prepared = await prepareCitizenPhotos(attachments.photos ?? []);
  if (prepared.length > 0 && !attachments.store) {
    throw new OtklikError(
      "unavailable",
      "Хранилище файлов не настроено: сообщение с фото сейчас не принять / " +
        "File storage is not configured: a report with photos cannot be taken now",
      { retryAfterSeconds: 60 },
    );
  }
  const now = context.clock.now();
  const incidentId = newId("inc", now);
  const files =
    prepared.length > 0 && attachments.store
      ? await storeCitizenPhotos(attachments.store, incidentId, prepared, now)
      : { stored: [], remove: async () => {} };
  try {
    return await registerReport(context, report, incidentId, files.stored);
  } catch (error) {
    await files.remove();
    throw error;
  }
}

async function registerReport(
  context: IncidentContext,
  report: z.infer<typeof SiteReport>,
  incidentId: string,
  photos: Parameters<typeof insertCitizenPhotoRows>[2],
): Promise<SiteReportReceived> {
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
      id: incidentId,
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
    const stored = await insertCitizenPhotoRows(tx, incident.id, photos, context.clock.now(), context.actor);
    return {
      incidentId: incident.id,
      registrationNumber: incident.number,
      trackingToken: incident.trackingToken,
      consentId: consent.id,
      photos: stored,
    };
  });
}
