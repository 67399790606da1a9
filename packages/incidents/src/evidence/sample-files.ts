// Test-only (not exported): real files made on the spot — photos with EXIF GPS, video and PDF headers.
import sharp from "sharp";

/** Where the test photos claim to be taken: Abakan, ул. Щетинкина. */
export const GPS_MARK = "WGS-84";

/**
 * A JPEG photo as a phone writes it: EXIF with the camera, the owner and a GPS position
 * (`GPSMapDatum` is the readable marker), and the orientation «rotate 90°» (stored 64×48, shown 48×64).
 */
export async function phonePhoto(options: { width?: number; height?: number; color?: string } = {}) {
  const width = options.width ?? 64;
  const height = options.height ?? 48;
  return new Uint8Array(
    await sharp({
      create: { width, height, channels: 3, background: options.color ?? "#3060a0" },
    })
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: "PhoneMaker", Model: "Phone 15", Artist: "Иван Петров", Copyright: "Иван Петров" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "53/1 43/1 1234/100",
          GPSLongitudeRef: "E",
          GPSLongitude: "91/1 25/1 4321/100",
          GPSMapDatum: GPS_MARK,
        },
      })
      .toBuffer(),
  );
}

/** A PNG with transparency and a text chunk. */
export async function screenshotPng(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({
      create: { width: 40, height: 30, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } },
    })
      .png()
      .withMetadata({ orientation: 1 })
      .toBuffer(),
  );
}

function box(type: string, payload: Uint8Array): Uint8Array {
  const out = Buffer.alloc(8 + payload.length);
  out.writeUInt32BE(8 + payload.length, 0);
  out.write(type, 4, "latin1");
  out.set(payload, 8);
  return out;
}

function ftyp(major: string, brands: string[]): Uint8Array {
  return box(
    "ftyp",
    Buffer.concat([
      Buffer.from(major, "latin1"),
      Buffer.alloc(4),
      ...brands.map((b) => Buffer.from(b, "latin1")),
    ]),
  );
}

/** The first boxes of an MP4 file (ftyp isom, free, mdat). */
export function mp4Video(mdatBytes = 256): Uint8Array {
  return Buffer.concat([
    ftyp("isom", ["isom", "iso2", "avc1", "mp41"]),
    box("free", new Uint8Array(8)),
    box("mdat", new Uint8Array(mdatBytes)),
  ]);
}

/** The first boxes of a QuickTime (.mov) file. */
export function quickTimeVideo(): Uint8Array {
  return Buffer.concat([
    ftyp("qt  ", ["qt  "]),
    box("wide", new Uint8Array()),
    box("mdat", new Uint8Array(128)),
  ]);
}

/** An EBML header with DocType `webm`. */
export function webmVideo(): Uint8Array {
  return new Uint8Array([
    0x1a,
    0x45,
    0xdf,
    0xa3,
    0x9f,
    0x42,
    0x86,
    0x81,
    0x01,
    0x42,
    0xf7,
    0x81,
    0x01,
    0x42,
    0xf2,
    0x81,
    0x04,
    0x42,
    0xf3,
    0x81,
    0x08,
    0x42,
    0x82,
    0x84,
    0x77,
    0x65,
    0x62,
    0x6d,
    0x42,
    0x87,
    0x81,
    0x04,
    0x42,
    0x85,
    0x81,
    0x02,
    ...new Array(64).fill(0),
  ]);
}

/** The header boxes of an iPhone HEIC photo (HEVC-coded), which the prebuilt libvips cannot decode. */
export function heicHeader(): Uint8Array {
  return Buffer.concat([ftyp("heic", ["mif1", "heic"]), box("meta", new Uint8Array(32))]);
}

/** A small, whole PDF: an act of acceptance of work. */
export function acceptanceActPdf(): Uint8Array {
  const body = [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj",
    "3 0 obj << /Author (Подрядчик) /Title (Акт приёмки работ) >> endobj",
    "trailer << /Root 1 0 R /Info 3 0 R >>",
    "%%EOF",
    "",
  ].join("\n");
  return new Uint8Array(Buffer.from(body, "utf8"));
}

/** `length` bytes that start as a JPEG (SOI + APP0 JFIF) and are zeros after: sniffed as JPEG, never decodes. */
export function jpegLookalike(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return bytes;
}
