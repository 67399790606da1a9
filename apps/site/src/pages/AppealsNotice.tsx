import type { ReactElement } from "react";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";

/** The short version, shown on the report form: this is not a formal appeal. */
export function AppealsNotice({ page }: { page: PageContext }): ReactElement {
  const { language } = page.preferences;
  return (
    <aside className="notice" aria-labelledby="appeal-difference">
      <h2 id="appeal-difference">
        {tr(language, { ru: "Это не официальное обращение", en: "This is not a formal appeal" })}
      </h2>
      <p>
        {tr(language, {
          ru: "Сообщение о проблеме рассматривает Центр управления регионом: мы передаём его исполнителю и сообщаем о ходе работ по ссылке. Если вам нужен официальный письменный ответ в порядке Федерального закона № 59-ФЗ «О порядке рассмотрения обращений граждан», направьте обращение через интернет-приёмную.",
          en: "A problem report is handled by the Municipal Management Center: we pass it to the responsible service and show the progress at your link. If you need a formal written answer under Federal Law No. 59-FZ on citizens' appeals, use the internet reception.",
        })}
      </p>
      <p>
        <a href="/appeals">{tr(language, { ru: "Чем они отличаются", en: "How they differ" })}</a>
        {" · "}
        <a href={page.receptionUrl}>{tr(language, { ru: "Интернет-приёмная", en: "Internet reception" })}</a>
      </p>
    </aside>
  );
}

/** `/appeals`: reporting a problem here versus a formal appeal under 59-FZ. */
export function AppealsPage({ page }: { page: PageContext }): ReactElement {
  const { language } = page.preferences;
  const title = tr(language, {
    ru: "Сообщение о проблеме или официальное обращение",
    en: "Problem report or formal appeal",
  });
  return (
    <Document
      page={page}
      title={title}
      description={tr(language, {
        ru: "Чем сообщение о проблеме на сайте отличается от обращения по 59-ФЗ и куда направить каждое.",
        en: "How a problem report on this site differs from an appeal under 59-FZ and where to send each.",
      })}
      canonicalPath="/appeals"
    >
      <h1>{title}</h1>
      <div className="cards-2">
        <section aria-labelledby="report-kind">
          <h2 id="report-kind">{tr(language, { ru: "Сообщить о проблеме", en: "Report a problem" })}</h2>
          <ul>
            <li>
              {tr(language, {
                ru: "Для бытовых проблем города: ямы, освещение, мусор, дворы, транспорт.",
                en: "For everyday city problems: potholes, lighting, rubbish, yards, transport.",
              })}
            </li>
            <li>
              {tr(language, {
                ru: "Первый ответ — в течение 2 рабочих часов, ход работ — по ссылке отслеживания.",
                en: "First reply within 2 working hours; progress at the tracking link.",
              })}
            </li>
            <li>
              {tr(language, {
                ru: "Не является обращением по 59-ФЗ: официальный письменный ответ не направляется.",
                en: "Not an appeal under 59-FZ: no formal written answer is sent.",
              })}
            </li>
          </ul>
          <p>
            <a className="button" href="/report">
              {tr(language, { ru: "Сообщить о проблеме", en: "Report a problem" })}
            </a>
          </p>
        </section>
        <section aria-labelledby="appeal-kind">
          <h2 id="appeal-kind">
            {tr(language, { ru: "Официальное обращение (59-ФЗ)", en: "Formal appeal (59-FZ)" })}
          </h2>
          <ul>
            <li>
              {tr(language, {
                ru: "Предложения, заявления и жалобы по вопросам ведения администрации.",
                en: "Proposals, applications and complaints on matters of the administration.",
              })}
            </li>
            <li>
              {tr(language, {
                ru: "Регистрируется в течение 3 дней, ответ — в течение 30 дней (статьи 8 и 12 Федерального закона № 59-ФЗ).",
                en: "Registered within 3 days, answered within 30 days (articles 8 and 12 of Federal Law No. 59-FZ).",
              })}
            </li>
            <li>
              {tr(language, {
                ru: "Ответ направляется письменно, по почте или в электронной форме.",
                en: "The answer is sent in writing, by post or electronically.",
              })}
            </li>
          </ul>
          <p>
            <a className="button" href={page.receptionUrl}>
              {tr(language, { ru: "Перейти в интернет-приёмную", en: "Go to the internet reception" })}
            </a>
          </p>
        </section>
      </div>
    </Document>
  );
}
