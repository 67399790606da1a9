import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { isLanguage, type Language } from "../i18n/language.js";

/**
 * Colour schemes of the version for the visually impaired (GOST R 52872-2019 asks for at least
 * black on white, white on black and dark blue on light blue).
 */
export const VISION_SCHEMES = ["black-on-white", "white-on-black", "blue-on-lightblue"] as const;
export type VisionScheme = (typeof VISION_SCHEMES)[number];
/** `off` is the standard site; a scheme means the version for the visually impaired is on. */
export type Vision = "off" | VisionScheme;

export function isVision(value: unknown): value is Vision {
  return value === "off" || VISION_SCHEMES.some((scheme) => scheme === value);
}

export const LANGUAGE_COOKIE = "otklik_lang";
export const VISION_COOKIE = "otklik_vision";

/** What the reader chose, remembered in cookies because the site works without JavaScript. */
export interface Preferences {
  language: Language;
  vision: Vision;
}

export function readPreferences(c: Context): Preferences {
  const language = getCookie(c, LANGUAGE_COOKIE);
  const vision = getCookie(c, VISION_COOKIE);
  return {
    language: isLanguage(language) ? language : "ru",
    vision: isVision(vision) ? vision : "off",
  };
}
