import { type ApiClient, ApiError, type Query } from "../../api/api-client.js";
import type { Page } from "../../api/identity.js";
import { type IncidentSummary, type QueueRow, toQueueRow } from "../../api/incidents.js";

/**
 * Main thread → worker: read `path?query` (a GET of the API, with the session's cookie) and keep it; hand over
 * `slices` more slices of its rows (as soon as it is read).
 */
export type PageRequest =
  | { type: "read"; id: number; path: string; query: Query }
  | { type: "pull"; id: number; slices: number };

/** Worker → main thread: a slice of the page's rows, its end after the last, or the API's error. */
export type PageResponse =
  | { id: number; type: "rows"; rows: QueueRow[] }
  | { id: number; type: "end"; nextCursor: string | null }
  | { id: number; type: "error"; error: ConstructorParameters<typeof ApiError>[0] };

/** An idle moment is given one slice per this many of its milliseconds (at least one slice). */
const MS_PER_SLICE = 4;
/** A pull waits for an idle moment at most this long (a busy main thread still gets its rows, a slice at a time). */
const IDLE_TIMEOUT_MS = 100;

interface Pending {
  rows: QueueRow[][];
  /** Slices pulled and not yet received. */
  awaited: number;
  resolve(page: Page<QueueRow>): void;
  reject(error: unknown): void;
  /** The same read on the main thread, should the worker fail to start. */
  fallback(): Promise<Page<QueueRow>>;
}

/** `undefined` until first needed; `null` where workers cannot run (or the worker's script failed). */
let worker: Worker | null | undefined;
let lastId = 0;
const pending = new Map<number, Pending>();

function settle(id: number, outcome: (entry: Pending) => void): void {
  const entry = pending.get(id);
  if (!entry) return;
  pending.delete(id);
  outcome(entry);
}

/** `callback` at the main thread's next idle moment, told how many milliseconds that moment has. */
function whenIdle(callback: (milliseconds: number) => void): void {
  if (typeof requestIdleCallback === "function")
    requestIdleCallback((deadline) => callback(deadline.didTimeout ? 0 : deadline.timeRemaining()), {
      timeout: IDLE_TIMEOUT_MS,
    });
  else setTimeout(() => callback(0), 0);
}

/** Asks the worker for the next slices of read `id`, as many as the next idle moment has time for. */
function pull(id: number): void {
  whenIdle((milliseconds) => {
    const entry = pending.get(id);
    if (!entry || !worker) return;
    const slices = Math.max(1, Math.floor(milliseconds / MS_PER_SLICE));
    entry.awaited = slices;
    worker.postMessage({ type: "pull", id, slices } satisfies PageRequest);
  });
}

function startWorker(): Worker | null {
  if (worker !== undefined) return worker;
  worker = null;
  if (typeof Worker === "undefined") return null;
  try {
    worker = new Worker(new URL("./queue-pages.worker.ts", import.meta.url), {
      type: "module",
      name: "queue-pages",
    });
  } catch {
    return null;
  }
  worker.addEventListener("message", (event: MessageEvent<PageResponse>) => {
    const message = event.data;
    if (message.type === "rows") {
      const entry = pending.get(message.id);
      if (!entry) return;
      entry.rows.push(message.rows);
      entry.awaited -= 1;
      if (entry.awaited === 0) pull(message.id);
    } else if (message.type === "end")
      settle(message.id, (entry) => {
        const items = entry.rows.flat();
        // For the queue's benchmark (bench/queue-trace.ts): when each page arrived, and its rows.
        performance.mark("otklik:queue-page", { detail: items.length });
        entry.resolve({ items, nextCursor: message.nextCursor });
      });
    else settle(message.id, (entry) => entry.reject(new ApiError(message.error)));
  });
  // The worker's script did not load (an old proxy, a policy): this page and the next are read here.
  worker.addEventListener("error", () => {
    worker?.terminate();
    worker = null;
    for (const id of [...pending.keys()])
      settle(id, (entry) => entry.fallback().then(entry.resolve, entry.reject));
  });
  return worker;
}

/**
 * One page of the incident queue, its rows cut to the queue's fields (`QueueRow`), read and parsed by a worker and pulled into the main thread a slice of rows
 * at a time, when the main thread is idle (between two frames of a scroll, or at once when nothing else is
 * going on), so that a page read while the operator scrolls does not cost a frame; where no worker can run
 * (tests in Node, a worker refused), by `api` on the main thread. The API's errors come back as `ApiError`.
 */
export function readQueuePage(api: ApiClient, path: string, query: Query): Promise<Page<QueueRow>> {
  const fallback = () =>
    api
      .get<Page<IncidentSummary>>(path, query)
      .then((page) => ({ items: page.items.map(toQueueRow), nextCursor: page.nextCursor }));
  const reader = startWorker();
  if (!reader) return fallback();
  lastId += 1;
  const id = lastId;
  return new Promise((resolve, reject) => {
    pending.set(id, { rows: [], awaited: 0, resolve, reject, fallback });
    reader.postMessage({ type: "read", id, path, query } satisfies PageRequest);
    pull(id);
  });
}
