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

/** A calendar day on the city's clock, e.g. "27 ноября 2026 г.". */
export function formatDate(instant: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(instant);
}

/** A date-only value (`2026-12-31`) as written, without shifting it through any zone. */
export function formatDay(day: string, language: Language): string {
  const instant = new Date(`${day.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(instant.getTime()) ? day : formatDate(instant, language, "UTC");
}
