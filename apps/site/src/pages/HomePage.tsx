import type { ReactElement } from "react";
import type { City } from "../api-client/city.js";
import type { HandbookSection, PublicPublication } from "../api-client/content.js";
import type { Open311Request } from "../api-client/incidents.js";
import { publicationPath } from "../content/sections.js";
import { localise } from "../i18n/language.js";
import { MESSAGES } from "../i18n/messages.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { DateOf, PublicationCards, Section } from "./components.js";
import { formatPhone } from "./format-phone.js";
import { organisationJsonLd } from "./json-ld.js";
import { ProblemList } from "./ProblemList.js";

export interface HomeData {
  city: City;
  statements: PublicPublication[];
  news: PublicPublication[];
  hearings: PublicPublication[];
  fixed: Open311Request[];
  handbookSections: HandbookSection[];
}

/** The home page: what the administration says, what is being discussed, what was fixed, where to turn. */
export function HomePage({ page, data }: { page: PageContext; data: HomeData }): ReactElement {
  const { language } = page.preferences;
  const messages = MESSAGES[language];
  const { city } = data;
  const administration = localise(city.administration, language);
  return (
    <Document
      page={page}
      title={`${localise(city.name, language)} — ${messages.officialSite}`}
      description={messages.homeDescription(administration)}
      canonicalPath="/"
      jsonLd={[organisationJsonLd(page, city)]}
    >
      <h1>{administration}</h1>
      <p className="lead">{messages.welcome}</p>
      <p>
        <a className="button" href="/report">
          {tr(language, { ru: "Сообщить о проблеме в городе", en: "Report a problem in the city" })}
        </a>
      </p>
      <Section
        id="statements"
        title={tr(language, { ru: "Официальные заявления", en: "Official statements" })}
        more={{ href: "/statements", label: tr(language, { ru: "Все заявления", en: "All statements" }) }}
      >
        <PublicationCards
          page={page}
          items={data.statements}
          empty={{ ru: "Заявлений пока нет.", en: "No statements yet." }}
        />
      </Section>
      <Section
        id="news"
        title={tr(language, { ru: "Новости", en: "News" })}
        more={{ href: "/news", label: tr(language, { ru: "Все новости", en: "All news" }) }}
      >
        <PublicationCards
          page={page}
          items={data.news}
          empty={{ ru: "Новостей пока нет.", en: "No news yet." }}
        />
      </Section>
      <Section
        id="hearings"
        title={tr(language, { ru: "Публичные обсуждения", en: "Public hearings" })}
        more={{ href: "/hearings", label: tr(language, { ru: "Все обсуждения", en: "All hearings" }) }}
      >
        {data.hearings.length === 0 ? (
          <p>{tr(language, { ru: "Сейчас обсуждений нет.", en: "No hearings at the moment." })}</p>
        ) : (
          <ul className="cards">
            {data.hearings.map((hearing) => (
              <li key={hearing.id}>
                <h3>
                  <a href={publicationPath(hearing.slug)}>{hearing.title}</a>
                </h3>
                {typeof hearing.fields.closesAt === "string" ? (
                  <p className="meta">
                    {tr(language, { ru: "Замечания принимаются до ", en: "Comments until " })}
                    <DateOf page={page} instant={hearing.fields.closesAt} />
                  </p>
                ) : null}
                <p className="summary">{hearing.summary}</p>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section
        id="fixed"
        title={tr(language, { ru: "Недавно решённые проблемы", en: "Recently fixed problems" })}
        more={{ href: "/fixed", label: tr(language, { ru: "Все решённые", en: "All fixed problems" }) }}
      >
        <ProblemList page={page} problems={data.fixed} headingLevel={3} />
      </Section>
      <Section
        id="handbook"
        title={tr(language, { ru: "Справочник горожанина", en: "Citizen's handbook" })}
        more={{ href: "/handbook", label: tr(language, { ru: "Весь справочник", en: "The whole handbook" }) }}
      >
        {data.handbookSections.length === 0 ? (
          <p>{tr(language, { ru: "Разделы появятся позже.", en: "Sections will appear later." })}</p>
        ) : (
          <ul>
            {data.handbookSections.map((section) => (
              <li key={section.id}>
                <a href={`/handbook#${section.slug}`}>{section.title}</a>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <section className="contacts" aria-labelledby="contacts">
        <h2 id="contacts">{messages.contacts}</h2>
        <dl>
          <dt>{messages.address}</dt>
          <dd>{localise(city.contacts.address, language)}</dd>
          <dt>{messages.phone}</dt>
          <dd>
            <a href={`tel:${city.contacts.phone}`}>{formatPhone(city.contacts.phone)}</a>
          </dd>
          <dt>{messages.email}</dt>
          <dd>
            <a href={`mailto:${city.contacts.email}`}>{city.contacts.email}</a>
          </dd>
        </dl>
      </section>
    </Document>
  );
}
