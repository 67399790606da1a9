// Reads the queue's background pages off the main thread (issue 10): a page of 1,000 incidents is about
// 700 KB of JSON, and decoding and parsing it took 25–40 ms of the main thread, in the middle of a scroll.
// Here the worker fetches and parses it, then hands the rows over in slices of `SLICE_ROWS`, so that the
// main thread only ever copies a few rows between two frames. The protocol is in queue-pages.ts.
import { ApiError, createApiClient } from "../../api/api-client.js";
import type { Page } from "../../api/identity.js";
import type { IncidentSummary } from "../../api/incidents.js";
import type { PageRequest, PageResponse } from "./queue-pages.js";

/** Rows per message: copying them on the main thread takes well under a millisecond. */
const SLICE_ROWS = 100;

/** The worker's global scope, as far as it is used here (the app's types are the window's). */
const scope = globalThis as unknown as {
  postMessage(message: PageResponse): void;
  addEventListener(type: "message", listener: (event: MessageEvent<PageRequest>) => void): void;
};

// A GET needs no CSRF token; the session's cookie goes with the worker's same-origin request.
const api = createApiClient({ csrfToken: () => undefined });

function send(message: PageResponse): void {
  scope.postMessage(message);
}

scope.addEventListener("message", (event: MessageEvent<PageRequest>) => {
  const { id, path, query } = event.data;
  api.get<Page<IncidentSummary>>(path, query).then(
    (page) => {
      for (let start = 0; start < page.items.length; start += SLICE_ROWS)
        send({ id, type: "rows", rows: page.items.slice(start, start + SLICE_ROWS) });
      send({ id, type: "end", nextCursor: page.nextCursor });
    },
    (error: unknown) => {
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
    },
  );
});
