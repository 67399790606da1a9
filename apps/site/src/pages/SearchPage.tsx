import type { ReactElement } from "react";
import { PUBLICATION_TYPES, type PublicationType, type SearchHit } from "../api-client/content.js";
import { publicationPath } from "../content/sections.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { DateOf, Snippet, TYPE_NAMES } from "./components.js";

/** Search with the matching words highlighted; a plain GET form, so it works without JavaScript. */
export function SearchPage({
  page,
  q,
  type,
  hits,
  error,
  correctedQuery,
  exact = false,
}: {
  page: PageContext;
  q: string;
  type: PublicationType | undefined;
  hits: SearchHit[] | undefined;
  error?: string | undefined;
  /** The query the API ran instead of `q` (misspelt words corrected). */
  correctedQuery?: string | null | undefined;
  /** The reader asked for their own words, not the corrected ones. */
  exact?: boolean;
}): ReactElement {
  const { language } = page.preferences;
  const searchLink = (query: string, extra: Record<string, string> = {}) =>
    `/search?${new URLSearchParams({ q: query, ...(type ? { type } : {}), ...extra }).toString()}`;
  const heading = tr(language, { ru: "Поиск по сайту", en: "Search the site" });
  return (
    <Document
      page={page}
      title={q ? `${tr(language, { ru: "Поиск", en: "Search" })}: ${q}` : heading}
      description={tr(language, {
        ru: "Поиск по новостям, заявлениям, объявлениям, обсуждениям и справочнику.",
        en: "Search news, statements, notices, hearings and the handbook.",
      })}
      canonicalPath="/search"
    >
      <h1>{heading}</h1>
      <search>
        <form className="filters" method="get" action="/search">
          <div>
            <label htmlFor="search-q">{tr(language, { ru: "Что найти", en: "What to find" })}</label>
            <input
              id="search-q"
              name="q"
              type="search"
              maxLength={200}
              defaultValue={q}
              aria-describedby={error ? "search-error" : undefined}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div>
            <label htmlFor="search-type">{tr(language, { ru: "Где искать", en: "Where" })}</label>
            <select id="search-type" name="type" defaultValue={type ?? ""}>
              <option value="">{tr(language, { ru: "Везде", en: "Everywhere" })}</option>
              {PUBLICATION_TYPES.map((value) => (
                <option key={value} value={value}>
                  {tr(language, TYPE_NAMES[value])}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{tr(language, { ru: "Найти", en: "Search" })}</button>
        </form>
      </search>
      {error ? (
        <p className="field-error" id="search-error" role="alert">
          {error}
        </p>
      ) : null}
      {correctedQuery && !exact ? (
        <p className="notice" data-testid="corrected-query">
          {tr(language, {
            ru: `Показаны результаты по запросу «${correctedQuery}». `,
            en: `Showing results for “${correctedQuery}”. `,
          })}
          <a href={searchLink(q, { exact: "1" })}>
            {tr(language, { ru: `Искать «${q}»`, en: `Search for “${q}” instead` })}
          </a>
        </p>
      ) : null}
      {correctedQuery && exact ? (
        <p className="notice" data-testid="exact-query">
          {tr(language, {
            ru: `Слов запроса «${q}» в таком написании нет ни в одной публикации сайта. `,
            en: `No publication on the site has the words of “${q}” as written. `,
          })}
          <a href={searchLink(correctedQuery)}>
            {tr(language, {
              ru: `Показать результаты по запросу «${correctedQuery}»`,
              en: `Show results for “${correctedQuery}”`,
            })}
          </a>
        </p>
      ) : null}
      {hits === undefined ? null : hits.length === 0 ? (
        <p role="status">
          {tr(language, {
            ru: `По запросу «${q}» ничего не найдено. Проверьте написание или попробуйте другие слова.`,
            en: `Nothing found for “${q}”. Check the spelling or try other words.`,
          })}
        </p>
      ) : (
        <>
          <p role="status">{tr(language, { ru: `Найдено: ${hits.length}`, en: `Found: ${hits.length}` })}</p>
          <ol className="problems search-results">
            {hits.map((hit) => (
              <li key={hit.id}>
                <h2>
                  <a href={publicationPath(hit.slug)}>{hit.title}</a>
                </h2>
                <p className="meta">
                  {tr(language, TYPE_NAMES[hit.type])}
                  {" · "}
                  <DateOf page={page} instant={hit.publishedAt} />
                </p>
                <p lang="ru">
                  <Snippet html={hit.snippet} />
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </Document>
  );
}
