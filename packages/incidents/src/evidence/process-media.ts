import { OtklikError } from "@otklik/core";
import sharp from "sharp";
import type { SniffedType } from "./media-types.js";

/** The longest side of a published photo, in pixels: enough for social networks and the site. */
export const PUBLISHED_MAX_SIDE = 2560;
/** The longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIDE = 320;
/** Photos larger than this many pixels are refused (a «decompression bomb» guard; 100 megapixels). */
export const MAX_PHOTO_PIXELS = 100_000_000;

/** What is made of a photo: the copy that may be shown outside, and its thumbnail. */
export interface ProcessedPhoto {
  /** JPEG, turned upright by its EXIF orientation, without EXIF, GPS, XMP, IPTC or ICC metadata. */
  published: Uint8Array;
  /** WebP, at most 320 px on the longer side, made from the published copy. */
  thumbnail: Uint8Array;
  width: number;
  height: number;
}

/**
 * Re-encodes a photo so nothing of its metadata survives: sharp decodes the pixels, turns them
 * upright by the EXIF orientation, and writes a new JPEG — sharp writes no metadata unless asked,
 * so the GPS position, camera, owner and times are gone. Pixels beyond `PUBLISHED_MAX_SIDE` are scaled
 * down, transparency is laid on white. A file that does not decode is 422; HEIC/HEVC, which the
 * prebuilt libvips cannot decode (patents), is 415 with advice.
 */
export async function processPhoto(bytes: Uint8Array, type: SniffedType): Promise<ProcessedPhoto> {
  try {
    const { data, info } = await sharp(bytes, { failOn: "error", limitInputPixels: MAX_PHOTO_PIXELS })
      .rotate()
      .resize({
        width: PUBLISHED_MAX_SIDE,
        height: PUBLISHED_MAX_SIDE,
        fit: "inside",
        withoutEnlargement: true,
      })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(data)
      .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return {
      published: new Uint8Array(data),
      thumbnail: new Uint8Array(thumbnail),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    if (type.mimeType === "image/heic" || type.mimeType === "image/heif") {
      throw new OtklikError(
        "unsupported_media_type",
        "Фото в формате HEIC сервер прочитать не может: пришлите JPEG (на iPhone: Настройки → Камера → " +
          "Форматы → «Наиболее совместимый»). / HEIC photos cannot be decoded here: send a JPEG " +
          "(iPhone: Settings → Camera → Formats → Most Compatible).",
        { details: [{ path: ["file"], message: type.mimeType }], cause: error },
      );
    }
    const tooLarge = /pixel limit/i.test(String((error as Error).message));
    throw new OtklikError(
      "validation_failed",
      tooLarge
        ? `Фото больше ${MAX_PHOTO_PIXELS / 1_000_000} мегапикселей / The photo exceeds ${MAX_PHOTO_PIXELS / 1_000_000} megapixels`
        : `Файл похож на ${type.mimeType}, но не читается как изображение (повреждён или обрезан). / ` +
            `The file looks like ${type.mimeType} but does not decode as an image (damaged or truncated).`,
      {
        details: [{ path: ["file"], message: tooLarge ? "too many pixels" : "undecodable image" }],
        cause: error,
      },
    );
  }
}

/**
 * A PDF must be whole: its header is checked by sniffing, its end marker (`%%EOF` in the last
 * kilobyte) here, so a truncated upload is refused with 422 rather than kept as an act nobody can open.
 */
export function assertWholePdf(bytes: Uint8Array): void {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString("latin1");
  if (tail.includes("%%EOF")) return;
  throw new OtklikError(
    "validation_failed",
    "PDF-файл обрезан: нет признака конца файла (%%EOF). / The PDF is truncated: its end marker (%%EOF) is missing.",
    { details: [{ path: ["file"], message: "truncated pdf" }] },
  );
}
