import type { LocalisedText } from "../api-client/city.js";

/** The site's languages, Russian first. */
export const LANGUAGES = ["ru", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return value === "ru" || value === "en";
}

/** Picks the reader's language from a text the API gives in both. */
export function localise(text: LocalisedText, language: Language): string {
  return text[language];
}
