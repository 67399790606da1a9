import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { Link } from "wouter";
import { useLanguage } from "../language/language.js";
import { useApi } from "../session/session.js";
import {
  linkPath,
  NOTIFICATIONS_KEY,
  type NotificationLink,
  type NotificationView,
} from "./notifications-api.js";
import { notificationsMessages } from "./notifications-messages.js";

/** A notification's link to what it is about: the incident or the publication. */
export function SubjectLink({ link, subject }: { link: NotificationLink; subject: string }): ReactElement {
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const label = link.type === "incident" ? text.openIncident : text.openPublication;
  return (
    <Link href={linkPath(link)} aria-label={`${label}: ${subject}`}>
      {label}
    </Link>
  );
}

/** Marks one notification read; everything under `notifications` (the list, the badge) is read again. */
export function useMarkRead() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<NotificationView>(`/api/v1/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}
