import { type Clock, idTime, systemClock } from "@otklik/core";
import { type Database, eventIdFloor, type OutboxEvent, readOutbox } from "@otklik/db";
import { type IncidentSummary, incidentSummaries } from "@otklik/incidents";
import type { Logger } from "pino";

/** One incident that changed: its new queue row, the outbox events that said so, the newest event's id. */
export interface IncidentChange {
  /** The newest outbox event (`evt_…`) about the incident in this batch: the stream's event id. */
  eventId: string;
  /** The events' names, oldest first (`incidents.created`, `incidents.assigned`, …). */
  events: string[];
  incident: IncidentSummary;
  /**
   * The departments the incident was assigned away from in this batch (from `incidents.assigned`'s
   * `previousDepartmentId`): their staff are told it is gone from their queue.
   */
  formerDepartmentIds: string[];
}

/**
 * The incident desk's changes, as they are written to the outbox by any API or worker process, handed to
 * this process's open event streams. Made by {@link createLiveIncidentFeed}.
 */
export interface LiveIncidentFeed {
  /** Calls `listener` with each batch of changes from now on; answers the unsubscribe. */
  subscribe(listener: (changes: IncidentChange[]) => void): () => void;
  /**
   * The changes after `after` (an event id, or the floor of an instant), for a stream that reconnects
   * (`Last-Event-ID`) or starts after its client read the queue; `undefined` when there are more than the
   * feed replays (the client reloads instead).
   */
  replay(after: string): Promise<IncidentChange[] | undefined>;
  /** Calls `listener` once when the feed closes (the process stops); answers the unsubscribe. */
  onClose(listener: () => void): () => void;
  /** Ends every stream and stops looking at the outbox. */
  close(): void;
}

export interface LiveIncidentFeedOptions {
  db: Database;
  clock?: Clock;
  logger?: Logger;
  /** How often the outbox is read while someone listens (default 1 s). */
  intervalMs?: number;
  /**
   * How far behind the newest event the outbox is read again (default 15 s): event ids follow the time
   * they were emitted, not commit order, so a transaction that commits late is still seen.
   */
  windowMs?: number;
}

const PREFIX = "incidents.";
const PAGE = 1000;
/** A reconnection further behind than this many events reloads the queue instead. */
const MAX_REPLAY = 2000;

/**
 * The live feed of the incident desk (`GET /api/v1/incidents/events`). One reader per process: while at
 * least one stream is open it reads the outbox every `intervalMs` — the outbox is in the database every
 * process shares, so a change made through another API process, or by a worker (SLA breaches, reply
 * deliveries), reaches this process's streams too, on PGlite and on PostgreSQL alike. It does not take the
 * rows from the relay (it reads dispatched rows as well), and loads each changed incident once per batch.
 */
export function createLiveIncidentFeed(options: LiveIncidentFeedOptions): LiveIncidentFeed {
  const { db } = options;
  const clock = options.clock ?? systemClock;
  const intervalMs = options.intervalMs ?? 1000;
  const windowMs = options.windowMs ?? 15_000;
  const listeners = new Set<(changes: IncidentChange[]) => void>();
  const closeListeners = new Set<() => void>();
  /** Events already handed out, by id, with their time; forgotten once behind the window. */
  const seen = new Map<string, number>();
  let startFloor = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  async function changesOf(events: OutboxEvent[]): Promise<IncidentChange[]> {
    type Entry = Omit<IncidentChange, "incident">;
    const byIncident = new Map<string, Entry>();
    for (const event of events) {
      const payload = event.payload as { incidentId?: unknown; previousDepartmentId?: unknown } | null;
      const incidentId = payload?.incidentId;
      if (typeof incidentId !== "string") continue;
      const entry = byIncident.get(incidentId) ?? { eventId: event.id, events: [], formerDepartmentIds: [] };
      if (event.id > entry.eventId) entry.eventId = event.id;
      entry.events.push(event.event);
      const former = payload?.previousDepartmentId;
      if (typeof former === "string" && !entry.formerDepartmentIds.includes(former))
        entry.formerDepartmentIds.push(former);
      byIncident.set(incidentId, entry);
    }
    const summaries = await incidentSummaries(db, [...byIncident.keys()]);
    return summaries
      .map((incident) => ({ ...(byIncident.get(incident.id) as Entry), incident }))
      .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
  }

  async function readAll(after: string, limit: number): Promise<OutboxEvent[] | undefined> {
    const events: OutboxEvent[] = [];
    let cursor = after;
    for (;;) {
      const page = await readOutbox(db, { after: cursor, eventPrefix: PREFIX, limit: PAGE });
      events.push(...page);
      if (events.length > limit) return undefined;
      if (page.length < PAGE) return events;
      cursor = page.at(-1)?.id ?? cursor;
    }
  }

  async function poll(): Promise<void> {
    const now = clock.now().getTime();
    const floor = eventIdFloor(new Date(now - windowMs));
    const events = (await readAll(floor > startFloor ? floor : startFloor, Number.POSITIVE_INFINITY)) ?? [];
    const fresh = events.filter((event) => !seen.has(event.id));
    for (const event of fresh) seen.set(event.id, idTime(event.id).getTime());
    for (const [id, at] of seen) if (at < now - windowMs - 60_000) seen.delete(id);
    if (fresh.length === 0 || listeners.size === 0) return;
    const changes = await changesOf(fresh);
    if (changes.length === 0) return;
    for (const listener of listeners) listener(changes);
  }

  function schedule(): void {
    if (closed || listeners.size === 0 || timer) return;
    timer = setTimeout(() => {
      void poll()
        .catch((error: Error) =>
          options.logger?.warn({ error: error.message }, "live incident feed: read failed"),
        )
        .finally(() => {
          timer = undefined;
          schedule();
        });
    }, intervalMs);
  }

  return {
    subscribe(listener) {
      if (listeners.size === 0) {
        // Starting to listen: what happened before is the streams' replay's, not the feed's.
        startFloor = eventIdFloor(new Date(clock.now().getTime() - 1000));
        seen.clear();
      }
      listeners.add(listener);
      schedule();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    async replay(after) {
      const events = await readAll(after, MAX_REPLAY);
      return events && (await changesOf(events));
    },
    onClose(listener) {
      if (closed) {
        listener();
        return () => {};
      }
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      listeners.clear();
      for (const listener of closeListeners) listener();
      closeListeners.clear();
    },
  };
}
