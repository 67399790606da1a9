import { useQuery } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { Link, useLocation } from "wouter";
import { useLanguage } from "../language/language.js";
import { useApi } from "../session/session.js";
import { UNREAD_COUNT_KEY } from "./notifications-api.js";
import { unreadLabel } from "./unread-label.js";
import "./badge.css";

/** How often the header asks for the unread count (not while the tab is hidden). */
export const UNREAD_POLL_MS = 30_000;

/**
 * The header's link to one's notifications with the unread count. It is on every screen, so it is
 * part of the first load: one query, no texts file. The count is announced politely when it changes.
 */
export function UnreadBadge(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const [location] = useLocation();
  const unread = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: () => api.get<{ unreadCount: number }>("/api/v1/notifications/unread-count"),
    refetchInterval: UNREAD_POLL_MS,
  });
  const count = unread.data?.unreadCount;
  const current = location === "/notifications" || location.startsWith("/notifications/");
  return (
    <div className="notification-badge" aria-live="polite" aria-atomic="true">
      <Link
        href="/notifications"
        aria-current={current ? "page" : undefined}
        data-testid="notification-badge"
      >
        <span aria-hidden="true">{unreadLabel(language, undefined)}</span>
        {count !== undefined && count > 0 && (
          <span className="notification-count" aria-hidden="true">
            {count > 99 ? "99+" : count}
          </span>
        )}
        <span className="visually-hidden">{unreadLabel(language, count)}</span>
      </Link>
    </div>
  );
}
