import type { ReactElement } from "react";
import { localise } from "../i18n/language.js";
import { MESSAGES } from "../i18n/messages.js";
import { formatInstant } from "../time/format-instant.js";
import type { PageContext } from "./page-context.js";

export function SiteFooter({ page }: { page: PageContext }): ReactElement {
  const { language } = page.preferences;
  const messages = MESSAGES[language];
  return (
    <footer className="site-footer">
      <div className="container">
        {page.city ? <p>{messages.rights(localise(page.city.administration, language))}</p> : null}
        <p>
          {`${messages.cityTime}: `}
          <time dateTime={page.now.toISOString()}>{formatInstant(page.now, language, page.timeZone)}</time>
        </p>
      </div>
    </footer>
  );
}
