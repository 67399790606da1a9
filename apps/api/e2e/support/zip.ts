// Reads one file out of a ZIP archive (DOCX, XLSX): the central directory, then the entry, inflated.
import { inflateRawSync } from "node:zlib";

/** The bytes of `name` inside the archive, or undefined when it holds no such file. */
export function readZipEntry(archive: Uint8Array, name: string): Buffer | undefined {
  const zip = Buffer.from(archive);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let end = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 65_557); offset--) {
    if (zip.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Error("not a ZIP archive");
  const entries = zip.readUInt16LE(end + 10);
  let cursor = zip.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index++) {
    if (zip.readUInt32LE(cursor) !== 0x02014b50) throw new Error("broken central directory");
    const method = zip.readUInt16LE(cursor + 10);
    const compressedSize = zip.readUInt32LE(cursor + 20);
    const nameLength = zip.readUInt16LE(cursor + 28);
    const extraLength = zip.readUInt16LE(cursor + 30);
    const commentLength = zip.readUInt16LE(cursor + 32);
    const localHeader = zip.readUInt32LE(cursor + 42);
    const entryName = zip.toString("utf8", cursor + 46, cursor + 46 + nameLength);
    if (entryName === name) {
      const dataStart =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`unsupported ZIP method ${method}`);
    }
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  return undefined;
}

/** The texts of a DOCX body's runs (`<w:t>`), each table cell's paragraphs joined, in document order. */
export function docxCells(documentXml: string): string[] {
  const decode = (text: string) =>
    text
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&quot;", '"')
      .replaceAll("&apos;", "'")
      .replaceAll("&amp;", "&");
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((paragraph) =>
    decode(
      [...(paragraph[0] ?? "").matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((run) => run[1]).join(""),
    ),
  );
}
