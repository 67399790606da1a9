import { createHash } from "node:crypto";
import { newId, OtklikError } from "@otklik/core";
import type { Executor } from "@otklik/db";
import type { Actor } from "@otklik/identity";
import { mediaFiles } from "../schema.js";
import { addTimelineEntry } from "../storage/incident-record.js";
import { type EvidenceView, mediaFolder, storageUnavailable, toView } from "./evidence.js";
import type { EvidenceStore } from "./evidence-store.js";
import { assertWithinLimit, type SniffedType, sniffEvidenceType } from "./media-types.js";
import { type ProcessedPhoto, processPhoto } from "./process-media.js";

/** How many photos a citizen may attach to one report from the site. */
export const CITIZEN_PHOTOS_MAX = 5;
/** All of a report's photos together, in bytes (each is also held to the evidence photo limit, 20 MB). */
export const CITIZEN_PHOTOS_MAX_TOTAL_BYTES = 50 * 1024 * 1024;
/** `incident_media.uploaded_by` of a citizen's photo: no staff account sent it. */
export const CITIZEN_UPLOADER = "citizen";

/** A photo as the citizen sent it: its bytes and, for messages only, the file's name. */
export interface CitizenPhoto {
  bytes: Uint8Array;
  name?: string;
}

/** A photo checked and processed, ready to be stored: nothing is written yet. */
export interface PreparedCitizenPhoto {
  bytes: Uint8Array;
  type: SniffedType;
  sha256: string;
  processed: ProcessedPhoto;
}

/** A prepared photo whose files are in the store, ready for its row. */
export interface StoredCitizenPhoto extends PreparedCitizenPhoto {
  id: string;
  keys: { original: string; published: string; thumbnail: string };
}

const MB = 1024 * 1024;

function photoLabel(index: number, name: string | undefined): { ru: string; en: string } {
  const shown = name ? name.replace(/[\p{Cc}"«»/]/gu, "").slice(0, 80) : "";
  return shown
    ? { ru: `Фото ${index + 1} («${shown}»)`, en: `Photo ${index + 1} ("${shown}")` }
    : { ru: `Фото ${index + 1}`, en: `Photo ${index + 1}` };
}

/** The evidence checks' refusal, said of this photo and placed at `photos[index]`. */
function aboutPhoto(error: OtklikError, index: number, name: string | undefined): OtklikError {
  const label = photoLabel(index, name);
  const cut = error.message.indexOf(" / ");
  const ru = cut < 0 ? error.message : error.message.slice(0, cut);
  const en = cut < 0 ? error.message : error.message.slice(cut + 3);
  const message = `${label.ru}: ${ru} / ${label.en}: ${en}`;
  return new OtklikError(error.code, message, {
    details: [{ path: ["photos", index], message }],
    cause: error,
  });
}

/**
 * Checks a report's photos before anything is stored, with the evidence desk's own rules: at most
 * {@link CITIZEN_PHOTOS_MAX} (422), {@link CITIZEN_PHOTOS_MAX_TOTAL_BYTES} together (413); each sniffed
 * by its content (anything but a photo is 415), held to the photo limit (413), decoded and re-encoded
 * without EXIF/GPS with a thumbnail (an undecodable file 422, HEIC 415 with advice). The same photo
 * twice is kept once. Every refusal names the photo (`details[].path = ["photos", index]`).
 */
export async function prepareCitizenPhotos(photos: readonly CitizenPhoto[]): Promise<PreparedCitizenPhoto[]> {
  if (photos.length > CITIZEN_PHOTOS_MAX) {
    const message =
      `Можно приложить не больше ${CITIZEN_PHOTOS_MAX} фото, получено ${photos.length} / ` +
      `At most ${CITIZEN_PHOTOS_MAX} photos may be attached; got ${photos.length}`;
    throw new OtklikError("validation_failed", message, { details: [{ path: ["photos"], message }] });
  }
  const total = photos.reduce((sum, photo) => sum + photo.bytes.byteLength, 0);
  if (total > CITIZEN_PHOTOS_MAX_TOTAL_BYTES) {
    const limit = Math.round(CITIZEN_PHOTOS_MAX_TOTAL_BYTES / MB);
    const message =
      `Все фото вместе — не больше ${limit} МБ (получено ${Math.ceil(total / MB)} МБ) / ` +
      `All photos together may not exceed ${limit} MB (got ${Math.ceil(total / MB)} MB)`;
    throw new OtklikError("payload_too_large", message, { details: [{ path: ["photos"], message }] });
  }
  const prepared: PreparedCitizenPhoto[] = [];
  for (const [index, photo] of photos.entries()) {
    try {
      const type = await sniffEvidenceType(photo.bytes);
      if (type.kind !== "photo") {
        throw new OtklikError(
          "unsupported_media_type",
          `это ${type.mimeType}, а принимаются только фотографии (JPEG, PNG, WebP, AVIF) / ` +
            `it is ${type.mimeType}; only photos are accepted (JPEG, PNG, WebP, AVIF)`,
        );
      }
      assertWithinLimit(type, photo.bytes.byteLength);
      const sha256 = createHash("sha256").update(photo.bytes).digest("hex");
      if (prepared.some((earlier) => earlier.sha256 === sha256)) continue;
      prepared.push({ bytes: photo.bytes, type, sha256, processed: await processPhoto(photo.bytes, type) });
    } catch (error) {
      if (error instanceof OtklikError) {
        if (error.code === "unsupported_media_type" && /^Тип файла/.test(error.message)) {
          // The sniffer's own words list videos and PDFs too: a citizen's report takes photos only.
          throw aboutPhoto(
            new OtklikError(
              "unsupported_media_type",
              "это не фотография; принимаются JPEG, PNG, WebP, AVIF / it is not a photo; accepted: JPEG, PNG, WebP, AVIF",
            ),
            index,
            photo.name,
          );
        }
        throw aboutPhoto(error, index, photo.name);
      }
      throw error;
    }
  }
  return prepared;
}

/**
 * Writes the prepared photos' files (original, published copy, thumbnail) under the incident's
 * folder before the incident's transaction; answers the stored photos and a `remove` that deletes
 * every file written (for when the transaction fails). A store failure removes what was written and
 * is 503: the report is not registered half.
 */
export async function storeCitizenPhotos(
  store: EvidenceStore,
  incidentId: string,
  photos: readonly PreparedCitizenPhoto[],
  now: Date,
): Promise<{ stored: StoredCitizenPhoto[]; remove: () => Promise<void> }> {
  const written: string[] = [];
  const remove = async () => {
    await Promise.allSettled(written.map((key) => store.delete(key)));
  };
  const stored: StoredCitizenPhoto[] = [];
  try {
    for (const photo of photos) {
      const id = newId("med", now);
      const folder = mediaFolder(incidentId, id);
      const keys = {
        original: `${folder}original.${photo.type.extension}`,
        published: `${folder}published.jpg`,
        thumbnail: `${folder}thumbnail.webp`,
      };
      await store.put(keys.original, photo.bytes, photo.type.mimeType);
      written.push(keys.original);
      await store.put(keys.published, photo.processed.published, "image/jpeg");
      written.push(keys.published);
      await store.put(keys.thumbnail, photo.processed.thumbnail, "image/webp");
      written.push(keys.thumbnail);
      stored.push({ ...photo, id, keys });
    }
  } catch (error) {
    await remove();
    throw storageUnavailable(error);
  }
  return { stored, remove };
}

/**
 * The stored photos' rows (`uploaded_by = "citizen"`) and one timeline entry (`media`, origin
 * `citizen`), in the incident's transaction. They are the desk's, not the public's: only a photo
 * that staff name in a `fixed` resolution is ever shown by the tracking link.
 */
export async function insertCitizenPhotoRows(
  tx: Executor,
  incidentId: string,
  photos: readonly StoredCitizenPhoto[],
  at: Date,
  actor: Actor,
): Promise<EvidenceView[]> {
  if (photos.length === 0) return [];
  const rows = await tx.drizzle
    .insert(mediaFiles)
    .values(
      photos.map((photo) => ({
        id: photo.id,
        incidentId,
        kind: "photo",
        mimeType: photo.type.mimeType,
        sizeBytes: photo.bytes.byteLength,
        originalPath: photo.keys.original,
        publishedPath: photo.keys.published,
        thumbnailPath: photo.keys.thumbnail,
        width: photo.processed.width,
        height: photo.processed.height,
        uploadedBy: CITIZEN_UPLOADER,
        createdAt: at,
        sha256: photo.sha256,
      })),
    )
    .returning();
  const order = new Map(photos.map((photo, index) => [photo.id, index]));
  const views = rows.map(toView).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  await addTimelineEntry(tx, {
    incidentId,
    at,
    actor,
    kind: "media",
    media: views.map((view) => view.attachment),
    data: { origin: "citizen", mediaIds: views.map((view) => view.id) },
  });
  return views;
}
