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

/** A moment in a list (audit, tokens): date and minutes on the city's clock. */
export function formatMoment(iso: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(new Date(iso));
}

const shortFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment in a dense table (the queue): «28.11 04:02» on the city's clock. The formatter is made once per
 * language and zone: making one costs more than formatting, and a scrolled table formats dozens a frame.
 */
export function formatShortMoment(iso: string, language: Language, timeZone: string): string {
  const key = `${language} ${timeZone}`;
  let format = shortFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone,
      day: "2-digit",
      month: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    shortFormats.set(key, format);
  }
  return format.format(new Date(iso));
}
