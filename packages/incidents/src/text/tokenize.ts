import { stemmer } from "@orama/stemmers/russian";
import { normalizeText } from "./normalize.js";

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}]+)*/gu;

// The last text's words and stems: classifying one comment tokenizes it three times (keywords, the
// learned model's features, urgency), one call right after another.
let lastText: string | undefined;
let lastWords: readonly string[] = [];
let lastStemsText: string | undefined;
let lastStems: readonly string[] = [];

/** Words of a text, lowercase with `ё` folded, links and emoji left out; hyphenated words stay whole. */
export function tokenize(text: string): string[] {
  if (text !== lastText) {
    lastWords = normalizeText(text).normalized.match(WORD) ?? [];
    lastText = text;
  }
  return [...lastWords];
}

const stemCache = new Map<string, string>();

/** The Snowball (Porter) Russian stem of one lowercase word; numbers and Latin words are kept as they are. */
export function stemWord(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const stem = /[а-я]/u.test(word) ? stemmer(word) : word;
  if (stemCache.size < 100_000) stemCache.set(word, stem);
  return stem;
}

/**
 * Stems of the words of a text, in order. Single letters and bare numbers carry no topic and are
 * dropped; words of two letters are kept (`уК`, `ям` are meaningful).
 */
export function stems(text: string): string[] {
  if (text !== lastStemsText) {
    const result: string[] = [];
    for (const word of tokenize(text)) {
      if (/^\d+$/u.test(word) || word.length < 2) continue;
      result.push(stemWord(word));
    }
    lastStems = result;
    lastStemsText = text;
  }
  return [...lastStems];
}

/** Unigram and adjacent-pair features of a stem sequence; pairs are written `a_b`. */
export function stemFeatures(stemSequence: readonly string[]): string[] {
  const features = [...stemSequence];
  for (let index = 1; index < stemSequence.length; index += 1) {
    features.push(`${stemSequence[index - 1]}_${stemSequence[index]}`);
  }
  return features;
}
