/** A citizen's text, cleaned for matching while the original is kept as written. */
export interface NormalizedText {
  /** Exactly what the citizen wrote. */
  original: string;
  /** Lowercase, `ё` folded to `е`, links and emoji removed, whitespace collapsed. */
  normalized: string;
  /** The links found in the text, in order, as written. */
  links: string[];
}

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+|\b(?:vk\.com|t\.me|ok\.ru)\/[^\s<>"]*/giu;
// Pictographs, their modifiers, joiners and variation selectors; letters and digits are never touched.
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}|\u{20E3}/gu;

/** Folds `ё` to `е` in any case, as Russian readers treat them as one letter. */
export function foldYo(text: string): string {
  return text.replace(/ё/g, "е").replace(/Ё/g, "Е");
}

/**
 * Cleans a comment for classification and search: lowercase, `ё`→`е`, links and emoji removed,
 * whitespace collapsed. The original text is returned unchanged beside the cleaned one.
 */
export function normalizeText(original: string): NormalizedText {
  const links = original.match(LINK) ?? [];
  const normalized = foldYo(original.toLowerCase())
    .replace(LINK, " ")
    .replace(EMOJI, " ")
    .replace(/\s+/gu, " ")
    .trim();
  return { original, normalized, links: [...links] };
}
