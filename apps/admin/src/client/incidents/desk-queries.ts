import {
  type InfiniteData,
  infiniteQueryOptions,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, type Query } from "../api/api-client.js";
import type { Page } from "../api/identity.js";
import {
  type Evidence,
  type InboxItem,
  type IncidentDetail,
  type IncidentSummary,
  type QueueRow,
  toQueueRow,
} from "../api/incidents.js";
import { useApi } from "../session/session.js";
import { readQueuePage } from "./queue/queue-pages.js";
import { apiQuery, applyLiveChanges, dropRows, type QueueFilter, type QueuePage } from "./queue-model.js";

/**
 * The queue's first page is short, so that the first rows show at once; the rest is read in pages of
 * `QUEUE_PAGE_SIZE` (the API's largest, `INCIDENT_PAGE_MAX` of @otklik/incidents) in the background.
 */
export const QUEUE_FIRST_PAGE = 50;
export const QUEUE_PAGE_SIZE = 1000;

/**
 * While the live stream (`GET /api/v1/incidents/events`) is connected the queue is not polled; while it is
 * not, the queue, the incident and the inbox are polled: every 15 s while a few pages are loaded, every 60 s
 * once the queue is long (each refresh re-reads every loaded page). Polling stops while the tab is hidden.
 */
export const REFRESH_SECONDS = 15;
const LONG_QUEUE_REFRESH_SECONDS = 60;

export const incidentKey = (id: string) => ["incidents", "one", id] as const;

/** How the queue of `filter` is read: its key, and page after page by the API's cursor. */
export function queueQueryOptions(api: ReturnType<typeof useApi>, filter: QueueFilter) {
  const query = apiQuery(filter);
  return infiniteQueryOptions({
    queryKey: ["incidents", "queue", query],
    // The short first page is read here at once; the long ones by a worker, off the main thread. The queue keeps
    // its rows cut to the fields it uses (`QueueRow`).
    queryFn: ({ pageParam }): Promise<Page<QueueRow>> =>
      pageParam
        ? readQueuePage(api, "/api/v1/incidents", { ...query, limit: QUEUE_PAGE_SIZE, cursor: pageParam })
        : api
            .get<Page<IncidentSummary>>("/api/v1/incidents", { ...query, limit: QUEUE_FIRST_PAGE })
            .then((page) => ({ items: page.items.map(toQueueRow), nextCursor: page.nextCursor })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<QueueRow>) => last.nextCursor ?? undefined,
  });
}

/**
 * Starts reading the queue's first page before the queue's screen is downloaded (the incident desk's
 * area calls it), so the data and the screen's script come in parallel rather than one after the other.
 */
export function usePrefetchQueue(filter: QueueFilter | undefined): void {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = filter && JSON.stringify(apiQuery(filter));
  useEffect(() => {
    if (key === undefined) return;
    void queryClient.prefetchInfiniteQuery(queueQueryOptions(api, JSON.parse(key) as QueueFilter));
  }, [api, queryClient, key]);
}

/** The queue, page by page (nearest deadline first), refreshed in the background unless `live`. */
export function useIncidentQueue(filter: QueueFilter, live = false) {
  const api = useApi();
  return useInfiniteQuery({
    ...queueQueryOptions(api, filter),
    refetchInterval: (state) =>
      live
        ? false
        : (state.state.data?.pages.length ?? 0) > 10
          ? LONG_QUEUE_REFRESH_SECONDS * 1000
          : REFRESH_SECONDS * 1000,
  });
}

export type LiveState = "connecting" | "live" | "offline";

interface LiveChange {
  id: string;
  incident: IncidentSummary;
}

/** How long changes are gathered before the queue re-renders (a burst of intake is one render). */
const LIVE_BATCH_MS = 300;
/** After a refused stream (signed out, no network at all) a new one is tried this much later. */
const LIVE_RETRY_MS = 10_000;

/**
 * The desk's live stream: `GET /api/v1/incidents/events` (server-sent events) through `EventSource`. Each
 * changed incident is put into every loaded queue in place (`applyLiveChanges`: no reload, so the scroll
 * position and the selection stay), and its page, if open, is read again. `since` asks the API for the
 * changes since the queue was read; the browser resumes after a lost connection by itself (`Last-Event-ID`).
 * An incident assigned from the person's department to another (`gone`) leaves their loaded queues.
 */
export function useLiveIncidents(enabled = true): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") {
      setState("offline");
      return;
    }
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    let pending: QueueRow[] = [];
    /** Incidents assigned away from what the person sees, since the last render. */
    let gone = new Set<string>();
    let since = new Date(Date.now() - 60_000).toISOString();

    const applyPending = () => {
      flush = undefined;
      // A change after a `gone` brings the incident back (assigned back), and the other way round.
      const changes = pending.filter((incident) => !gone.has(incident.id));
      const left = gone;
      pending = [];
      gone = new Set();
      if (changes.length === 0 && left.size === 0) return;
      for (const [key, data] of queryClient.getQueriesData<InfiniteData<QueuePage, string | undefined>>({
        queryKey: ["incidents", "queue"],
      })) {
        if (!data) continue;
        const query = (key[2] ?? {}) as Query;
        const kept = left.size > 0 ? dropRows(data.pages, left) : data.pages;
        queryClient.setQueryData(key, { ...data, pages: applyLiveChanges(kept, changes, query) });
      }
      for (const id of [...changes.map((incident) => incident.id), ...left])
        void queryClient.invalidateQueries({ queryKey: incidentKey(id) });
    };

    const connect = () => {
      setState("connecting");
      source = new EventSource(`/api/v1/incidents/events?since=${encodeURIComponent(since)}`);
      source.addEventListener("ready", () => setState("live"));
      source.addEventListener("incident", (event) => {
        const change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
        gone.delete(change.id);
        pending.push(toQueueRow(change.incident));
        flush ??= setTimeout(applyPending, LIVE_BATCH_MS);
      });
      source.addEventListener("gone", (event) => {
        const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: string };
        gone.add(id);
        flush ??= setTimeout(applyPending, LIVE_BATCH_MS);
      });
      source.addEventListener("reset", () => {
        void queryClient.invalidateQueries({ queryKey: ["incidents", "queue"] });
      });
      source.onerror = () => {
        setState("offline");
        // EventSource reconnects by itself after a dropped connection; a refused one it gives up on.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          since = new Date(Date.now() - 60_000).toISOString();
          retry = setTimeout(connect, LIVE_RETRY_MS);
        }
      };
    };
    connect();
    return () => {
      source?.close();
      clearTimeout(retry);
      clearTimeout(flush);
    };
  }, [enabled, queryClient]);
  return state;
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

/** The current minute (its first millisecond), changing when the clock's minute does: one timer a minute. */
export function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setTimeout(() => setNow(Date.now()), 60_000 - (now % 60_000) + 5);
    return () => clearTimeout(timer);
  }, [now]);
  return Math.floor(now / 60_000) * 60_000;
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
