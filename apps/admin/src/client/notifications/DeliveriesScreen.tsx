import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { SelectField, textOf } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { usePeople } from "../settings/organisation/organisation-queries.js";
import { Pager, useCursorPages } from "../settings/paging.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatMoment } from "../time/format-instant.js";
import {
  type DeliveryPage,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATES,
} from "./notifications-api.js";
import { channelName, kindName, notificationsMessages, stateName } from "./notifications-messages.js";
import { reasonText } from "./reason.js";
import "./notifications.css";

interface DeliveryFilter {
  state?: string;
  channel?: string;
  kind?: string;
}

/** Every notification on every channel, newest first, by state, channel and kind (administrators). */
export default function DeliveriesScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const timeZone = useCityTimeZone();
  const people = usePeople();
  const pages = useCursorPages();
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const [formKey, setFormKey] = useState(0);
  const deliveries = useQuery({
    queryKey: ["notification-deliveries", filter, pages.cursor],
    queryFn: () =>
      api.get<DeliveryPage>("/api/v1/notification-deliveries", {
        ...filter,
        limit: 50,
        cursor: pages.cursor,
      }),
    placeholderData: keepPreviousData,
  });

  const recipient = (userId: string | null, address: string | null) => {
    if (userId === null) return address ?? "—";
    const name = people.data?.items.find((person) => person.id === userId)?.fullName ?? userId;
    return address ? `${name} (${address})` : name;
  };

  function apply(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    pages.reset();
    setFilter({ state: textOf(form, "state"), channel: textOf(form, "channel"), kind: textOf(form, "kind") });
  }

  return (
    <section className="panel wide">
      <PageHeading>{text.deliveriesLogHeading}</PageHeading>
      <p>{text.deliveriesLogIntro}</p>
      <form key={formKey} onSubmit={apply} aria-label={text.filters} className="filter-form">
        <SelectField
          id="deliveries-state"
          name="state"
          label={text.state}
          emptyLabel={text.anyState}
          defaultValue={filter.state}
          choices={NOTIFICATION_STATES.map((value) => ({ value, label: text.states[value] }))}
        />
        <SelectField
          id="deliveries-channel"
          name="channel"
          label={text.channel}
          emptyLabel={text.anyChannel}
          defaultValue={filter.channel}
          choices={NOTIFICATION_CHANNELS.map((value) => ({ value, label: text.channels[value] }))}
        />
        <SelectField
          id="deliveries-kind"
          name="kind"
          label={text.kind}
          emptyLabel={text.anyKind}
          defaultValue={filter.kind}
          choices={NOTIFICATION_KINDS.map((value) => ({ value, label: text.kinds[value] }))}
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
      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.isError ? (
        <LoadFailed error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.items.length === 0 ? (
        <p>{text.noEntries}</p>
      ) : (
        <>
          <section
            className="table-scroll"
            aria-label={text.logCaption}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (WCAG 2.1.1)
            tabIndex={0}
          >
            <table data-testid="delivery-log" aria-busy={deliveries.isFetching}>
              <caption className="visually-hidden">{text.logCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{text.created}</th>
                  <th scope="col">{text.kind}</th>
                  <th scope="col">{text.channel}</th>
                  <th scope="col">{text.recipient}</th>
                  <th scope="col">{text.subject}</th>
                  <th scope="col">{text.state}</th>
                  <th scope="col">{text.attempts}</th>
                  <th scope="col">{text.templateVersion}</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.data.items.map((item) => (
                  <tr key={item.id} data-state={item.state}>
                    <td>
                      <time dateTime={item.createdAt}>
                        {formatMoment(item.createdAt, language, timeZone)}
                      </time>
                    </td>
                    <td>
                      {kindName(text, item.kind)}
                      {item.critical && <span className="badge urgent">{text.critical}</span>}
                    </td>
                    <td>{channelName(text, item.channel)}</td>
                    <td>{recipient(item.recipientUserId, item.address)}</td>
                    <td>{item.subject}</td>
                    <td>
                      <span className={`delivery-state state-${item.state}`}>
                        {stateName(text, item.state)}
                      </span>
                      {item.reason && (
                        <span className="delivery-reason">{reasonText(item.reason, language)}</span>
                      )}
                      {item.state === "queued" && (
                        <span className="delivery-reason">
                          {text.nextAttempt}:{" "}
                          <time dateTime={item.nextAttemptAt}>
                            {formatMoment(item.nextAttemptAt, language, timeZone)}
                          </time>
                        </span>
                      )}
                    </td>
                    <td>{item.attempts}</td>
                    <td>{item.templateVersion}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <Pager
            label={text.logCaption}
            previousLabel={text.previousPage}
            nextLabel={text.nextPage}
            hasPrevious={pages.hasPrevious}
            nextCursor={deliveries.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
    </section>
  );
}
