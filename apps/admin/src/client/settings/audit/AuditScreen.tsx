import { useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import type { AuditEntry, Page } from "../../api/identity.js";
import { SelectField, TextField, textOf } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import { usePeople } from "../organisation/organisation-queries.js";
import { Pager, useCursorPages } from "../paging.js";
import { settingsMessages } from "../settings-messages.js";

interface AuditFilter {
  objectType?: string;
  objectId?: string;
  actorId?: string;
}

/** The audit log, newest first, by object and by person; times on the city's clock. */
export default function AuditScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = settingsMessages(language);
  const timeZone = useCityTimeZone();
  const pages = useCursorPages();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [formKey, setFormKey] = useState(0);
  const people = usePeople();
  const entries = useQuery({
    queryKey: ["audit", filter, pages.cursor],
    queryFn: () => api.get<Page<AuditEntry>>("/api/v1/audit", { ...filter, limit: 50, cursor: pages.cursor }),
  });

  const personName = (entry: AuditEntry) => {
    if (entry.actor.kind !== "user") return `${text.actorKinds[entry.actor.kind]} ${entry.actor.id}`;
    return people.data?.items.find((person) => person.id === entry.actor.id)?.fullName ?? entry.actor.id;
  };

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    pages.reset();
    setFilter({
      objectType: textOf(form, "objectType"),
      objectId: textOf(form, "objectId"),
      actorId: textOf(form, "actorId"),
    });
  }

  return (
    <section className="panel wide">
      <PageHeading>{text.screens.audit}</PageHeading>
      <form key={formKey} onSubmit={apply} aria-labelledby="audit-filter-heading" className="filter-form">
        <h2 id="audit-filter-heading" className="visually-hidden">
          {text.filters}
        </h2>
        <SelectField
          id="audit-object-type"
          name="objectType"
          label={text.objectType}
          emptyLabel={text.anyObject}
          defaultValue={filter.objectType}
          choices={Object.entries(text.objectTypes).map(([value, label]) => ({ value, label }))}
        />
        <TextField
          id="audit-object-id"
          name="objectId"
          label={text.objectId}
          defaultValue={filter.objectId}
          autoComplete="off"
        />
        <SelectField
          id="audit-actor"
          name="actorId"
          label={text.person}
          emptyLabel={text.anyone}
          defaultValue={filter.actorId}
          choices={(people.data?.items ?? []).map((person) => ({ value: person.id, label: person.fullName }))}
        />
        <div className="form-actions">
          <button type="submit" className="primary">
            {text.apply}
          </button>
          <button
            type="button"
            onClick={() => {
              pages.reset();
              setFilter({});
              setFormKey((key) => key + 1);
            }}
          >
            {text.reset}
          </button>
        </div>
      </form>
      {entries.isPending ? (
        <Loading />
      ) : entries.isError ? (
        <LoadFailed error={entries.error} onRetry={() => void entries.refetch()} />
      ) : entries.data.items.length === 0 ? (
        <p>{text.noEntries}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table data-testid="audit-entries">
              <caption className="visually-hidden">{text.screens.audit}</caption>
              <thead>
                <tr>
                  <th scope="col">{text.at}</th>
                  <th scope="col">{text.actor}</th>
                  <th scope="col">{text.action}</th>
                  <th scope="col">{text.object}</th>
                  <th scope="col">{text.address}</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{formatMoment(entry.at, language, timeZone)}</time>
                    </td>
                    <td>{personName(entry)}</td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>
                      {text.objectTypes[entry.object.type] ?? entry.object.type}{" "}
                      <code>{entry.object.id}</code>
                    </td>
                    <td>{entry.address ?? text.none}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={text.screens.audit}
            previousLabel={text.previousPage}
            nextLabel={text.nextPage}
            hasPrevious={pages.hasPrevious}
            nextCursor={entries.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
    </section>
  );
}
