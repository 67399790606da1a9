import type { ReactElement } from "react";
import type { PublicPublication, Publisher } from "../api-client/content.js";
import type { Section } from "../content/sections.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { PublicationCards } from "./components.js";

export interface ListFilters {
  publisher?: string | undefined;
  tag?: string | undefined;
  cursor?: string | undefined;
}

export function listHref(path: string, filters: ListFilters): string {
  const query = new URLSearchParams();
  if (filters.publisher) query.set("publisher", filters.publisher);
  if (filters.tag) query.set("tag", filters.tag);
  if (filters.cursor) query.set("cursor", filters.cursor);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** A list of one type of publication, newest first, with filters and pages. Works by links and a GET form. */
export function PublicationListPage({
  page,
  section,
  items,
  nextCursor,
  publishers,
  filters,
}: {
  page: PageContext;
  section: Section;
  items: PublicPublication[];
  nextCursor: string | null;
  publishers: Publisher[];
  filters: ListFilters;
}): ReactElement {
  const { language } = page.preferences;
  const title = tr(language, section.title);
  const filtered = Boolean(filters.publisher || filters.tag);
  return (
    <Document
      page={page}
      title={`${title}${filters.cursor ? tr(language, { ru: " — продолжение", en: " — more" }) : ""} — ${page.city?.name[language] ?? ""}`}
      description={tr(language, section.description)}
      canonicalPath={listHref(section.path, filters)}
      feeds={[{ href: `/rss.xml?type=${section.type}`, title: `${title} (RSS)` }]}
    >
      <h1>{title}</h1>
      <p className="lead">{tr(language, section.description)}</p>
      <form className="filters" method="get" action={section.path}>
        <div>
          <label htmlFor="filter-publisher">{tr(language, { ru: "Кто опубликовал", en: "Publisher" })}</label>
          <select id="filter-publisher" name="publisher" defaultValue={filters.publisher ?? ""}>
            <option value="">{tr(language, { ru: "Все", en: "All" })}</option>
            {publishers.map((publisher) => (
              <option key={publisher.id} value={publisher.id}>
                {publisher.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-tag">{tr(language, { ru: "Тема (метка)", en: "Topic (tag)" })}</label>
          <input id="filter-tag" name="tag" type="text" maxLength={60} defaultValue={filters.tag ?? ""} />
        </div>
        <button type="submit">{tr(language, { ru: "Показать", en: "Show" })}</button>
        {filtered ? (
          <a href={section.path}>{tr(language, { ru: "Сбросить фильтры", en: "Clear filters" })}</a>
        ) : null}
      </form>
      <PublicationCards
        page={page}
        items={items}
        headingLevel={2}
        empty={
          filtered
            ? { ru: "По этим условиям ничего не нашлось.", en: "Nothing matches these filters." }
            : { ru: "Публикаций пока нет.", en: "Nothing published yet." }
        }
      />
      <nav aria-label={tr(language, { ru: "Страницы списка", en: "Pages of the list" })}>
        <ul className="pagination">
          {filters.cursor ? (
            <li>
              <a href={listHref(section.path, { ...filters, cursor: undefined })}>
                {tr(language, { ru: "К началу списка", en: "Back to the start" })}
              </a>
            </li>
          ) : null}
          {nextCursor ? (
            <li>
              <a href={listHref(section.path, { ...filters, cursor: nextCursor })} rel="next">
                {tr(language, { ru: "Следующая страница", en: "Next page" })}
              </a>
            </li>
          ) : null}
        </ul>
      </nav>
    </Document>
  );
}
