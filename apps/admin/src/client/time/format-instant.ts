import type { Language } from "../i18n/messages.js";

const LOCALES: Record<Language, string> = { ru: "ru-RU", en: "en-GB" };

/** Shows an instant on the city's clock, with seconds: the status screen is about "just now". */
export function formatInstant(instant: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  }).format(instant);
}
