import { type ReactElement, useCallback, useEffect, useState } from "react";
import { type Language, MESSAGES } from "./i18n/messages.js";
import { storedLanguage, storeLanguage } from "./i18n/stored-language.js";
import { type ApiStatus, checkApi } from "./status/api-status.js";
import { StatusPanel } from "./status/StatusPanel.js";

// The DESIGN's default city zone, used until the API names the city's own.
const DEFAULT_TIME_ZONE = "Asia/Krasnoyarsk";
const RECHECK_MILLISECONDS = 30_000;

export function App(): ReactElement {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const [status, setStatus] = useState<ApiStatus>({ kind: "loading" });
  const messages = MESSAGES[language];

  const check = useCallback(() => {
    setStatus({ kind: "loading" });
    void checkApi().then(setStatus);
  }, []);

  useEffect(() => {
    check();
    const timer = setInterval(() => void checkApi().then(setStatus), RECHECK_MILLISECONDS);
    return () => clearInterval(timer);
  }, [check]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${messages.product} — ${messages.workspace}`;
    storeLanguage(language);
  }, [language, messages]);

  const city = status.kind === "checked" ? status.city : undefined;
  return (
    <>
      <a className="skip-link" href="#main">
        {language === "ru" ? "Перейти к содержанию" : "Skip to content"}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{messages.product}</span>
          <span>{city ? `${messages.workspace} · ${city.name[language]}` : messages.workspace}</span>
        </div>
        <fieldset className="language-switch">
          <legend className="visually-hidden">{messages.languageLabel}</legend>
          <button type="button" lang="ru" aria-pressed={language === "ru"} onClick={() => setLanguage("ru")}>
            Русский
          </button>
          <button type="button" lang="en" aria-pressed={language === "en"} onClick={() => setLanguage("en")}>
            English
          </button>
        </fieldset>
      </header>
      <main id="main" tabIndex={-1}>
        <StatusPanel
          status={status}
          language={language}
          fallbackTimeZone={DEFAULT_TIME_ZONE}
          onCheckAgain={check}
        />
      </main>
    </>
  );
}
