import type { ReactElement } from "react";
import type { City } from "../api-client/city.js";
import { localise } from "../i18n/language.js";
import { MESSAGES } from "../i18n/messages.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { formatPhone } from "./format-phone.js";

/**
 * The home page, built only from what the API gives. Latest news and hearings join it when the API
 * publishes them; until then nothing stands in their place.
 */
export function HomePage({ page, city }: { page: PageContext; city: City }): ReactElement {
  const { language } = page.preferences;
  const messages = MESSAGES[language];
  const administration = localise(city.administration, language);
  return (
    <Document
      page={page}
      title={`${localise(city.name, language)} — ${messages.officialSite}`}
      description={messages.homeDescription(administration)}
    >
      <h1>{administration}</h1>
      <p className="lead">{messages.welcome}</p>
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
