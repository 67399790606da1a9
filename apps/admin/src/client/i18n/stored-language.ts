import type { Language } from "./messages.js";

const STORAGE_KEY = "otklik-admin-language";

/** The language chosen earlier on this computer; Russian when none was. */
export function storedLanguage(): Language {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === "en" ? "en" : "ru";
  } catch {
    // Storage can be switched off in the browser: fall back to the default.
    return "ru";
  }
}

export function storeLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered this time; the switch still works for this visit.
  }
}
