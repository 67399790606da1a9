// A tiny XML writer for Open311 GeoReport v2 answers: elements, text, arrays as repeated children.

/** Characters XML 1.0 does not allow at all (control characters but tab, line feed, carriage return). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const INVALID_XML_CHARACTERS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for element content and attribute values; drops characters XML cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARACTERS, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** The element name of each item of a plural element (`attributes` → `attribute`). */
export type ItemNames = Readonly<Record<string, string>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** One element with its value: scalars as text, null as an empty element, objects and arrays as children. */
export function xmlElement(name: string, value: unknown, items: ItemNames = {}): string {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = items[name] ?? "item";
    return `<${name}>${value.map((entry) => xmlElement(item, entry, items)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    const children = Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => xmlElement(key, child, items))
      .join("");
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: the declaration and one root element. */
export function xmlDocument(root: string, value: unknown, items: ItemNames = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlElement(root, value, items)}\n`;
}
