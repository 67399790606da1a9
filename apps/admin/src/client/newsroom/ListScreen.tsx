import type { FormEvent, ReactElement } from "react";
import { Link, useSearchParams } from "wouter";
import { SelectField } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useCityTimeZone } from "../session/session.js";
import { Pager, useCursorPages } from "../settings/paging.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatShortMoment } from "../time/format-instant.js";
import { PUBLICATION_STATES, PUBLICATION_TYPES, usePublications } from "./newsroom-api.js";
import { newsroomMessages } from "./newsroom-messages.js";

/** Publications of every type and state, newest first, filtered by type and state (kept in the address). */
export default function ListScreen(): ReactElement {
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const timeZone = useCityTimeZone();
  const [searchParams, setSearchParams] = useSearchParams();
  const type = searchParams.get("type") ?? undefined;
  const state = searchParams.get("state") ?? undefined;
  const pages = useCursorPages();
  const list = usePublications({ type, state, cursor: pages.cursor });

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ["type", "state"]) {
      const value = String(form.get(name) ?? "");
      if (value) next.set(name, value);
    }
    pages.reset();
    setSearchParams(next);
  }

  return (
    <section className="panel" aria-labelledby="newsroom-list-heading">
      <div className="heading-row">
        <div id="newsroom-list-heading">
          <PageHeading>{text.listHeading}</PageHeading>
        </div>
        <Link href="/publications/new" className="button-link">
          {text.create}
        </Link>
      </div>
      <form className="inline-form" aria-label={text.filters} onSubmit={apply} key={`${type}-${state}`}>
        <SelectField
          id="newsroom-type"
          name="type"
          label={text.type}
          emptyLabel={text.anyType}
          defaultValue={type}
          choices={PUBLICATION_TYPES.map((value) => ({ value, label: text.types[value] }))}
        />
        <SelectField
          id="newsroom-state"
          name="state"
          label={text.state}
          emptyLabel={text.anyState}
          defaultValue={state}
          choices={PUBLICATION_STATES.map((value) => ({ value, label: text.states[value] }))}
        />
        <button type="submit">{text.apply}</button>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p>{text.nothing}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="publication-list">
            <thead>
              <tr>
                <th scope="col">{text.title}</th>
                <th scope="col">{text.type}</th>
                <th scope="col">{text.state}</th>
                <th scope="col">{text.updated}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((publication) => (
                <tr key={publication.id}>
                  <td>
                    <Link href={`/publications/${publication.id}`}>{publication.title}</Link>
                  </td>
                  <td>{text.types[publication.type]}</td>
                  <td>
                    <span className={`state state-${publication.state}`}>
                      {text.states[publication.state]}
                    </span>
                  </td>
                  <td>{formatShortMoment(publication.updatedAt, language, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={text.pagesLabel}
        previousLabel={text.previous}
        nextLabel={text.next}
        hasPrevious={pages.hasPrevious}
        nextCursor={list.data?.nextCursor}
        onPrevious={pages.previous}
        onNext={pages.next}
      />
    </section>
  );
}
