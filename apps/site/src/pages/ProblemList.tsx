import type { ReactElement } from "react";
import type { Open311Request } from "../api-client/incidents.js";
import { tr } from "../i18n/texts.js";
import type { PageContext } from "../layout/page-context.js";
import { DateOf } from "./components.js";

/** «Статус: решён / Status: resolved» → the reader's half; a reply in one language stays as it is. */
export function bilingualPart(text: string, language: "ru" | "en"): string {
  const parts = text.split(" / ");
  if (parts.length !== 2) return text;
  return (language === "en" ? parts[1] : parts[0]) ?? text;
}

/**
 * Public problems (Open311 service requests: no personal data) as a readable list. A geocoded one
 * carries its coordinates in data attributes, which the map's script reads; without the script,
 * or without tiles, the list is the page.
 */
export function ProblemList({
  page,
  problems,
  headingLevel = 2,
}: {
  page: PageContext;
  problems: Open311Request[];
  headingLevel?: 2 | 3;
}): ReactElement {
  const { language } = page.preferences;
  if (problems.length === 0)
    return <p>{tr(language, { ru: "Здесь пока ничего нет.", en: "Nothing here yet." })}</p>;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ul className="problems">
      {problems.map((problem) => {
        const located = problem.lat !== null && problem.long !== null;
        const status =
          problem.status === "closed"
            ? tr(language, { ru: "закрыто", en: "closed" })
            : tr(language, { ru: "в работе", en: "open" });
        return (
          <li
            key={problem.service_request_id}
            id={`problem-${problem.service_request_id}`}
            data-lat={located ? (problem.lat ?? undefined) : undefined}
            data-lon={located ? (problem.long ?? undefined) : undefined}
            data-status={problem.status}
          >
            <Heading className="problem-title">
              {`№ ${problem.service_request_id} · ${problem.service_name}`}
            </Heading>
            <p className="meta">
              <span className="status-tag">{status}</span>
              {" · "}
              <DateOf page={page} instant={problem.requested_datetime} />
              {problem.address ? ` · ${problem.address}` : null}
            </p>
            {problem.description ? <p>{problem.description}</p> : null}
            {problem.status_notes ? <p>{bilingualPart(problem.status_notes, language)}</p> : null}
            {problem.media_url ? (
              <img
                src={problem.media_url}
                alt={tr(language, {
                  ru: `Фото к обращению № ${problem.service_request_id}`,
                  en: `Photo of report No. ${problem.service_request_id}`,
                })}
                loading="lazy"
                width={320}
                height={240}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
