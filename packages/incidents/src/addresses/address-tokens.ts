import { foldYo } from "../text/normalize.js";

/** A piece of an address-bearing text: a word, a house number, or punctuation. */
export interface AddressToken {
  kind: "word" | "number" | "punctuation";
  /** Lowercase, `ё` folded, without a trailing dot. */
  text: string;
  /** As written. */
  original: string;
  /** Whether a dot followed the word (an abbreviation: «ул.», «д.»). */
  dotted: boolean;
}

const TOKEN =
  /(\d+(?:[а-яёА-ЯЁa-zA-Z](?![\p{L}]))?(?:\/\d+[а-яёА-ЯЁ]?)?)|([\p{L}]+(?:-[\p{L}]+)*)(\.)?|([,;:!?()«»"—–-])/gu;

/** Splits a text into words, house numbers (`12`, `12а`, `12/1`) and punctuation. */
export function addressTokens(text: string): AddressToken[] {
  const tokens: AddressToken[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [, number, word, dot, punctuation] = match;
    if (number !== undefined) {
      tokens.push({ kind: "number", text: foldYo(number.toLowerCase()), original: number, dotted: false });
    } else if (word !== undefined) {
      tokens.push({
        kind: "word",
        text: foldYo(word.toLowerCase()),
        original: word,
        dotted: dot !== undefined,
      });
    } else if (punctuation !== undefined) {
      tokens.push({ kind: "punctuation", text: punctuation, original: punctuation, dotted: false });
    }
  }
  return tokens;
}
