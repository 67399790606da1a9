import type { Executor } from "@otklik/db";
import type { DataSubject, PersonalDataPart } from "@otklik/identity";
import { eraseReportPhotos, reportPhotosOf } from "./report-photos.js";
import { contactKeys } from "./reporter-contacts.js";

/** What replaces an e-mail address or a phone number erased from a citizen's text. */
export const ERASED = "[удалено / erased]";

/** Statuses after which nobody works on an incident: its authors age out with retention. */
const FINISHED = ["closed", "rejected", "forwarded", "resolved"];

// PostgreSQL regular expressions (also used as the JavaScript ones below, same syntax here).
const EMAIL_PATTERN = "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}";
const PHONE_PATTERN = "(\\+7|8)[ ()-]*[0-9]{3}[ ()-]*[0-9]{3}[ -]*[0-9]{2}[ -]*[0-9]{2}";

/** The phone numbers written in a text, as their last 10 digits. */
export function phonesIn(text: string): string[] {
  return [...text.matchAll(new RegExp(PHONE_PATTERN, "g"))].map((match) =>
    match[0].replace(/\D/g, "").slice(-10),
  );
}

/** Whether a citizen's text names the subject: their e-mail address or their phone number. */
export function textNamesSubject(text: string, subject: DataSubject): boolean {
  if (subject.email && text.toLowerCase().includes(subject.email.toLowerCase())) return true;
  if (subject.phone) {
    const wanted = subject.phone.replace(/\D/g, "").slice(-10);
    if (phonesIn(text).includes(wanted)) return true;
  }
  return false;
}

/** The text with the subject's e-mail address and phone numbers replaced by {@link ERASED}. */
export function eraseSubjectFromText(text: string, subject: DataSubject): string {
  let result = text;
  if (subject.email) {
    result = result.replace(new RegExp(subject.email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), ERASED);
  }
  if (subject.phone) {
    const wanted = subject.phone.replace(/\D/g, "").slice(-10);
    result = result.replace(new RegExp(PHONE_PATTERN, "g"), (found) =>
      found.replace(/\D/g, "").slice(-10) === wanted ? ERASED : found,
    );
  }
  return result;
}

interface IncidentText extends Record<string, unknown> {
  id: string;
  number: string;
  channel: string;
  received_at: Date;
  author_name: string | null;
  author_url: string | null;
  source_url: string | null;
  text_original: string;
  text_clean: string;
}

interface InboxText extends Record<string, unknown> {
  id: string;
  channel: string;
  received_at: Date;
  author_name: string | null;
  author_url: string | null;
  text: string;
}

/** Rows whose text may name the subject: a cheap SQL filter, then the exact check in JavaScript. */
function prefilter(column: string, subject: DataSubject): { where: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  if (subject.email) {
    values.push(`%${subject.email.toLowerCase().replace(/[\\%_]/g, "\\$&")}%`);
    parts.push(`lower(${column}) LIKE $${values.length}`);
  }
  if (subject.phone) {
    values.push(`%${subject.phone.replace(/\D/g, "").slice(-10)}%`);
    parts.push(`regexp_replace(${column}, '[^0-9]', '', 'g') LIKE $${values.length}`);
  }
  return { where: parts.length > 0 ? parts.join(" OR ") : "false", values };
}

async function incidentsNaming(db: Executor, subject: DataSubject): Promise<IncidentText[]> {
  const filter = prefilter("text_original", subject);
  const rows = await db.query<IncidentText>(
    `SELECT id, number, channel, received_at, author_name, author_url, source_url, text_original, text_clean
       FROM incidents WHERE ${filter.where} ORDER BY received_at, id`,
    filter.values,
  );
  return rows.filter((row) => textNamesSubject(row.text_original, subject));
}

async function inboxItemsNaming(db: Executor, subject: DataSubject): Promise<InboxText[]> {
  const filter = prefilter("text", subject);
  const rows = await db.query<InboxText>(
    `SELECT id, channel, received_at, author_name, author_url, text
       FROM incident_inbox WHERE ${filter.where} ORDER BY received_at, id`,
    filter.values,
  );
  return rows.filter((row) => textNamesSubject(row.text, subject));
}

interface ReporterOfSubject extends Record<string, unknown> {
  id: string;
  number: string;
  channel: string;
  author_name: string | null;
  reported_at: Date;
  original_incident_id: string;
}

/** Reporters linked to the subject through their consent's contacts (the site form), by lookup key. */
async function reportersOf(db: Executor, subject: DataSubject): Promise<ReporterOfSubject[]> {
  const keys = contactKeys(subject);
  if (keys.length === 0) return [];
  return db.query<ReporterOfSubject>(
    `SELECT r.id, i.number, r.channel, r.author_name, r.reported_at, r.original_incident_id
       FROM incident_reporters r JOIN incidents i ON i.id = r.incident_id
      WHERE r.contact_keys && $1::text[] ORDER BY r.reported_at, r.id`,
    [keys],
  );
}

/** The incidents the site reporters' own reports registered: where the photos they sent are. */
function sentBy(reporters: readonly ReporterOfSubject[]): string[] {
  return [...new Set(reporters.map((row) => row.original_incident_id))];
}

/**
 * The incident desk's citizens' personal data, for identity's export, erasure and retention: the
 * authors of incidents and inbox items (name, profile link, the raw payload of the channel) and the
 * contacts they wrote into their texts. A subject (e-mail and/or phone) is found in the texts of
 * incidents and inbox items that contain their address or number; erasure clears the author of those
 * records (and their reporters' names and links) and replaces the address or number in the text,
 * keeping the incident itself. Retention clears the authors of incidents finished before the cutoff
 * and of decided inbox items received before it, and masks every e-mail address and phone number in
 * their texts. Site reporters' contacts live in identity's consent ledger (`identity.consents`); their
 * reporter rows keep the consent's id and lookup keys of its contacts (`contactKeys`), so erasure by
 * e-mail or phone also finds them — clearing their name, the link and the keys (no e-mail after that) — and
 * erases the photos they sent with those reports (`eraseReportPhotos`: rows deleted, files queued for removal
 * after the transaction, the timeline saying so); the export lists those photos. Retention keeps photos: the
 * published copies carry no metadata, and the originals are staff-only evidence.
 */
export const incidentAuthorsPersonalData: PersonalDataPart = {
  name: "incidents.authors",
  description:
    "Авторы обращений и сообщений из соцсетей: имя, ссылка на профиль, контакты в тексте, фото к сообщению с сайта / Authors of incidents and social-network messages: name, profile link, contacts in the text, photos sent with a site report",
  async export(subject, { db }) {
    const incidents = await incidentsNaming(db, subject);
    const items = await inboxItemsNaming(db, subject);
    const reporters = await reportersOf(db, subject);
    return [
      ...incidents.map((row) => ({
        kind: "incident",
        number: row.number,
        channel: row.channel,
        receivedAt: new Date(row.received_at).toISOString(),
        authorName: row.author_name,
        authorUrl: row.author_url,
        sourceUrl: row.source_url,
        text: row.text_original,
      })),
      ...items.map((row) => ({
        kind: "inbox-item",
        channel: row.channel,
        receivedAt: new Date(row.received_at).toISOString(),
        authorName: row.author_name,
        authorUrl: row.author_url,
        text: row.text,
      })),
      ...reporters.map((row) => ({
        kind: "reporter",
        number: row.number,
        channel: row.channel,
        reportedAt: new Date(row.reported_at).toISOString(),
        authorName: row.author_name,
      })),
      ...(await reportPhotosOf(db, sentBy(reporters))).map((row) => ({
        kind: "photo",
        number: row.number,
        sentAt: new Date(row.created_at).toISOString(),
        mimeType: row.mime_type,
        sizeBytes: row.size_bytes,
      })),
    ];
  },
  async erase(subject, { db, clock }) {
    let changed = 0;
    for (const row of await incidentsNaming(db, subject)) {
      await db.query(
        `UPDATE incidents SET author_name = NULL, author_url = NULL, text_original = $2, text_clean = $3
          WHERE id = $1`,
        [
          row.id,
          eraseSubjectFromText(row.text_original, subject),
          eraseSubjectFromText(row.text_clean, subject),
        ],
      );
      await db.query(
        "UPDATE incident_reporters SET author_name = NULL, author_url = NULL WHERE original_incident_id = $1",
        [row.id],
      );
      changed += 1;
    }
    for (const row of await inboxItemsNaming(db, subject)) {
      await db.query(
        `UPDATE incident_inbox SET author_id = NULL, author_name = NULL, author_url = NULL, text = $2,
                raw = '{"anonymised": true}'::jsonb WHERE id = $1`,
        [row.id, eraseSubjectFromText(row.text, subject)],
      );
      changed += 1;
    }
    const linked = await reportersOf(db, subject);
    // The photos they sent with their reports (files removed once this transaction has committed).
    changed += await eraseReportPhotos(db, sentBy(linked), clock.now());
    if (linked.length > 0) {
      const ids = linked.map((row) => row.id);
      await db.query(
        `UPDATE incident_reporters SET author_name = NULL, author_url = NULL, consent_id = NULL,
                contact_keys = '{}'::text[]
          WHERE id = ANY($1::text[])`,
        [ids],
      );
      // The incident they reported keeps their name as its author (the site form): cleared too.
      await db.query(
        "UPDATE incidents SET author_name = NULL, author_url = NULL WHERE id = ANY($1::text[])",
        [linked.map((row) => row.original_incident_id)],
      );
      changed += linked.length;
    }
    return changed;
  },
  async anonymiseBefore(cutoff, { db }) {
    const mask = (column: string) =>
      `regexp_replace(regexp_replace(${column}, '${EMAIL_PATTERN}', '${ERASED}', 'g'), '${PHONE_PATTERN}', '${ERASED}', 'g')`;
    const incidents = await db.query<{ id: string }>(
      `UPDATE incidents SET author_name = NULL, author_url = NULL,
              text_original = ${mask("text_original")}, text_clean = ${mask("text_clean")}
        WHERE received_at < $1 AND (status = ANY($2) OR merged_into_id IS NOT NULL)
          AND (author_name IS NOT NULL OR author_url IS NOT NULL
               OR text_original ~ '${EMAIL_PATTERN}' OR text_original ~ '${PHONE_PATTERN}')
        RETURNING id`,
      [cutoff, FINISHED],
    );
    const reporters = await db.query<{ id: string }>(
      `UPDATE incident_reporters r SET author_name = NULL, author_url = NULL, consent_id = NULL,
              contact_keys = '{}'::text[]
         FROM incidents i
        WHERE i.id = r.incident_id AND i.received_at < $1 AND (i.status = ANY($2) OR i.merged_into_id IS NOT NULL)
          AND (r.author_name IS NOT NULL OR r.author_url IS NOT NULL OR r.consent_id IS NOT NULL
               OR r.contact_keys <> '{}'::text[])
        RETURNING r.id`,
      [cutoff, FINISHED],
    );
    const items = await db.query<{ id: string }>(
      `UPDATE incident_inbox SET author_id = NULL, author_name = NULL, author_url = NULL, text = ${mask("text")},
              raw = '{"anonymised": true}'::jsonb
        WHERE received_at < $1 AND (decision IS NOT NULL OR deleted_at IS NOT NULL)
          AND (author_id IS NOT NULL OR author_name IS NOT NULL OR author_url IS NOT NULL
               OR raw <> '{"anonymised": true}'::jsonb)
        RETURNING id`,
      [cutoff],
    );
    return incidents.length + reporters.length + items.length;
  },
};
