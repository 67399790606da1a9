import type { ReactElement } from "react";
import { MESSAGES } from "../i18n/messages.js";
import type { PageContext } from "./page-context.js";

/** The main menu. Sections join it as they are built; a link never leads to a page that does not exist. */
export function MainNavigation({ page }: { page: PageContext }): ReactElement {
  const messages = MESSAGES[page.preferences.language];
  const isHome = page.currentPath === "/" || page.currentPath.startsWith("/?");
  return (
    <nav className="main-nav" aria-label={messages.mainNavigation}>
      <div className="container">
        <ul>
          <li>
            <a href="/" aria-current={isHome ? "page" : undefined}>
              {messages.home}
            </a>
          </li>
          <li>
            <a href="/#contacts">{messages.contacts}</a>
          </li>
        </ul>
      </div>
    </nav>
  );
}
