import type { ReactElement } from "react";
import type { City } from "../api-client/city.js";
import type { Publisher } from "../api-client/content.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { formatPhone } from "./format-phone.js";
import { organisationJsonLd } from "./json-ld.js";
import { PosWidget, posScripts } from "./PosWidget.js";

/** Contacts: the administration, the bodies that publish on the site, and where to turn with what. */
export function ContactsPage({
  page,
  city,
  publishers,
}: {
  page: PageContext;
  city: City;
  publishers: Publisher[];
}): ReactElement {
  const { language } = page.preferences;
  const title = tr(language, { ru: "Контакты", en: "Contacts" });
  return (
    <Document
      page={page}
      title={`${title} — ${city.administration[language]}`}
      description={tr(language, {
        ru: "Адрес, телефоны и электронная почта администрации и её подразделений.",
        en: "Address, phones and e-mail of the administration and its bodies.",
      })}
      canonicalPath="/contacts"
      jsonLd={[organisationJsonLd(page, city)]}
      scripts={posScripts(page)}
    >
      <h1>{title}</h1>
      <section className="contacts" aria-labelledby="administration">
        <h2 id="administration">{city.administration[language]}</h2>
        <dl>
          <dt>{tr(language, { ru: "Адрес", en: "Address" })}</dt>
          <dd>{city.contacts.address[language]}</dd>
          <dt>{tr(language, { ru: "Телефон", en: "Phone" })}</dt>
          <dd>
            <a href={`tel:${city.contacts.phone}`}>{formatPhone(city.contacts.phone)}</a>
          </dd>
          <dt>{tr(language, { ru: "Электронная почта", en: "E-mail" })}</dt>
          <dd>
            <a href={`mailto:${city.contacts.email}`}>{city.contacts.email}</a>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="bodies">
        <h2 id="bodies">{tr(language, { ru: "Органы и подразделения", en: "Bodies and departments" })}</h2>
        <p>
          <a href="/departments">
            {tr(language, {
              ru: "Контакты подразделений: руководители, телефоны, часы приёма",
              en: "Department contacts: heads, phones, reception hours",
            })}
          </a>
        </p>
        {publishers.length === 0 ? (
          <p>{tr(language, { ru: "Список готовится.", en: "The list is being prepared." })}</p>
        ) : (
          <ul>
            {publishers.map((publisher) => (
              <li key={publisher.id}>
                <span lang="ru">{publisher.name}</span>
                {" — "}
                <a href={`/news?publisher=${encodeURIComponent(publisher.id)}`}>
                  {tr(language, { ru: "публикации", en: "publications" })}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="where-to-turn">
        <h2 id="where-to-turn">{tr(language, { ru: "Куда обратиться", en: "Where to turn" })}</h2>
        <ul>
          <li>
            <a href="/report">
              {tr(language, {
                ru: "Сообщить о проблеме в городе (яма, свет, мусор…)",
                en: "Report a problem in the city (potholes, lights, rubbish…)",
              })}
            </a>
          </li>
          <li>
            <a href="/appeals">
              {tr(language, {
                ru: "Направить официальное обращение (59-ФЗ)",
                en: "Send a formal appeal (59-FZ)",
              })}
            </a>
          </li>
          <li>
            <a href="/press">
              {tr(language, { ru: "Для журналистов: пресс-центр", en: "For journalists: the press centre" })}
            </a>
          </li>
        </ul>
      </section>
      <PosWidget page={page} />
    </Document>
  );
}
