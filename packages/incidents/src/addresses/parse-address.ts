import { z } from "zod";
import { foldYo } from "../text/normalize.js";
import { stemWord } from "../text/tokenize.js";
import { type AddressToken, addressTokens } from "./address-tokens.js";
import { allowedTypos, damerauLevenshtein } from "./fuzzy.js";
import {
  ABAKAN_STREET_REGISTER,
  type RegisteredStreet,
  type StreetRegister,
  StreetType,
} from "./street-register.js";

/** An address found in free text, normalised to the street register. */
export const ParsedAddress = z.object({
  streetType: StreetType.optional(),
  /** The register's name of the street, or the words as written when it is not in the register. */
  street: z.string().optional(),
  /** House number with its letter or fraction, lowercase: `12`, `12а`, `12/1`. */
  house: z.string().optional(),
  /** Корпус. */
  building: z.string().optional(),
  /** Строение. */
  structure: z.string().optional(),
  /** Литера, uppercase. */
  letter: z.string().optional(),
  district: z.string().optional(),
  /** Whether the street was found in the register (false when only a street type vouched for it). */
  inRegister: z.boolean(),
});
export type ParsedAddress = z.infer<typeof ParsedAddress>;

const STREET_MARKERS: Readonly<Record<string, StreetType>> = {
  ул: "street",
  улица: "street",
  улице: "street",
  улицы: "street",
  пр: "avenue",
  "пр-т": "avenue",
  пркт: "avenue",
  просп: "avenue",
  проспект: "avenue",
  проспекте: "avenue",
  пер: "lane",
  переулок: "lane",
  переулке: "lane",
  "б-р": "boulevard",
  бульвар: "boulevard",
  бул: "boulevard",
  ш: "highway",
  шоссе: "highway",
  "пр-д": "passage",
  проезд: "passage",
  пл: "square",
  площадь: "square",
  наб: "embankment",
  набережная: "embankment",
  мкр: "microdistrict",
  микрорайон: "microdistrict",
  микрорайоне: "microdistrict",
};
const HOUSE_MARKERS = new Set(["д", "дом", "дома", "доме", "№"]);
const BUILDING_MARKERS = new Set(["к", "корп", "корпус"]);
const STRUCTURE_MARKERS = new Set(["стр", "строение"]);
const LETTER_MARKERS = new Set(["лит", "литера"]);
const PREPOSITIONS = new Set([
  "на",
  "по",
  "у",
  "с",
  "со",
  "до",
  "от",
  "около",
  "возле",
  "напротив",
  "вдоль",
  "за",
]);

interface StreetVariant {
  street: RegisteredStreet;
  words: string[];
  stems: string[];
  /** Each word's index among the register's distinct words (for {@link CompiledRegister.distances}). */
  wordIds: number[];
}

interface CompiledRegister {
  variants: StreetVariant[];
  districts: { name: string; forms: string[][] }[];
  /** How many distinct words the register's names have. */
  wordCount: number;
  /**
   * Typos between a text's word and each register word, as {@link wordDistance} answers, kept per word of
   * the texts (not per text: texts differ, their words repeat). {@link UNKNOWN} until asked; {@link FAR}
   * for too many. Cleared when it holds {@link MAX_CACHED_TOKENS} words.
   */
  distances: Map<string, Uint8Array>;
}

const UNKNOWN = 255;
const FAR = 254;
const MAX_CACHED_TOKENS = 20_000;

const compiled = new WeakMap<StreetRegister, CompiledRegister>();

function words(text: string): string[] {
  return addressTokens(text)
    .filter((token) => token.kind === "word")
    .map((token) => token.text);
}

function compile(register: StreetRegister): CompiledRegister {
  const cached = compiled.get(register);
  if (cached) return cached;
  const wordIndex = new Map<string, number>();
  const idOf = (word: string): number => {
    let id = wordIndex.get(word);
    if (id === undefined) {
      id = wordIndex.size;
      wordIndex.set(word, id);
    }
    return id;
  };
  const variants = register.streets.flatMap((street) =>
    [street.name, ...(street.aliases ?? [])].map((name) => {
      const nameWords = words(name);
      return { street, words: nameWords, stems: nameWords.map(stemWord), wordIds: nameWords.map(idOf) };
    }),
  );
  // Longer names first, so «Маршала Жукова» wins over the alias «Жукова».
  variants.sort((left, right) => right.words.length - left.words.length);
  const districts = register.districts
    .map((district) => ({ name: district.name, forms: district.forms.map(words) }))
    .sort(
      (left, right) =>
        Math.max(...right.forms.map((f) => f.length)) - Math.max(...left.forms.map((f) => f.length)),
    );
  const result = { variants, districts, wordCount: wordIndex.size, distances: new Map() };
  compiled.set(register, result);
  return result;
}

/** Typos needed to read `token` as the register word (`stem` is that word's stem); infinite when too many. */
function wordDistance(token: string, word: string, stem: string): number {
  if (token === word || stemWord(token) === stem) return 0;
  if (word.length <= 2) return Number.POSITIVE_INFINITY;
  const allowed = allowedTypos(word.length);
  // A distance is at least the difference in length: most pairs are ruled out without the table
  // (the same answers, a fraction of the work — every intake compares every word with every street).
  const tokenStem = stemWord(token);
  const distance = Math.min(
    Math.abs(token.length - word.length) <= allowed ? damerauLevenshtein(token, word) : Infinity,
    Math.abs(tokenStem.length - stem.length) <= allowed ? damerauLevenshtein(tokenStem, stem) : Infinity,
  );
  return distance <= allowed ? distance : Number.POSITIVE_INFINITY;
}

/** {@link wordDistance} of `token` and the variant's word at `offset`, remembered per token. */
function cachedWordDistance(
  register: CompiledRegister,
  token: string,
  variant: StreetVariant,
  offset: number,
): number {
  let row = register.distances.get(token);
  if (row === undefined) {
    if (register.distances.size >= MAX_CACHED_TOKENS) register.distances.clear();
    row = new Uint8Array(register.wordCount).fill(UNKNOWN);
    register.distances.set(token, row);
  }
  const id = variant.wordIds[offset]!;
  let known = row[id]!;
  if (known === UNKNOWN) {
    const distance = wordDistance(token, variant.words[offset]!, variant.stems[offset]!);
    known = Number.isFinite(distance) ? distance : FAR;
    row[id] = known;
  }
  return known === FAR ? Number.POSITIVE_INFINITY : known;
}

/**
 * The best register street whose words start at `start`: the longest name, then the fewest typos, then
 * the type the text names («переулок Сибирский», not «улица Сибирская»), then the exact spelling.
 */
function matchStreet(
  tokens: readonly AddressToken[],
  start: number,
  register: CompiledRegister,
  markerType: StreetType | undefined,
): { street: RegisteredStreet; length: number; typos: number } | null {
  let best: { street: RegisteredStreet; length: number; typos: number; rank: number } | null = null;
  for (const variant of register.variants) {
    let typos = 0;
    let exact = true;
    for (let offset = 0; offset < variant.words.length && Number.isFinite(typos); offset += 1) {
      const token = tokens[start + offset];
      const word = variant.words[offset] ?? "";
      typos += token?.kind === "word" ? cachedWordDistance(register, token.text, variant, offset) : Infinity;
      if (token?.text !== word) exact = false;
    }
    if (!Number.isFinite(typos)) continue;
    const rank =
      variant.words.length * 100 -
      typos * 10 +
      (variant.street.type === markerType ? 2 : 0) +
      (exact ? 1 : 0);
    if (best === null || rank > best.rank)
      best = { street: variant.street, length: variant.words.length, typos, rank };
  }
  return best && { street: best.street, length: best.length, typos: best.typos };
}

function matchDistrict(
  tokens: readonly AddressToken[],
  start: number,
  register: CompiledRegister,
): { name: string; length: number } | null {
  for (const district of register.districts) {
    for (const form of district.forms) {
      if (
        form.every(
          (word, offset) => tokens[start + offset]?.text === word && tokens[start + offset]?.kind === "word",
        )
      ) {
        return { name: district.name, length: form.length };
      }
    }
  }
  return null;
}

/** Reads «, д. 12а корп. 2 стр. 1 лит. А» after a street name; stops at anything else. */
function readHouse(tokens: readonly AddressToken[], start: number): Partial<ParsedAddress> {
  const result: Partial<ParsedAddress> = {};
  let index = start;
  const skip = (): void => {
    while (tokens[index]?.kind === "punctuation" && [",", "-", "—", "–"].includes(tokens[index]?.text ?? ""))
      index += 1;
  };
  skip();
  if (tokens[index]?.kind === "word" && HOUSE_MARKERS.has(tokens[index]?.text ?? "")) index += 1;
  if (tokens[index]?.kind !== "number") return result;
  result.house = tokens[index]?.text;
  index += 1;
  for (;;) {
    skip();
    const marker = tokens[index];
    const value = tokens[index + 1];
    if (marker?.kind !== "word" || value === undefined) break;
    if (BUILDING_MARKERS.has(marker.text) && value.kind === "number") result.building = value.text;
    else if (STRUCTURE_MARKERS.has(marker.text) && value.kind === "number") result.structure = value.text;
    else if (LETTER_MARKERS.has(marker.text) && value.kind === "word" && value.text.length === 1) {
      result.letter = value.text.toUpperCase();
    } else break;
    index += 2;
  }
  return result;
}

/** «у дома 7 по Аскизской»: a house number written before the street. */
function readHouseBefore(tokens: readonly AddressToken[], streetStart: number): string | undefined {
  const preposition = tokens[streetStart - 1];
  const number = tokens[streetStart - 2];
  const marker = tokens[streetStart - 3];
  if (preposition?.text !== "по" || number?.kind !== "number") return undefined;
  return marker !== undefined && HOUSE_MARKERS.has(marker.text) ? number.text : undefined;
}

function titleCase(text: string): string {
  return text.replace(
    /(^|[\s-])(\p{L})/gu,
    (_, separator: string, letter: string) => separator + letter.toUpperCase(),
  );
}

interface Candidate {
  address: ParsedAddress;
  strength: number;
}

/**
 * Finds a Russian postal address in free text: «ул. Щетинкина, 12», «пр-т Ленина 70 корп 2», «в Согре на
 * Молодёжной», with typos («Щетинкно») and abbreviations (ул, пр-т, просп, пер, б-р, ш, мкр, д., корп.,
 * к., стр., лит.). Street names are normalised to the register (by stems for declined names, by
 * Damerau–Levenshtein distance for typos). A bare name needs a house number, or a preposition before
 * it and a name that is no ordinary word (unless written with a capital). Returns null when the text
 * names no street and no district.
 */
export function parseAddress(
  text: string,
  register: StreetRegister = ABAKAN_STREET_REGISTER,
): ParsedAddress | null {
  const tokens = addressTokens(text);
  const compiledRegister = compile(register);
  let district: string | undefined;
  const candidates: Candidate[] = [];
  const consumed = new Set<number>();

  for (let index = 0; index < tokens.length; index += 1) {
    const found = tokens[index]?.kind === "word" ? matchDistrict(tokens, index, compiledRegister) : null;
    if (found) {
      district ??= found.name;
      for (let offset = 0; offset < found.length; offset += 1) consumed.add(index + offset);
    }
  }

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token?.kind !== "word" || consumed.has(index)) continue;
    const markerType = STREET_MARKERS[token.text];
    const nameStart = markerType !== undefined ? index + 1 : index;
    if (markerType !== undefined && consumed.has(nameStart)) continue; // «мкр. Юбилейный» is a district
    const match = consumed.has(nameStart)
      ? null
      : matchStreet(tokens, nameStart, compiledRegister, markerType);
    if (match) {
      const house = readHouse(tokens, nameStart + match.length);
      const houseBefore = readHouseBefore(tokens, nameStart);
      const hasHouse = house.house !== undefined || houseBefore !== undefined;
      const previous = tokens[nameStart - 1];
      const capitalised = /^\p{Lu}/u.test(tokens[nameStart]?.original ?? "");
      const afterPreposition = previous !== undefined && PREPOSITIONS.has(previous.text);
      const accepted =
        markerType !== undefined ||
        hasHouse ||
        (afterPreposition && match.typos === 0 && (match.street.ordinaryWord !== true || capitalised));
      if (accepted) {
        candidates.push({
          address: {
            streetType: match.street.type,
            street: match.street.name,
            ...(houseBefore !== undefined ? { house: houseBefore } : {}),
            ...house,
            inRegister: true,
          },
          strength: (markerType !== undefined ? 2 : 0) + (hasHouse ? 2 : 0) - match.typos * 0.1,
        });
        index = nameStart + match.length - 1;
        continue;
      }
    }
    if (markerType !== undefined && markerType !== "microdistrict") {
      const nameTokens: AddressToken[] = [];
      for (let next = nameStart; tokens[next]?.kind === "word" && nameTokens.length < 3; next += 1) {
        const word = tokens[next] as AddressToken;
        if (HOUSE_MARKERS.has(word.text) || STREET_MARKERS[word.text] !== undefined) break;
        nameTokens.push(word);
      }
      const house = readHouse(tokens, nameStart + nameTokens.length);
      if (nameTokens.length > 0 && house.house !== undefined) {
        candidates.push({
          address: {
            streetType: markerType,
            street: titleCase(
              foldYo(
                nameTokens
                  .map((word) => word.original)
                  .join(" ")
                  .toLowerCase(),
              ),
            ),
            ...house,
            inRegister: false,
          },
          strength: 1,
        });
      }
    }
  }

  const best = candidates.reduce<Candidate | null>(
    (current, candidate) => (current === null || candidate.strength > current.strength ? candidate : current),
    null,
  );
  if (best) return { ...best.address, ...(district !== undefined ? { district } : {}) };
  return district !== undefined ? { district, inRegister: false } : null;
}
