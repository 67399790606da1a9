import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the local server saw it. */
export interface ReceivedRequest {
  /** When it arrived, by the server's clock (the test's manual clock or the wall clock). */
  at: number;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
  /** Form fields of a url-encoded or multipart body, and the names of multipart files. */
  form?: FormData;
}

/** What a handler answers. `hang` keeps the connection open without an answer (a timeout after sending). */
export type ProtocolAnswer =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; headers?: Record<string, string> }
  | { hang: true };

/** A fault to inject into the next matching request. */
export type Fault = "rate_limit" | "timeout" | "server_error" | "token" | "captcha" | "denied";

/** A small `node:http` server speaking one platform's protocol, for tests. */
export interface ProtocolServer {
  url: string;
  requests: ReceivedRequest[];
  /** Faults to inject, consumed in order by requests whose operation matches. */
  faults: { operation: string; fault: Fault }[];
  /** Requests the server refused as malformed (a test fails when this is not empty). */
  violations: string[];
  /**
   * Holds each answer this long (ms) after the platform has done the work, as a real one's latency
   * does: a caller killed meanwhile leaves the post made and its answer unread. None by default.
   */
  answerDelay?: () => number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseForm(body: Buffer, contentType: string | undefined): Promise<FormData | undefined> {
  if (!contentType) return undefined;
  if (
    !contentType.startsWith("multipart/form-data") &&
    !contentType.startsWith("application/x-www-form-urlencoded")
  ) {
    return undefined;
  }
  return new Response(body, { headers: { "content-type": contentType } }).formData();
}

/**
 * Starts a server on a free local port. `handle` answers each request; `now` stamps arrivals so
 * rate-limit tests can count them per window.
 */
export async function startProtocolServer(
  handle: (request: ReceivedRequest, server: ProtocolServer) => Promise<ProtocolAnswer> | ProtocolAnswer,
  now: () => number = Date.now,
): Promise<ProtocolServer> {
  let server: Server;
  const state: ProtocolServer = {
    url: "",
    requests: [],
    faults: [],
    violations: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    // Stamped on arrival, before the body is read: that is when the platform counts a call.
    const at = now();
    void (async () => {
      const body = await readBody(incoming);
      const url = new URL(incoming.url ?? "/", "http://localhost");
      const form = await parseForm(body, incoming.headers["content-type"]).catch(() => undefined);
      const received: ReceivedRequest = {
        at,
        method: incoming.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body,
        ...(form ? { form } : {}),
      };
      state.requests.push(received);
      const answer = await handle(received, state);
      if ("hang" in answer) return;
      const delay = state.answerDelay?.() ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const headers = answer.headers ?? {};
      if ("json" in answer) {
        response.writeHead(answer.status, { "content-type": "application/json", ...headers });
        response.end(JSON.stringify(answer.json));
      } else {
        response.writeHead(answer.status, { "content-type": "text/plain", ...headers });
        response.end(answer.text);
      }
    })().catch((error: unknown) => {
      state.violations.push(`server crashed: ${String(error)}`);
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** Takes the first queued fault for an operation, if any. */
export function takeFault(server: ProtocolServer, operation: string): Fault | undefined {
  const index = server.faults.findIndex((fault) => fault.operation === operation || fault.operation === "*");
  if (index < 0) return undefined;
  const [taken] = server.faults.splice(index, 1);
  return taken?.fault;
}

/** The most calls that arrived within any window of `intervalMilliseconds`. */
export function busiestWindow(times: readonly number[], intervalMilliseconds: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= intervalMilliseconds) start++;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}
