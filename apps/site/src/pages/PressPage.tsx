import type { ReactElement } from "react";
import type { City } from "../api-client/city.js";
import type { PublicPublication } from "../api-client/content.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { PublicationCards } from "./components.js";
import { formatPhone } from "./format-phone.js";

/** The press centre: the office's contacts, press releases, accreditation and the media kit. */
export function PressPage({
  page,
  city,
  releases,
}: {
  page: PageContext;
  city: City;
  releases: PublicPublication[];
}): ReactElement {
  const { language } = page.preferences;
  const title = tr(language, { ru: "Пресс-центр", en: "Press centre" });
  const accreditationMail = `mailto:${city.contacts.email}?subject=${encodeURIComponent("Заявка на аккредитацию / Accreditation request")}`;
  return (
    <Document
      page={page}
      title={`${title} — ${city.administration[language]}`}
      description={tr(language, {
        ru: "Контакты пресс-службы, пресс-релизы, аккредитация журналистов.",
        en: "Press office contacts, press releases, accreditation of journalists.",
      })}
      canonicalPath="/press"
      feeds={[
        {
          href: "/rss.xml?type=official_statement",
          title: tr(language, { ru: "Пресс-релизы (RSS)", en: "Press releases (RSS)" }),
        },
      ]}
    >
      <h1>{title}</h1>
      <section className="contacts" aria-labelledby="press-contacts">
        <h2 id="press-contacts">{tr(language, { ru: "Пресс-служба", en: "Press office" })}</h2>
        <dl>
          <dt>{tr(language, { ru: "Телефон", en: "Phone" })}</dt>
          <dd>
            <a href={`tel:${city.contacts.phone}`}>{formatPhone(city.contacts.phone)}</a>
          </dd>
          <dt>{tr(language, { ru: "Электронная почта", en: "E-mail" })}</dt>
          <dd>
            <a href={`mailto:${city.contacts.email}`}>{city.contacts.email}</a>
          </dd>
          <dt>{tr(language, { ru: "Адрес", en: "Address" })}</dt>
          <dd>{city.contacts.address[language]}</dd>
        </dl>
        <p>
          <a href="/departments">
            {tr(language, {
              ru: "Контакты подразделений администрации",
              en: "Contacts of the administration's departments",
            })}
          </a>
        </p>
      </section>
      <section aria-labelledby="accreditation">
        <h2 id="accreditation">
          {tr(language, { ru: "Аккредитация журналистов", en: "Accreditation of journalists" })}
        </h2>
        <p>
          {tr(language, {
            ru: "Аккредитованные журналисты получают пресс-релизы в день выхода и приглашения на мероприятия. Чтобы получить аккредитацию, направьте заявку на бланке редакции: название СМИ и номер свидетельства о регистрации, фамилию, имя и должность журналиста, телефон и электронную почту. Запросы редакций рассматриваются в течение 7 дней (Закон о СМИ, статья 40).",
            en: "Accredited journalists receive press releases on the day of publication and invitations to events. To be accredited, send a request on the outlet's letterhead: the outlet's name and registration number, the journalist's name and position, phone and e-mail. Editorial requests are answered within 7 days (Mass Media Law, article 40).",
          })}
        </p>
        <p>
          <a href={accreditationMail}>
            {tr(language, { ru: "Отправить заявку на аккредитацию", en: "Send an accreditation request" })}
          </a>
        </p>
      </section>
      <section aria-labelledby="media-kit">
        <h2 id="media-kit">{tr(language, { ru: "Материалы для СМИ", en: "Media kit" })}</h2>
        <p>
          {tr(language, {
            ru: "Официальные заявления и новости можно цитировать со ссылкой на сайт. Фотографии, герб и логотип высылает пресс-служба по запросу.",
            en: "Official statements and news may be quoted with a link to this site. Photos, the coat of arms and the logo are sent by the press office on request.",
          })}
        </p>
      </section>
      <section aria-labelledby="releases">
        <h2 id="releases">
          {tr(language, {
            ru: "Пресс-релизы и официальные заявления",
            en: "Press releases and official statements",
          })}
        </h2>
        <PublicationCards
          page={page}
          items={releases}
          showType
          empty={{ ru: "Пресс-релизов пока нет.", en: "No press releases yet." }}
        />
        <p>
          <a href="/statements">
            {tr(language, { ru: "Все официальные заявления", en: "All official statements" })}
          </a>
        </p>
      </section>
    </Document>
  );
}
