// Reads the queue's background pages off the main thread (issue 10): a page of 1,000 incidents is about
// 700 KB of JSON, and decoding and parsing it took 25–40 ms of the main thread, in the middle of a scroll.
// Here the worker fetches and parses it, cuts its rows to the queue's fields (`QueueRow`), keeps it and hands
// the rows over in slices of `SLICE_ROWS`, as many as the main thread pulls (it pulls when it is idle, between
// frames). The protocol is in queue-pages.ts.
import { ApiError, createApiClient } from "../../api/api-client.js";
import type { Page } from "../../api/identity.js";
import { type IncidentSummary, type QueueRow, toQueueRow } from "../../api/incidents.js";
import type { PageRequest, PageResponse } from "./queue-pages.js";

/** Rows per slice: copying them into the main thread takes one to two milliseconds there. */
const SLICE_ROWS = 100;

/** The worker's global scope, as far as it is used here (the app's types are the window's). */
const scope = globalThis as unknown as {
  postMessage(message: PageResponse): void;
  addEventListener(type: "message", listener: (event: MessageEvent<PageRequest>) => void): void;
};

// A GET needs no CSRF token; the session's cookie goes with the worker's same-origin request.
const api = createApiClient({ csrfToken: () => undefined });

interface Read {
  /** The page, once read; its rows from `next` on are still to be handed over. */
  page?: Page<QueueRow>;
  next: number;
  /** Slices pulled before the page was in. */
  wanted: number;
}
const reads = new Map<number, Read>();

function send(message: PageResponse): void {
  scope.postMessage(message);
}

/** Hands over up to `wanted` slices of a read page, then its end. */
function hand(id: number, read: Read): void {
  const page = read.page;
  if (!page) return;
  for (; read.wanted > 0 && read.next < page.items.length; read.wanted -= 1) {
    send({ id, type: "rows", rows: page.items.slice(read.next, read.next + SLICE_ROWS) });
    read.next += SLICE_ROWS;
  }
  if (read.next >= page.items.length) {
    reads.delete(id);
    send({ id, type: "end", nextCursor: page.nextCursor });
  }
}

function fail(id: number, error: unknown): void {
  reads.delete(id);
  const apiError =
    error instanceof ApiError
      ? error
      : new ApiError({ status: 0, code: "unavailable", message: String(error) });
  send({
    id,
    type: "error",
    error: {
      status: apiError.status,
      code: apiError.code,
      message: apiError.message,
      details: apiError.details,
      requestId: apiError.requestId,
      retryAfterSeconds: apiError.retryAfterSeconds,
    },
  });
}

scope.addEventListener("message", (event: MessageEvent<PageRequest>) => {
  const request = event.data;
  if (request.type === "pull") {
    const read = reads.get(request.id);
    if (!read) return;
    read.wanted += request.slices;
    hand(request.id, read);
    return;
  }
  const read: Read = { next: 0, wanted: 0 };
  reads.set(request.id, read);
  api.get<Page<IncidentSummary>>(request.path, request.query).then(
    (page) => {
      // Cut to what the queue keeps here, where it costs no frame.
      read.page = { items: page.items.map(toQueueRow), nextCursor: page.nextCursor };
      hand(request.id, read);
    },
    (error: unknown) => fail(request.id, error),
  );
});
