import type { ReactElement, ReactNode } from "react";
import { MESSAGES } from "../i18n/messages.js";
import { MainNavigation } from "./MainNavigation.js";
import type { PageContext } from "./page-context.js";
import { SiteFooter } from "./SiteFooter.js";
import { SiteHeader } from "./SiteHeader.js";
import { STYLESHEET_PATH } from "./styles.js";
import { VisionPanel } from "./VisionPanel.js";

export interface DocumentProps {
  page: PageContext;
  title: string;
  description: string;
  children: ReactNode;
}

/** The whole HTML document: head, skip link, header, navigation, main content and footer. */
export function Document({ page, title, description, children }: DocumentProps): ReactElement {
  const { language, vision } = page.preferences;
  const messages = MESSAGES[language];
  return (
    <html lang={language} data-vision={vision === "off" ? undefined : vision}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description} />
        <link rel="stylesheet" href={STYLESHEET_PATH} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {messages.skipLink}
        </a>
        {vision === "off" ? null : <VisionPanel page={page} />}
        <SiteHeader page={page} />
        <MainNavigation page={page} />
        <main id="main" tabIndex={-1}>
          <div className="container">{children}</div>
        </main>
        <SiteFooter page={page} />
      </body>
    </html>
  );
}
