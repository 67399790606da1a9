import { useQuery } from "@tanstack/react-query";
import { type ReactElement, useState } from "react";
import { Link } from "wouter";
import { errorMessage } from "../api/api-client.js";
import { FormAlert, FormStatus } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatMoment } from "../time/format-instant.js";
import { type DeliveryView, NOTIFICATIONS_KEY, type NotificationDetail } from "./notifications-api.js";
import {
  channelName,
  kindName,
  type NotificationsMessages,
  notificationsMessages,
  stateName,
} from "./notifications-messages.js";
import { SubjectLink, useMarkRead } from "./parts.js";
import { reasonText } from "./reason.js";

/** The moment that tells most about a delivery's state. */
function stateMoment(delivery: DeliveryView): string {
  if (delivery.state === "delivered") return delivery.deliveredAt ?? delivery.createdAt;
  if (delivery.state === "sent") return delivery.sentAt ?? delivery.createdAt;
  if (delivery.state === "failed") return delivery.failedAt ?? delivery.createdAt;
  if (delivery.state === "queued") return delivery.nextAttemptAt;
  return delivery.createdAt;
}

/** A delivery's state in words (never by colour only), with its reason. */
export function DeliveryState({
  delivery,
  text,
}: {
  delivery: DeliveryView;
  text: NotificationsMessages;
}): ReactElement {
  return (
    <span className={`delivery-state state-${delivery.state}`} data-state={delivery.state}>
      {stateName(text, delivery.state)}
    </span>
  );
}

/** The deliveries of one cause on each channel: state, reason, tries, when. */
export function DeliveriesTable({ deliveries }: { deliveries: DeliveryView[] }): ReactElement {
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const timeZone = useCityTimeZone();
  if (deliveries.length === 0) return <p>{text.noDeliveries}</p>;
  return (
    <section
      className="table-scroll"
      aria-label={text.deliveriesHeading}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
    >
      <table data-testid="deliveries">
        <caption className="visually-hidden">{text.deliveriesHeading}</caption>
        <thead>
          <tr>
            <th scope="col">{text.channel}</th>
            <th scope="col">{text.state}</th>
            <th scope="col">{text.reason}</th>
            <th scope="col">{text.attempts}</th>
            <th scope="col">{text.when}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => {
            const at = stateMoment(delivery);
            return (
              <tr key={delivery.id} data-channel={delivery.channel}>
                <th scope="row">{channelName(text, delivery.channel)}</th>
                <td>
                  <DeliveryState delivery={delivery} text={text} />
                </td>
                <td>{delivery.reason ? reasonText(delivery.reason, language) : text.noReason}</td>
                <td>{delivery.attempts}</td>
                <td>
                  {delivery.state === "queued" && <>{text.nextAttempt}: </>}
                  <time dateTime={at}>{formatMoment(at, language, timeZone)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** One notification: its text, what it is about, how each channel fared; mark it read. */
export default function DetailScreen({ id }: { id: string }): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const timeZone = useCityTimeZone();
  const [status, setStatus] = useState<string>();
  const detail = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "one", id],
    queryFn: () => api.get<NotificationDetail>(`/api/v1/notifications/${encodeURIComponent(id)}`),
  });
  const markRead = useMarkRead();

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <LoadFailed error={detail.error} onRetry={() => void detail.refetch()} />;
  const item = detail.data;
  return (
    <section className="panel" data-testid="notification-detail">
      <p>
        <Link href="/">{text.backToList}</Link>
      </p>
      <PageHeading>{item.subject}</PageHeading>
      <p className="queue-meta">
        {item.read ? text.read : <span className="unread-mark">{text.unread}</span>}
        {item.critical && <span className="badge urgent">{text.critical}</span>} · {kindName(text, item.kind)}{" "}
        · {text.received}:{" "}
        <time dateTime={item.createdAt}>{formatMoment(item.createdAt, language, timeZone)}</time>
      </p>
      <p className="pre-wrap">{item.body}</p>
      <div className="form-actions">
        {item.link && <SubjectLink link={item.link} subject={item.subject} />}
        {!item.read && (
          <button
            type="button"
            disabled={markRead.isPending}
            onClick={() =>
              markRead.mutate(item.id, {
                onSuccess: () => {
                  setStatus(text.markedRead);
                  document.getElementById("main")?.focus();
                },
              })
            }
          >
            {text.markRead}
          </button>
        )}
      </div>
      <FormStatus>{status}</FormStatus>
      <FormAlert>{markRead.error ? errorMessage(markRead.error, language) : undefined}</FormAlert>
      <h2>{text.deliveriesHeading}</h2>
      <p>{text.deliveriesIntro}</p>
      <DeliveriesTable deliveries={item.deliveries} />
    </section>
  );
}
