import { createHash } from "node:crypto";
import { fromZodError, newId, notFound, OtklikError } from "@otklik/core";
import { type Executor, withTransaction } from "@otklik/db";
import { actorId, assertInScope, type Permission, recordAudit, requirePermission } from "@otklik/identity";
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext } from "../context.js";
import { requireAnyPermission } from "../desk/actors.js";
import type { Attachment } from "../lifecycle/states.js";
import { incidents, mediaFiles, timelineEntries } from "../schema.js";
import { addTimelineEntry, INCIDENT_NOT_FOUND, loadIncident } from "../storage/incident-record.js";
import type { EvidenceStore } from "./evidence-store.js";
import { assertWithinLimit, sniffEvidenceType } from "./media-types.js";
import { assertWholePdf, processPhoto } from "./process-media.js";

/** A desk verb's context plus the store the files go to. */
export interface EvidenceContext extends IncidentContext {
  store: EvidenceStore;
}

/** Who may upload: the department working on it (`incident:evidence`) and the desk's operators (`incident:triage`). */
export const EVIDENCE_UPLOAD_PERMISSIONS: readonly Permission[] = ["incident:evidence", "incident:triage"];

/** A stored file's kind: photo and video prove a fix; a PDF is an acceptance act (proof) or a document. */
export type StoredEvidenceKind = "photo" | "video" | "acceptance-act" | "document";

/** The optional fields sent with a file. */
export const EvidenceUploadFields = z.object({
  /** For a PDF only: `acceptance-act` (an act of acceptance of the work — proof of a fix) or `document`. */
  kind: z.enum(["acceptance-act", "document"]).optional(),
});
export type EvidenceUploadFields = z.input<typeof EvidenceUploadFields>;

/** Which stored copy to read. */
export const EvidenceVariant = z.enum(["published", "thumbnail", "original"]);
export type EvidenceVariant = z.infer<typeof EvidenceVariant>;

/** The reference to a stored file in a lifecycle command's `media`: `media:<id>`. */
export const EVIDENCE_REFERENCE_PREFIX = "media:";

/** An evidence file as the desk shows it. */
export interface EvidenceView {
  id: string;
  incidentId: string;
  kind: StoredEvidenceKind;
  mimeType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  /** True when a published copy (metadata stripped) and a thumbnail exist: photos only. */
  publishable: boolean;
  uploadedBy: string;
  createdAt: string;
  /** Ready for a lifecycle command's `media` (e.g. `resolve` with `fixed`): `{ kind, url: "media:<id>" }`. */
  attachment: Attachment;
}

/** An upload's outcome: the file, and whether the same content was already attached to this incident. */
export interface EvidenceUploaded {
  media: EvidenceView;
  duplicate: boolean;
}

export type MediaRow = typeof mediaFiles.$inferSelect;

export function toView(row: MediaRow): EvidenceView {
  const kind = row.kind as StoredEvidenceKind;
  return {
    id: row.id,
    incidentId: row.incidentId,
    kind,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    width: row.width,
    height: row.height,
    publishable: row.publishedPath !== null && row.thumbnailPath !== null,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
    attachment: { kind, url: `${EVIDENCE_REFERENCE_PREFIX}${row.id}` },
  };
}

const MEDIA_NOT_FOUND = "Файл / Media file";

/** The folder of one upload in the store: the incident and the file's id. */
export function mediaFolder(incidentId: string, mediaId: string): string {
  return `incidents/${incidentId}/${mediaId}/`;
}

/** The file of this incident with the same content (unique by `(incident_id, sha256)`). */
async function findSameContent(
  db: IncidentContext["db"],
  incidentId: string,
  sha256: string,
): Promise<MediaRow | undefined> {
  const [row] = await db.drizzle
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.incidentId, incidentId), eq(mediaFiles.sha256, sha256)));
  return row;
}

export function storageUnavailable(error: unknown): OtklikError {
  return new OtklikError(
    "unavailable",
    "Хранилище файлов недоступно, файл не сохранён — повторите позже. / The file storage is unavailable; nothing was saved — retry later.",
    { cause: error, retryAfterSeconds: 30 },
  );
}

/**
 * Attaches a photo, video or PDF to an incident. The type is sniffed from the content (the name and
 * declared type are ignored); the size is checked against its kind's limit (413); a photo is
 * re-encoded without metadata (published copy) with a thumbnail; the original is stored as sent,
 * for staff only. Files are written first (each whole or not at all), then the row, timeline and
 * audit entries in one transaction; if that fails the files are removed — nothing half-done stays
 * visible. The same content sent again to the same incident (a retry, a double click, two racing
 * uploads) is the same file: answered with `duplicate: true` — the unique `(incident_id, sha256)`
 * decides between racing uploads, and the loser's files are removed.
 */
export async function uploadEvidence(
  context: EvidenceContext,
  incidentId: string,
  file: { bytes: Uint8Array },
  rawFields: EvidenceUploadFields = {},
): Promise<EvidenceUploaded> {
  const readScope = requirePermission(context.actor, "incident:read");
  const incident = await loadIncident(context.db, incidentId);
  assertInScope(readScope, incident.departmentId, INCIDENT_NOT_FOUND);
  const scope = requireAnyPermission(context.actor, EVIDENCE_UPLOAD_PERMISSIONS);
  assertInScope(scope, incident.departmentId, INCIDENT_NOT_FOUND);
  const parsedFields = EvidenceUploadFields.safeParse(rawFields);
  if (!parsedFields.success) throw fromZodError(parsedFields.error);
  const fields = parsedFields.data;

  const type = await sniffEvidenceType(file.bytes);
  assertWithinLimit(type, file.bytes.byteLength);
  if (fields.kind && type.kind !== "document") {
    throw new OtklikError(
      "validation_failed",
      `Поле kind («${fields.kind}») допустимо только для PDF, а файл — ${type.mimeType}. / ` +
        `The kind field («${fields.kind}») applies to PDFs only; the file is ${type.mimeType}.`,
      { details: [{ path: ["kind"], message: "only for PDF" }] },
    );
  }
  const kind: StoredEvidenceKind = type.kind === "document" ? (fields.kind ?? "document") : type.kind;
  const sha256 = createHash("sha256").update(file.bytes).digest("hex");
  const earlier = await findSameContent(context.db, incidentId, sha256);
  if (earlier) return { media: toView(earlier), duplicate: true };

  let photo: Awaited<ReturnType<typeof processPhoto>> | undefined;
  if (type.kind === "photo") photo = await processPhoto(file.bytes, type);
  if (type.kind === "document") assertWholePdf(file.bytes);

  const now = context.clock.now();
  const id = newId("med", now);
  const folder = mediaFolder(incidentId, id);
  const keys = {
    original: `${folder}original.${type.extension}`,
    published: photo ? `${folder}published.jpg` : null,
    thumbnail: photo ? `${folder}thumbnail.webp` : null,
  };
  const written: string[] = [];
  const removeWritten = async () => {
    await Promise.allSettled(written.map((key) => context.store.delete(key)));
  };
  try {
    await context.store.put(keys.original, file.bytes, type.mimeType);
    written.push(keys.original);
    if (photo && keys.published && keys.thumbnail) {
      await context.store.put(keys.published, photo.published, "image/jpeg");
      written.push(keys.published);
      await context.store.put(keys.thumbnail, photo.thumbnail, "image/webp");
      written.push(keys.thumbnail);
    }
  } catch (error) {
    await removeWritten();
    throw storageUnavailable(error);
  }

  try {
    return await withTransaction(context.db, async (tx) => {
      // A racing upload of the same content waits on the unique (incident_id, sha256) until the
      // first commits, then inserts nothing and answers the first's file.
      const current = await loadIncident(tx, incidentId);
      const [row] = await tx.drizzle
        .insert(mediaFiles)
        .values({
          id,
          incidentId,
          kind,
          mimeType: type.mimeType,
          sizeBytes: file.bytes.byteLength,
          originalPath: keys.original,
          publishedPath: keys.published,
          thumbnailPath: keys.thumbnail,
          width: photo?.width ?? null,
          height: photo?.height ?? null,
          uploadedBy: actorId(context.actor),
          createdAt: now,
          sha256,
        })
        .onConflictDoNothing({ target: [mediaFiles.incidentId, mediaFiles.sha256] })
        .returning();
      if (!row) {
        const twin = await findSameContent(tx, incidentId, sha256);
        if (!twin) throw new Error(`@otklik/incidents: media ${sha256} of ${incidentId} vanished`);
        await removeWritten();
        return { media: toView(twin), duplicate: true };
      }
      const view = toView(row);
      await addTimelineEntry(tx, {
        incidentId,
        at: now,
        actor: context.actor,
        kind: "media",
        media: [view.attachment],
        data: { mediaId: id, mimeType: type.mimeType, sizeBytes: file.bytes.byteLength },
      });
      await recordAudit(tx, context, {
        action: "incident.media-upload",
        objectType: "incident",
        objectId: incidentId,
        departmentId: current.departmentId,
        after: { mediaId: id, kind, mimeType: type.mimeType, sizeBytes: file.bytes.byteLength, sha256 },
      });
      return { media: view, duplicate: false };
    });
  } catch (error) {
    await removeWritten();
    throw error;
  }
}

/** An incident's evidence files, oldest first; another department's incident is «not found». */
export async function listEvidence(context: IncidentContext, incidentId: string): Promise<EvidenceView[]> {
  const scope = requirePermission(context.actor, "incident:read");
  const incident = await loadIncident(context.db, incidentId);
  assertInScope(scope, incident.departmentId, INCIDENT_NOT_FOUND);
  const rows = await context.db.drizzle
    .select()
    .from(mediaFiles)
    .where(eq(mediaFiles.incidentId, incidentId))
    .orderBy(asc(mediaFiles.createdAt), asc(mediaFiles.id));
  return rows.map(toView);
}

/** A stored file's bytes and type. */
export interface EvidenceFile {
  bytes: Uint8Array;
  mimeType: string;
  /** A file name for `Content-Disposition` (`med_….jpg`). */
  fileName: string;
}

async function readStored(store: EvidenceStore, key: string, mimeType: string, id: string) {
  let bytes: Uint8Array | null;
  try {
    bytes = await store.get(key);
  } catch (error) {
    throw storageUnavailable(error);
  }
  if (!bytes) throw notFound(MEDIA_NOT_FOUND);
  const extension = key.slice(key.lastIndexOf(".") + 1);
  return { bytes, mimeType, fileName: `${id}.${extension}` };
}

/**
 * One stored copy for staff: `published` and `thumbnail` (photos) to whoever reads the incident;
 * the `original` (with its metadata — GPS, camera) only to those who may upload evidence.
 */
export async function readEvidenceFile(
  context: EvidenceContext,
  incidentId: string,
  mediaId: string,
  variant: EvidenceVariant,
): Promise<EvidenceFile> {
  const scope = requirePermission(context.actor, "incident:read");
  const incident = await loadIncident(context.db, incidentId);
  assertInScope(scope, incident.departmentId, INCIDENT_NOT_FOUND);
  if (variant === "original") {
    assertInScope(
      requireAnyPermission(context.actor, EVIDENCE_UPLOAD_PERMISSIONS),
      incident.departmentId,
      INCIDENT_NOT_FOUND,
    );
  }
  const [row] = await context.db.drizzle
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.id, mediaId), eq(mediaFiles.incidentId, incidentId)));
  if (!row) throw notFound(MEDIA_NOT_FOUND);
  if (variant === "original") return readStored(context.store, row.originalPath, row.mimeType, row.id);
  const key = variant === "published" ? row.publishedPath : row.thumbnailPath;
  if (!key) {
    throw new OtklikError(
      "not_found",
      `У файла ${row.id} (${row.mimeType}) нет ${variant === "published" ? "публикуемой копии" : "миниатюры"}: они делаются только для фото. / ` +
        `${row.id} (${row.mimeType}) has no ${variant} copy: those are made for photos only.`,
    );
  }
  return readStored(context.store, key, variant === "published" ? "image/jpeg" : "image/webp", row.id);
}

/** The media ids a lifecycle command's `media` names by reference (`media:<id>`). */
export function referencedMediaIds(media: readonly { url: string }[]): string[] {
  return media
    .filter((item) => item.url.startsWith(EVIDENCE_REFERENCE_PREFIX))
    .map((item) => item.url.slice(EVIDENCE_REFERENCE_PREFIX.length));
}

/**
 * Checks the stored files a lifecycle command names (`{ kind, url: "media:<id>" }`), in the command's
 * transaction: each must be a file of this incident, of the kind claimed — so a fix's proof is a real
 * upload. Other URLs (files kept elsewhere) are left to the lifecycle. Throws 422 naming the bad items.
 * `applyLifecycleCommand` runs it after its permission checks, so whoever calls the service is held to it.
 */
export async function assertEvidenceReferences(
  db: Executor,
  incidentId: string,
  media: readonly { kind: string; url: string }[],
): Promise<void> {
  const ids = referencedMediaIds(media);
  if (ids.length === 0) return;
  const rows = await db.drizzle
    .select({ id: mediaFiles.id, kind: mediaFiles.kind })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.incidentId, incidentId), inArray(mediaFiles.id, ids)));
  const kinds = new Map(rows.map((row) => [row.id, row.kind]));
  const problems = media.flatMap((item, index) => {
    if (!item.url.startsWith(EVIDENCE_REFERENCE_PREFIX)) return [];
    const id = item.url.slice(EVIDENCE_REFERENCE_PREFIX.length);
    const stored = kinds.get(id);
    if (!stored) return [{ path: ["media", index, "url"], message: `no media ${id} on this incident` }];
    if (stored !== item.kind) {
      return [{ path: ["media", index, "kind"], message: `media ${id} is a ${stored}, not a ${item.kind}` }];
    }
    return [];
  });
  if (problems.length === 0) return;
  throw new OtklikError(
    "validation_failed",
    `Вложения не совпадают с загруженными файлами обращения: ${problems.map((p) => p.message).join("; ")}. / ` +
      `The media do not match this incident's uploaded files: ${problems.map((p) => p.message).join("; ")}.`,
    { details: problems },
  );
}

/** A proof photo as the public tracking page shows it (published copy only). */
export interface TrackedProof {
  mediaId: string;
  width: number | null;
  height: number | null;
  at: string;
}

async function trackedIncidentId(db: IncidentContext["db"], token: string): Promise<string> {
  const [row] = await db.drizzle
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.trackingToken, token));
  if (!row) throw new OtklikError("not_found", `${INCIDENT_NOT_FOUND}: не найдено / not found`);
  return row.id;
}

/**
 * The proof photos of an incident's fix, for the public tracking page: the photos named in its
 * latest `resolve` with `fixed` (none once it is reopened), as published copies only — never an
 * original, a video, a PDF or a photo that proves nothing.
 */
export async function trackedProof(
  context: Pick<IncidentContext, "db">,
  token: string,
): Promise<TrackedProof[]> {
  const incidentId = await trackedIncidentId(context.db, token);
  const entries = await context.db.drizzle
    .select({ at: timelineEntries.at, media: timelineEntries.media, data: timelineEntries.data })
    .from(timelineEntries)
    .where(and(eq(timelineEntries.incidentId, incidentId), eq(timelineEntries.kind, "status-changed")))
    .orderBy(asc(timelineEntries.at), asc(timelineEntries.id));
  let proof: { ids: string[]; at: Date } | null = null;
  for (const entry of entries) {
    const resolution = entry.data.resolution as { kind?: string } | undefined;
    if (entry.data.command === "resolve" && resolution?.kind === "fixed") {
      proof = { ids: referencedMediaIds(entry.media.filter((item) => item.kind === "photo")), at: entry.at };
    } else if (entry.data.command === "reopen") {
      proof = null;
    }
  }
  if (!proof || proof.ids.length === 0) return [];
  const rows = await context.db.drizzle
    .select()
    .from(mediaFiles)
    .where(
      and(
        eq(mediaFiles.incidentId, incidentId),
        eq(mediaFiles.kind, "photo"),
        inArray(mediaFiles.id, proof.ids),
      ),
    );
  const byId = new Map(rows.filter((row) => row.publishedPath).map((row) => [row.id, row]));
  const at = proof.at.toISOString();
  return proof.ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ mediaId: row.id, width: row.width, height: row.height, at }] : [];
  });
}

/** The published copy or thumbnail of a proof photo, by the tracking token; anything else is «not found». */
export async function readTrackedProofFile(
  context: Pick<EvidenceContext, "db" | "store">,
  token: string,
  mediaId: string,
  variant: Exclude<EvidenceVariant, "original">,
): Promise<EvidenceFile> {
  const proof = await trackedProof(context, token);
  if (!proof.some((item) => item.mediaId === mediaId)) throw notFound(MEDIA_NOT_FOUND);
  const [row] = await context.db.drizzle.select().from(mediaFiles).where(eq(mediaFiles.id, mediaId));
  const key = variant === "published" ? row?.publishedPath : row?.thumbnailPath;
  if (!row || !key) throw notFound(MEDIA_NOT_FOUND);
  return readStored(context.store, key, variant === "published" ? "image/jpeg" : "image/webp", row.id);
}
