import type { ReactElement, ReactNode } from "react";
import { useLanguage } from "../language/language.js";

/** Skip link, banner with the product and language switch, and the main landmark, on every screen. */
export function Frame({
  account,
  navigation,
  children,
}: {
  account?: ReactNode;
  navigation?: ReactNode;
  children: ReactNode;
}): ReactElement {
  const { language, messages, setLanguage } = useLanguage();
  return (
    <>
      <a className="skip-link" href="#main">
        {messages.skipToContent}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">{messages.product}</span>
          <span>{messages.workspace}</span>
        </div>
        {account}
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
      {navigation}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
