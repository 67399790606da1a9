import type { Language } from "./language.js";

/** A fixed text in both languages, written next to where it is used; Russian first. */
export interface Bi {
  ru: string;
  en: string;
}

export function tr(language: Language, text: Bi): string {
  return text[language];
}
