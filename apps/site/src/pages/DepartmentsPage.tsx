import type { ReactElement } from "react";
import type { PublicDepartment } from "../api-client/incidents.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { formatPhone } from "./format-phone.js";
import { PosWidget, posScripts } from "./PosWidget.js";

/**
 * «Контакты подразделений»: every department the administration chose to publish, with only what
 * it published (head, phone, e-mail, address, reception hours). Names are Russian, as the
 * departments are called.
 */
export function DepartmentsPage({
  page,
  departments,
}: {
  page: PageContext;
  departments: PublicDepartment[];
}): ReactElement {
  const { language } = page.preferences;
  const title = tr(language, { ru: "Контакты подразделений", en: "Department contacts" });
  return (
    <Document
      page={page}
      title={page.city ? `${title} — ${page.city.administration[language]}` : title}
      description={tr(language, {
        ru: "Руководители, телефоны, электронная почта, адреса и часы приёма подразделений администрации.",
        en: "Heads, phones, e-mail, addresses and reception hours of the administration's departments.",
      })}
      canonicalPath="/departments"
      scripts={posScripts(page)}
    >
      <h1>{title}</h1>
      <p>
        {tr(language, {
          ru: "Общие контакты администрации — на странице «Контакты». С проблемой в городе удобнее сообщить через форму: ответ и ход работ будут видны по ссылке.",
          en: "The administration's general contacts are on the Contacts page. For a problem in the city the report form is quicker: the answer and progress are shown at your link.",
        })}{" "}
        <a href="/contacts">{tr(language, { ru: "Контакты", en: "Contacts" })}</a>
        {" · "}
        <a href="/report">{tr(language, { ru: "Сообщить о проблеме", en: "Report a problem" })}</a>
      </p>
      {departments.length === 0 ? (
        <p>{tr(language, { ru: "Список готовится.", en: "The list is being prepared." })}</p>
      ) : (
        <ul className="department-cards">
          {departments.map((department) => (
            <li key={department.id}>
              <section aria-labelledby={`department-${department.id}`} className="contacts">
                <h2 id={`department-${department.id}`} lang="ru">
                  {department.name}
                </h2>
                <dl>
                  {department.headName || department.headPosition ? (
                    <>
                      <dt>{tr(language, { ru: "Руководитель", en: "Head" })}</dt>
                      <dd lang="ru">
                        {[department.headName, department.headPosition].filter(Boolean).join(", ")}
                      </dd>
                    </>
                  ) : null}
                  {department.phone ? (
                    <>
                      <dt>{tr(language, { ru: "Телефон", en: "Phone" })}</dt>
                      <dd>
                        <a href={`tel:${department.phone}`}>{formatPhone(department.phone)}</a>
                      </dd>
                    </>
                  ) : null}
                  {department.email ? (
                    <>
                      <dt>{tr(language, { ru: "Электронная почта", en: "E-mail" })}</dt>
                      <dd>
                        <a href={`mailto:${department.email}`}>{department.email}</a>
                      </dd>
                    </>
                  ) : null}
                  {department.address ? (
                    <>
                      <dt>{tr(language, { ru: "Адрес", en: "Address" })}</dt>
                      <dd lang="ru">{department.address}</dd>
                    </>
                  ) : null}
                  {department.hours ? (
                    <>
                      <dt>{tr(language, { ru: "Часы приёма", en: "Reception hours" })}</dt>
                      <dd lang="ru">{department.hours}</dd>
                    </>
                  ) : null}
                </dl>
              </section>
            </li>
          ))}
        </ul>
      )}
      <PosWidget page={page} />
    </Document>
  );
}
