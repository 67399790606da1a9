import { OtklikError } from "@otklik/core";
import { fileTypeFromBuffer } from "file-type";

/** What an uploaded file is, by its content: a photo, a video or a PDF document. */
export type EvidenceKind = "photo" | "video" | "document";

/** A content type the desk accepts, found by sniffing the file's first bytes. */
export interface SniffedType {
  kind: EvidenceKind;
  mimeType: string;
  /** The file-name extension the stored original gets (never the uploader's). */
  extension: string;
}

/**
 * Size limits per kind, in bytes: a photo 20 MB, a video 200 MB, a PDF 20 MB. A phone's full-size
 * photo is 3–12 MB and a minute of 1080p video about 100–130 MB; a scanned acceptance act fits in 20 MB.
 */
export const EVIDENCE_SIZE_LIMITS: Readonly<Record<EvidenceKind, number>> = {
  photo: 20 * 1024 * 1024,
  video: 200 * 1024 * 1024,
  document: 20 * 1024 * 1024,
};

/** The largest file of any kind: an upload's body is cut off past this (plus the form's overhead). */
export const EVIDENCE_MAX_BYTES = Math.max(...Object.values(EVIDENCE_SIZE_LIMITS));

const ACCEPTED: Readonly<Record<string, SniffedType>> = {
  "image/jpeg": { kind: "photo", mimeType: "image/jpeg", extension: "jpg" },
  "image/png": { kind: "photo", mimeType: "image/png", extension: "png" },
  "image/webp": { kind: "photo", mimeType: "image/webp", extension: "webp" },
  "image/heic": { kind: "photo", mimeType: "image/heic", extension: "heic" },
  "image/heif": { kind: "photo", mimeType: "image/heif", extension: "heif" },
  "image/avif": { kind: "photo", mimeType: "image/avif", extension: "avif" },
  "video/mp4": { kind: "video", mimeType: "video/mp4", extension: "mp4" },
  "video/webm": { kind: "video", mimeType: "video/webm", extension: "webm" },
  "video/quicktime": { kind: "video", mimeType: "video/quicktime", extension: "mov" },
  "application/pdf": { kind: "document", mimeType: "application/pdf", extension: "pdf" },
};

/** The accepted types, for messages and the API document. */
export const ACCEPTED_EVIDENCE_TYPES = Object.keys(ACCEPTED);

const ACCEPTED_NAMES = "JPEG, PNG, WebP, HEIC/AVIF, MP4, WebM, QuickTime (MOV), PDF";

function megabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} МБ / ${Math.round(bytes / (1024 * 1024))} MB`;
}

/**
 * Finds the type of a file from its content (magic numbers), never from its name or the type the
 * client declared. An unknown or unaccepted type is 415 naming what is accepted; an empty file is 422.
 */
export async function sniffEvidenceType(bytes: Uint8Array): Promise<SniffedType> {
  if (bytes.byteLength === 0) {
    throw new OtklikError("validation_failed", "Файл пустой / The file is empty", {
      details: [{ path: ["file"], message: "empty" }],
    });
  }
  const found = await fileTypeFromBuffer(bytes);
  const accepted = found ? ACCEPTED[found.mime] : undefined;
  if (!accepted) {
    const what = found ? `${found.mime}` : "неизвестный / unknown";
    throw new OtklikError(
      "unsupported_media_type",
      `Тип файла по содержимому — ${what}; принимаются ${ACCEPTED_NAMES}. / ` +
        `The file's content is ${found ? found.mime : "of an unknown type"}; accepted: ${ACCEPTED_NAMES}.`,
      { details: [{ path: ["file"], message: found ? found.mime : "unknown" }] },
    );
  }
  return accepted;
}

/** Refuses a file over its kind's limit with 413 naming the limit. */
export function assertWithinLimit(type: SniffedType, size: number): void {
  const limit = EVIDENCE_SIZE_LIMITS[type.kind];
  if (size <= limit) return;
  const names = {
    photo: { ru: "Фотография", en: "A photo" },
    video: { ru: "Видео", en: "A video" },
    document: { ru: "PDF-документ", en: "A PDF" },
  }[type.kind];
  throw new OtklikError(
    "payload_too_large",
    `${names.ru} больше ${megabytes(limit).split(" / ")[0]} (${size} байт) / ` +
      `${names.en} may not exceed ${megabytes(limit).split(" / ")[1]} (got ${size} bytes)`,
    { details: [{ path: ["file"], message: `limit ${limit} bytes` }] },
  );
}
