import type { ReactElement } from "react";
import { localise } from "../i18n/language.js";
import { MESSAGES } from "../i18n/messages.js";
import { type Bi, tr } from "../i18n/texts.js";
import { formatInstant } from "../time/format-instant.js";
import type { PageContext } from "./page-context.js";

const LINKS: { href: string; label: Bi }[] = [
  { href: "/info", label: { ru: "Информация о деятельности (8-ФЗ)", en: "Information on our work (8-FZ)" } },
  { href: "/announcements", label: { ru: "Анонсы", en: "Announcements" } },
  { href: "/auctions", label: { ru: "Торги", en: "Auctions" } },
  { href: "/explanations", label: { ru: "Разъяснения", en: "Explanations" } },
  { href: "/fixed", label: { ru: "Решённые проблемы", en: "Fixed problems" } },
  { href: "/departments", label: { ru: "Контакты подразделений", en: "Department contacts" } },
  { href: "/appeals", label: { ru: "Официальное обращение (59-ФЗ)", en: "Formal appeal (59-FZ)" } },
  { href: "/rss.xml", label: { ru: "RSS", en: "RSS" } },
  { href: "/sitemap.xml", label: { ru: "Карта сайта", en: "Sitemap" } },
];

export function SiteFooter({ page }: { page: PageContext }): ReactElement {
  const { language } = page.preferences;
  const messages = MESSAGES[language];
  return (
    <footer className="site-footer">
      <div className="container">
        <nav aria-label={tr(language, { ru: "Разделы сайта", en: "Site sections" })}>
          <ul className="footer-links">
            {LINKS.map((link) => (
              <li key={link.href}>
                <a href={link.href}>{tr(language, link.label)}</a>
              </li>
            ))}
          </ul>
        </nav>
        {page.city ? <p>{messages.rights(localise(page.city.administration, language))}</p> : null}
        <p>
          {`${messages.cityTime}: `}
          <time dateTime={page.now.toISOString()}>{formatInstant(page.now, language, page.timeZone)}</time>
        </p>
      </div>
    </footer>
  );
}
