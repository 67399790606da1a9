import { createContext, useContext } from "react";
import { type Language, MESSAGES, type Messages } from "../i18n/messages.js";

export interface LanguageChoice {
  language: Language;
  messages: Messages;
  setLanguage: (language: Language) => void;
}

export const LanguageContext = createContext<LanguageChoice>({
  language: "ru",
  messages: MESSAGES.ru,
  setLanguage: () => {},
});

/** The interface's language, its texts and the switch. */
export function useLanguage(): LanguageChoice {
  return useContext(LanguageContext);
}
