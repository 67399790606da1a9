import type { ReactElement } from "react";
import { MESSAGES } from "../i18n/messages.js";
import { type Bi, tr } from "../i18n/texts.js";
import type { PageContext } from "./page-context.js";

const ITEMS: { href: string; label: Bi }[] = [
  { href: "/", label: { ru: "Главная", en: "Home" } },
  { href: "/statements", label: { ru: "Официально", en: "Official" } },
  { href: "/news", label: { ru: "Новости", en: "News" } },
  { href: "/notices", label: { ru: "Объявления", en: "Notices" } },
  { href: "/hearings", label: { ru: "Обсуждения", en: "Hearings" } },
  { href: "/handbook", label: { ru: "Справочник", en: "Handbook" } },
  { href: "/report", label: { ru: "Сообщить о проблеме", en: "Report a problem" } },
  { href: "/map", label: { ru: "Карта проблем", en: "Problem map" } },
  { href: "/press", label: { ru: "Пресс-центр", en: "Press centre" } },
  { href: "/contacts", label: { ru: "Контакты", en: "Contacts" } },
];

function isCurrent(currentPath: string, href: string): boolean {
  const path = currentPath.split("?")[0] ?? "/";
  return href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
}

/** The main menu, with the site search. Every link leads to a page that exists. */
export function MainNavigation({ page }: { page: PageContext }): ReactElement {
  const { language } = page.preferences;
  const messages = MESSAGES[language];
  return (
    <nav className="main-nav" aria-label={messages.mainNavigation}>
      <div className="container">
        <ul>
          {ITEMS.map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={isCurrent(page.currentPath, item.href) ? "page" : undefined}>
                {tr(language, item.label)}
              </a>
            </li>
          ))}
        </ul>
        <search>
          <form className="nav-search" action="/search" method="get">
            <label htmlFor="nav-search-q">
              {tr(language, { ru: "Поиск по сайту", en: "Search the site" })}
            </label>
            <input id="nav-search-q" name="q" type="search" maxLength={200} />
            <button type="submit">{tr(language, { ru: "Найти", en: "Search" })}</button>
          </form>
        </search>
      </div>
    </nav>
  );
}
