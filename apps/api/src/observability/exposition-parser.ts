/**
 * A strict reader of the Prometheus text format 0.0.4, for tests (and for anyone checking a
 * scrape by hand): it refuses what Prometheus would refuse, so a test that parses our output
 * proves more than a string comparison.
 */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  type: string;
  help: string;
  samples: ParsedSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?[ ]([^ ]+)$/s;

function unescapeHelp(text: string): string {
  return text.replace(/\\(\\|n)/g, (_, char: string) => (char === "n" ? "\n" : "\\"));
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let index = 0;
  while (index < text.length) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(index))?.[0];
    if (!name || text[index + name.length] !== "=" || text[index + name.length + 1] !== '"') {
      throw new Error(`bad label at ${index}: ${line}`);
    }
    index += name.length + 2;
    let value = "";
    for (;;) {
      const char = text[index];
      if (char === undefined) throw new Error(`unterminated label value: ${line}`);
      if (char === '"') break;
      if (char === "\n") throw new Error(`raw line feed in label value: ${line}`);
      if (char === "\\") {
        const next = text[index + 1];
        if (next === "\\") value += "\\";
        else if (next === '"') value += '"';
        else if (next === "n") value += "\n";
        else throw new Error(`bad escape \\${next}: ${line}`);
        index += 2;
        continue;
      }
      value += char;
      index += 1;
    }
    index += 1;
    if (name in labels) throw new Error(`label ${name} twice: ${line}`);
    labels[name] = value;
    if (text[index] === ",") index += 1;
    else if (index !== text.length) throw new Error(`expected , or }: ${line}`);
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === "+Inf") return Number.POSITIVE_INFINITY;
  if (text === "-Inf") return Number.NEGATIVE_INFINITY;
  if (text === "NaN") return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value "${text}": ${line}`);
  return Number(text);
}

/** Parses a whole exposition; throws on anything malformed, on samples outside their family, on duplicates. */
export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a line feed");
  const families = new Map<string, ParsedFamily>();
  let current: ParsedFamily | undefined;
  const seen = new Set<string>();
  for (const line of text.slice(0, -1).split("\n")) {
    if (line.startsWith("# HELP ")) {
      const [, name = "", help = ""] = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line) ?? [];
      if (!name || families.has(name)) throw new Error(`bad or repeated HELP: ${line}`);
      current = { name, type: "untyped", help: unescapeHelp(help), samples: [] };
      families.set(name, current);
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [, name, type] =
        /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line) ?? [];
      if (!current || name !== current.name || current.samples.length > 0)
        throw new Error(`TYPE out of place: ${line}`);
      current.type = type as string;
      continue;
    }
    if (line.startsWith("#") || line === "") throw new Error(`unexpected line: "${line}"`);
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`bad sample: ${line}`);
    const name = match[1] as string;
    if (!current) throw new Error(`sample before any family: ${line}`);
    const suffixes = current.type === "histogram" ? ["_bucket", "_sum", "_count"] : [""];
    if (!suffixes.some((suffix) => name === current?.name + suffix)) {
      throw new Error(`sample ${name} outside its family ${current.name}`);
    }
    const labels = match[3] === undefined ? {} : parseLabels(match[3], line);
    const identity = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(identity)) throw new Error(`duplicate sample: ${line}`);
    seen.add(identity);
    current.samples.push({ name, labels, value: parseValue(match[4] as string, line) });
  }
  return families;
}

/** The value of one sample whose labels include `labels`; `undefined` when there is none. */
export function sampleValue(
  families: Map<string, ParsedFamily>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name !== name) continue;
      if (Object.entries(labels).every(([key, value]) => sample.labels[key] === value)) return sample.value;
    }
  }
  return undefined;
}
