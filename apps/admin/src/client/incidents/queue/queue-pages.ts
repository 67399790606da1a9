import { type ApiClient, ApiError, type Query } from "../../api/api-client.js";
import type { Page } from "../../api/identity.js";
import type { IncidentSummary } from "../../api/incidents.js";

/** Main thread → worker: read `path?query` (a GET of the API, with the session's cookie). */
export interface PageRequest {
  id: number;
  path: string;
  query: Query;
}

/** Worker → main thread: the page's rows in slices, then its end, or the API's error. */
export type PageResponse =
  | { id: number; type: "rows"; rows: IncidentSummary[] }
  | { id: number; type: "end"; nextCursor: string | null }
  | { id: number; type: "error"; error: ConstructorParameters<typeof ApiError>[0] };

interface Pending {
  rows: IncidentSummary[][];
  resolve(page: Page<IncidentSummary>): void;
  reject(error: unknown): void;
  /** The same read on the main thread, should the worker fail to start. */
  fallback(): Promise<Page<IncidentSummary>>;
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
    if (message.type === "rows") pending.get(message.id)?.rows.push(message.rows);
    else if (message.type === "end")
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
 * One page of the incident queue, read and parsed by a worker and handed to the main thread a few rows at a
 * time, so that a long page read while the operator scrolls does not cost a frame; where no worker can run
 * (tests in Node, a worker refused), by `api` on the main thread. The API's errors come back as `ApiError`.
 */
export function readQueuePage(api: ApiClient, path: string, query: Query): Promise<Page<IncidentSummary>> {
  const fallback = () => api.get<Page<IncidentSummary>>(path, query);
  const reader = startWorker();
  if (!reader) return fallback();
  lastId += 1;
  const id = lastId;
  return new Promise((resolve, reject) => {
    pending.set(id, { rows: [], resolve, reject, fallback });
    reader.postMessage({ id, path, query } satisfies PageRequest);
  });
}
