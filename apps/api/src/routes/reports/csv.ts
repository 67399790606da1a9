/** A CSV cell: text, a number, or nothing. */
export type CsvCell = string | number | null | undefined;

/** The byte order mark: Excel reads a CSV as UTF-8 (Cyrillic intact) only when it starts with one. */
export const UTF8_BOM = "\uFEFF";

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  // A text cell starting like a formula is made inert, so a citizen's words never run in a spreadsheet.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV (comma, CRLF, quotes doubled) in UTF-8 with a BOM, headers first. Headers carry both
 * languages («Дата / Date»), so one file serves Russian and English readers.
 */
export function toCsv(headers: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [headers.map(cell).join(","), ...rows.map((row) => row.map(cell).join(","))];
  return `${UTF8_BOM}${lines.join("\r\n")}\r\n`;
}

/** A CSV answer, downloaded under `fileName`. */
export function csvResponse(csv: string, fileName: string): Response {
  return new Response(csv, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
    },
  });
}
