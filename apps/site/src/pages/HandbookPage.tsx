import type { ReactElement } from "react";
import { HandbookFields, type HandbookSection, type PublicPublication } from "../api-client/content.js";
import { publicationPath, sectionOf } from "../content/sections.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";

/** The citizen's handbook: its sections in order, each with its articles. */
export function HandbookPage({
  page,
  sections,
  articles,
}: {
  page: PageContext;
  sections: HandbookSection[];
  articles: PublicPublication[];
}): ReactElement {
  const { language } = page.preferences;
  const section = sectionOf("handbook_article");
  const bySection = new Map<string, PublicPublication[]>();
  for (const article of articles) {
    const fields = HandbookFields.safeParse(article.fields);
    const key = fields.success ? fields.data.sectionId : "";
    bySection.set(key, [...(bySection.get(key) ?? []), article]);
  }
  const known = new Set(sections.map((item) => item.id));
  const others = articles.filter((article) => {
    const fields = HandbookFields.safeParse(article.fields);
    return !fields.success || !known.has(fields.data.sectionId);
  });
  return (
    <Document
      page={page}
      title={`${tr(language, section.title)} — ${page.city?.name[language] ?? ""}`}
      description={tr(language, section.description)}
      canonicalPath={section.path}
      feeds={[{ href: "/rss.xml?type=handbook_article", title: `${tr(language, section.title)} (RSS)` }]}
    >
      <h1>{tr(language, section.title)}</h1>
      <p className="lead">{tr(language, section.description)}</p>
      {sections.length > 0 ? (
        <nav aria-label={tr(language, { ru: "Разделы справочника", en: "Handbook sections" })}>
          <ul>
            {sections.map((item) => (
              <li key={item.id}>
                <a href={`#${item.slug}`}>{item.title}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {sections.map((item) => (
        <section key={item.id} aria-labelledby={item.slug}>
          <h2 id={item.slug}>{item.title}</h2>
          <ArticleList page={page} articles={bySection.get(item.id) ?? []} />
        </section>
      ))}
      {others.length > 0 ? (
        <section aria-labelledby="handbook-other">
          <h2 id="handbook-other">{tr(language, { ru: "Другие статьи", en: "Other articles" })}</h2>
          <ArticleList page={page} articles={others} />
        </section>
      ) : null}
    </Document>
  );
}

function ArticleList({ page, articles }: { page: PageContext; articles: PublicPublication[] }): ReactElement {
  if (articles.length === 0)
    return <p>{tr(page.preferences.language, { ru: "Статей пока нет.", en: "No articles yet." })}</p>;
  return (
    <ul>
      {articles.map((article) => (
        <li key={article.id}>
          <a href={publicationPath(article.slug)}>{article.title}</a>
          {article.summary ? ` — ${article.summary}` : null}
        </li>
      ))}
    </ul>
  );
}
