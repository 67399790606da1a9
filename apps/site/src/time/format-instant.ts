import type { Language } from "../i18n/language.js";

const LOCALES: Record<Language, string> = { ru: "ru-RU", en: "en-GB" };

/** Shows an instant as the city's clock shows it, with the offset, e.g. "27 ноября 2026 г., 17:05 (GMT+7)". */
export function formatInstant(instant: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(instant);
}
