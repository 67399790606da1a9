import { Fragment, type ReactElement, type ReactNode } from "react";
import type { PublicationType, PublicPublication } from "../api-client/content.js";
import { publicationPath, sectionOf } from "../content/sections.js";
import { type Bi, tr } from "../i18n/texts.js";
import type { PageContext } from "../layout/page-context.js";
import { formatDate } from "../time/format-instant.js";

export const TYPE_NAMES: Record<PublicationType, Bi> = {
  official_statement: { ru: "Официальное заявление", en: "Official statement" },
  news: { ru: "Новость", en: "News" },
  announcement: { ru: "Анонс", en: "Announcement" },
  notice: { ru: "Объявление", en: "Notice" },
  auction_notice: { ru: "Извещение о торгах", en: "Auction notice" },
  hearing: { ru: "Публичное обсуждение", en: "Public hearing" },
  explanatory: { ru: "Разъяснение", en: "Explanation" },
  handbook_article: { ru: "Справочник", en: "Handbook" },
  information_category: { ru: "Информация о деятельности", en: "Information on our work" },
};

/** A date on the city's calendar in a `<time>` element. */
export function DateOf({ page, instant }: { page: PageContext; instant: string }): ReactElement {
  const date = new Date(instant);
  return <time dateTime={instant}>{formatDate(date, page.preferences.language, page.timeZone)}</time>;
}

/** One publication in a list: its title as a link, type, date, publisher and summary. */
export function PublicationCard({
  page,
  item,
  headingLevel = 3,
  showType = false,
}: {
  page: PageContext;
  item: PublicPublication;
  headingLevel?: 2 | 3;
  showType?: boolean;
}): ReactElement {
  const { language } = page.preferences;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <li>
      <Heading>
        <a href={publicationPath(item.slug)}>{item.title}</a>
      </Heading>
      <p className="meta">
        {showType ? `${tr(language, TYPE_NAMES[item.type])} · ` : null}
        <DateOf page={page} instant={item.publishedAt} />
        {` · ${item.publisher.name}`}
      </p>
      {item.summary ? <p className="summary">{item.summary}</p> : null}
    </li>
  );
}

export function PublicationCards({
  page,
  items,
  empty,
  headingLevel,
  showType,
}: {
  page: PageContext;
  items: PublicPublication[];
  empty: Bi;
  headingLevel?: 2 | 3;
  showType?: boolean;
}): ReactElement {
  if (items.length === 0) return <p>{tr(page.preferences.language, empty)}</p>;
  return (
    <ul className="cards">
      {items.map((item) => (
        <PublicationCard
          key={item.id}
          page={page}
          item={item}
          {...(headingLevel ? { headingLevel } : {})}
          {...(showType ? { showType } : {})}
        />
      ))}
    </ul>
  );
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Turns HTML-escaped text back into plain text (React escapes it again when it renders). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A search snippet: the API marks matches with `<mark>` in escaped text. Rather than trusting the
 * markup, the site splits it at the marks and lets React escape every piece, so nothing else
 * in the snippet can become HTML.
 */
export function Snippet({ html }: { html: string }): ReactElement {
  const parts = html.split(/(<mark>[\s\S]*?<\/mark>)/);
  return (
    <>
      {parts.map((part, index) => {
        const marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
        if (marked) return <mark key={index}>{decodeEntities(marked[1] ?? "")}</mark>;
        return <Fragment key={index}>{decodeEntities(part.replace(/<[^>]*>/g, ""))}</Fragment>;
      })}
    </>
  );
}

/** What kind of file a link leads to, said aloud: «(PDF)». */
export function fileKind(attachment: { url: string; mediaType?: string | undefined }): string | undefined {
  const type = attachment.mediaType?.toLowerCase() ?? "";
  const extension = /\.([a-z0-9]{2,5})(?:[?#]|$)/i.exec(attachment.url)?.[1]?.toLowerCase();
  if (type === "application/pdf" || extension === "pdf") return "PDF";
  if (extension === "docx" || extension === "doc") return "DOC";
  if (extension === "xlsx" || extension === "xls") return "XLS";
  return undefined;
}

export function Attachments({
  page,
  items,
}: {
  page: PageContext;
  items: { url: string; name: string; mediaType?: string | undefined }[];
}): ReactElement | null {
  if (items.length === 0) return null;
  const { language } = page.preferences;
  return (
    <section aria-labelledby="attachments">
      <h2 id="attachments">{tr(language, { ru: "Документы", en: "Documents" })}</h2>
      <ul>
        {items.map((item) => {
          const kind = fileKind(item);
          return (
            <li key={item.url}>
              <a href={item.url}>
                {item.name}
                {kind ? ` (${tr(language, { ru: "файл", en: "file" })} ${kind})` : null}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** A heading and a list that says when it has nothing. */
export function Section({
  id,
  title,
  children,
  more,
}: {
  id: string;
  title: string;
  children: ReactNode;
  more?: { href: string; label: string };
}): ReactElement {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
      {more ? (
        <p>
          <a href={more.href}>{more.label}</a>
        </p>
      ) : null}
    </section>
  );
}

export { sectionOf };
