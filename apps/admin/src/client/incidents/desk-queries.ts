import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError } from "../api/api-client.js";
import type { Page } from "../api/identity.js";
import type { Evidence, InboxItem, IncidentDetail, IncidentSummary } from "../api/incidents.js";
import { useApi } from "../session/session.js";
import { apiQuery, type QueueFilter } from "./queue-model.js";

/** The largest page the API gives (`limit` ≤ 100). */
export const QUEUE_PAGE_SIZE = 100;

/**
 * The API offers no server-sent events for the desk yet, so the queue, the incident and the inbox are
 * polled: every 15 s while a few pages are loaded, every 60 s once the queue is long (each refresh re-reads
 * every loaded page). Polling stops while the tab is hidden.
 */
export const REFRESH_SECONDS = 15;
const LONG_QUEUE_REFRESH_SECONDS = 60;

export const incidentKey = (id: string) => ["incidents", "one", id] as const;

/** The queue, page by page (nearest deadline first), refreshed in the background. */
export function useIncidentQueue(filter: QueueFilter) {
  const api = useApi();
  const query = apiQuery(filter);
  return useInfiniteQuery({
    queryKey: ["incidents", "queue", query],
    queryFn: ({ pageParam }) =>
      api.get<Page<IncidentSummary>>("/api/v1/incidents", {
        ...query,
        limit: QUEUE_PAGE_SIZE,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (state) =>
      (state.state.data?.pages.length ?? 0) > 10 ? LONG_QUEUE_REFRESH_SECONDS * 1000 : REFRESH_SECONDS * 1000,
  });
}

export function useIncident(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: incidentKey(id),
    queryFn: () => api.get<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(id)}`),
    refetchInterval: REFRESH_SECONDS * 1000,
  });
}

/** Open incidents whose text shares words with `text` (the API's Russian full-text search). */
export function useSimilarIncidents(text: string | undefined, excludeId?: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["incidents", "similar", text, excludeId],
    enabled: Boolean(text),
    queryFn: async () => {
      const page = await api.get<Page<IncidentSummary>>("/api/v1/incidents", { q: text, limit: 20 });
      return page.items.filter(
        (incident) => incident.id !== excludeId && !["closed", "rejected"].includes(incident.status),
      );
    },
  });
}

export const evidenceKey = (id: string) => ["incidents", "evidence", id] as const;

/** The incident's evidence files; `null` when the API has no evidence routes (an older API). */
export function useEvidence(incidentId: string) {
  const api = useApi();
  return useQuery({
    queryKey: evidenceKey(incidentId),
    queryFn: async (): Promise<Evidence[] | null> => {
      try {
        const page = await api.get<{ items: Evidence[] }>(
          `/api/v1/incidents/${encodeURIComponent(incidentId)}/media`,
        );
        return page.items;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
        throw error;
      }
    },
  });
}

export function useInbox() {
  const api = useApi();
  return useQuery({
    queryKey: ["inbox"],
    queryFn: () => api.get<Page<InboxItem>>("/api/v1/inbox", { limit: 100 }),
    refetchInterval: REFRESH_SECONDS * 1000,
  });
}

/** The current time, ticking every `everyMilliseconds`: one timer for a whole table of countdowns. */
export function useNow(everyMilliseconds = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMilliseconds);
    return () => clearInterval(timer);
  }, [everyMilliseconds]);
  return now;
}

/**
 * What to search for similar incidents: the classifier's first keyword (the problem: «яма», «мусор»),
 * else the longest words of the text. The API's search joins words with AND, so it stays short.
 */
export function similarityQuery(incident: { text: string; categoryProposal?: unknown }): string {
  const proposal = incident.categoryProposal as { keywords?: { keyword?: unknown }[] } | null | undefined;
  const keyword = proposal?.keywords?.find((found) => typeof found.keyword === "string")?.keyword;
  return typeof keyword === "string" ? keyword : keyWords(incident.text);
}

/** A few significant words of a text, for finding similar incidents (the search joins them with AND). */
export function keyWords(text: string, count = 2): string {
  const words = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, " ")
    .split(/[^a-zа-яё0-9-]+/iu)
    .filter((word) => word.length >= 4 && !/^\d+$/.test(word));
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .slice(0, count)
    .join(" ");
}
