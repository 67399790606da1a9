import type { ReactElement } from "react";
import { INFORMATION_CATEGORIES, InformationFields, type PublicPublication } from "../api-client/content.js";
import { publicationPath, sectionOf } from "../content/sections.js";
import { type Bi, tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { formatDay } from "../time/format-instant.js";

/** The categories of information a municipality publishes (8-FZ, article 14). */
const CATEGORY_NAMES: Record<(typeof INFORMATION_CATEGORIES)[number], Bi> = {
  general: { ru: "Общая информация об органе местного самоуправления", en: "General information" },
  rulemaking: { ru: "Нормотворческая деятельность", en: "Rule-making" },
  statistics: { ru: "Статистическая информация", en: "Statistics" },
  budget: { ru: "Бюджет", en: "Budget" },
  personnel: { ru: "Кадровое обеспечение", en: "Personnel" },
  citizens_appeals: { ru: "Работа с обращениями граждан", en: "Citizens' appeals" },
  municipal_services: { ru: "Муниципальные услуги", en: "Municipal services" },
  other: { ru: "Иная информация", en: "Other information" },
};

/** 8-FZ sections: every category always shown, with what is published in it and when it was updated. */
export function InformationPage({
  page,
  items,
}: {
  page: PageContext;
  items: PublicPublication[];
}): ReactElement {
  const { language } = page.preferences;
  const section = sectionOf("information_category");
  return (
    <Document
      page={page}
      title={`${tr(language, section.title)} — ${page.city?.name[language] ?? ""}`}
      description={tr(language, section.description)}
      canonicalPath={section.path}
    >
      <h1>{tr(language, section.title)}</h1>
      <p className="lead">{tr(language, section.description)}</p>
      {INFORMATION_CATEGORIES.map((category) => {
        const inCategory = items.filter((item) => {
          const fields = InformationFields.safeParse(item.fields);
          return fields.success && fields.data.category === category;
        });
        return (
          <section key={category} aria-labelledby={`info-${category}`}>
            <h2 id={`info-${category}`}>{tr(language, CATEGORY_NAMES[category])}</h2>
            {inCategory.length === 0 ? (
              <p>
                {tr(language, {
                  ru: "Сведения готовятся к публикации.",
                  en: "Being prepared for publication.",
                })}
              </p>
            ) : (
              <ul>
                {inCategory.map((item) => {
                  const fields = InformationFields.safeParse(item.fields);
                  const updated = fields.success ? fields.data.lastUpdatedOn : undefined;
                  return (
                    <li key={item.id}>
                      <a href={publicationPath(item.slug)}>{item.title}</a>
                      {updated
                        ? ` (${tr(language, { ru: "обновлено", en: "updated" })} ${formatDay(updated, language)})`
                        : null}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </Document>
  );
}
