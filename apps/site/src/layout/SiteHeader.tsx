import type { ReactElement } from "react";
import { localise } from "../i18n/language.js";
import { MESSAGES } from "../i18n/messages.js";
import { switchLink } from "../preferences/routes.js";
import type { PageContext } from "./page-context.js";

/** The banner: the city's name, the language switch and the switch to the version for the visually impaired. */
export function SiteHeader({ page }: { page: PageContext }): ReactElement {
  const { language, vision } = page.preferences;
  const messages = MESSAGES[language];
  return (
    <header className="site-header">
      <div className="container">
        <a className="brand" href="/">
          <span className="brand-name">
            {page.city ? localise(page.city.name, language) : messages.officialSite}
          </span>
          {page.city ? (
            <span className="brand-subtitle">
              {`${messages.officialSite}: ${localise(page.city.administration, language)}`}
            </span>
          ) : null}
        </a>
        <div className="tools">
          <ul aria-label={messages.languageLabel}>
            <li>
              {language === "ru" ? (
                <strong aria-current="true">Русский</strong>
              ) : (
                <a href={switchLink("/settings/language", "ru", page.currentPath)} lang="ru" hrefLang="ru">
                  Русский
                </a>
              )}
            </li>
            <li>
              {language === "en" ? (
                <strong aria-current="true">English</strong>
              ) : (
                <a href={switchLink("/settings/language", "en", page.currentPath)} lang="en" hrefLang="en">
                  English
                </a>
              )}
            </li>
          </ul>
          {vision === "off" ? (
            <a
              href={switchLink("/settings/vision", "black-on-white", page.currentPath)}
              data-testid="vision-on"
            >
              {messages.visionOn}
            </a>
          ) : (
            <a href={switchLink("/settings/vision", "off", page.currentPath)} data-testid="vision-off">
              {messages.visionOff}
            </a>
          )}
        </div>
      </div>
    </header>
  );
}
