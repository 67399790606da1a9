import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactElement, useState } from "react";
import { Link } from "wouter";
import { errorMessage } from "../api/api-client.js";
import { FormAlert, FormStatus } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { Pager, useCursorPages } from "../settings/paging.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatMoment } from "../time/format-instant.js";
import { NOTIFICATIONS_KEY, type NotificationPage, type NotificationView } from "./notifications-api.js";
import { kindName, notificationsMessages } from "./notifications-messages.js";
import { SubjectLink, useMarkRead } from "./parts.js";

const PAGE_SIZE = 20;

function Item({
  item,
  onRead,
  pending,
}: {
  item: NotificationView;
  onRead: (id: string) => void;
  pending: boolean;
}): ReactElement {
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const timeZone = useCityTimeZone();
  const headingId = `notification-${item.id}`;
  return (
    <li
      className={`card notification ${item.read ? "is-read" : "is-unread"}`}
      aria-labelledby={headingId}
      data-testid="notification"
      data-read={item.read}
    >
      <h2 id={headingId}>
        {/* Unread is said in words (and weight), not by colour alone. */}
        {item.read ? (
          <span className="visually-hidden">{text.read}: </span>
        ) : (
          <span className="unread-mark">{text.unread}</span>
        )}
        {item.critical && <span className="badge urgent">{text.critical}</span>}{" "}
        <Link href={`/${encodeURIComponent(item.id)}`} id={`${headingId}-open`}>
          {item.subject}
        </Link>
      </h2>
      <p className="pre-wrap">{item.body}</p>
      <p className="queue-meta">
        {kindName(text, item.kind)} · {text.received}:{" "}
        <time dateTime={item.createdAt}>{formatMoment(item.createdAt, language, timeZone)}</time>
        {item.readAt && (
          <>
            {" "}
            · {text.readAt}:{" "}
            <time dateTime={item.readAt}>{formatMoment(item.readAt, language, timeZone)}</time>
          </>
        )}
      </p>
      {(item.link || !item.read) && (
        <div className="form-actions">
          {item.link && <SubjectLink link={item.link} subject={item.subject} />}
          {!item.read && (
            <button
              type="button"
              disabled={pending}
              aria-label={`${text.markRead}: ${item.subject}`}
              onClick={() => onRead(item.id)}
            >
              {text.markRead}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** One's in-app notifications, newest first, a page at a time as the API pages them. */
export default function ListScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const pages = useCursorPages();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [status, setStatus] = useState<string>();
  const list = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "list", { unreadOnly, cursor: pages.cursor }],
    queryFn: () =>
      api.get<NotificationPage>("/api/v1/notifications", {
        limit: PAGE_SIZE,
        cursor: pages.cursor,
        unread: unreadOnly ? "true" : undefined,
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const markRead = useMarkRead();
  const markAll = useMutation({
    mutationFn: () => api.post<{ marked: number }>("/api/v1/notifications/read-all"),
    onSuccess: async (result) => {
      setStatus(text.markedAll(result.marked));
      pages.reset();
      await queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
    },
  });

  function read(id: string): void {
    markRead.mutate(id, {
      onSuccess: () => {
        setStatus(text.markedRead);
        // The button is gone: focus stays on the notification (its link), or the page when it left the list.
        const link = document.getElementById(`notification-${id}-open`);
        if (link) link.focus();
        else document.getElementById("main")?.focus();
      },
    });
  }

  const unreadCount = list.data?.unreadCount;
  return (
    <section className="panel">
      <PageHeading>{text.listHeading}</PageHeading>
      <div className="notification-tools">
        <p data-testid="unread-count">{unreadCount === undefined ? "" : text.unreadCount(unreadCount)}</p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => {
              pages.reset();
              setUnreadOnly(event.target.checked);
            }}
          />
          {text.onlyUnread}
        </label>
        <button
          type="button"
          disabled={markAll.isPending || unreadCount === 0}
          onClick={() => markAll.mutate()}
        >
          {text.markAllRead}
        </button>
      </div>
      <FormStatus>{status}</FormStatus>
      <FormAlert>
        {markRead.error
          ? errorMessage(markRead.error, language)
          : markAll.error
            ? errorMessage(markAll.error, language)
            : undefined}
      </FormAlert>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p>{unreadOnly ? text.nothingUnread : text.nothing}</p>
      ) : (
        <>
          <ul className="plain-list" aria-label={text.listCaption}>
            {list.data.items.map((item) => (
              <Item
                key={item.id}
                item={item}
                onRead={read}
                pending={markRead.isPending && markRead.variables === item.id}
              />
            ))}
          </ul>
          <Pager
            label={text.listCaption}
            previousLabel={text.previousPage}
            nextLabel={text.nextPage}
            hasPrevious={pages.hasPrevious}
            nextCursor={list.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
    </section>
  );
}
