import { randomUUID } from "node:crypto";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Handler } from "hono";
import { proxy } from "hono/proxy";

export interface ForwardToApiOptions {
  /** Where the API listens, e.g. `http://localhost:8787`; a path prefix is kept. */
  apiUrl: string;
  /** Injected in tests; the global `fetch` otherwise. */
  fetch?: typeof fetch;
}

/**
 * Forwards a request to the API unchanged (method, path, query, headers, body) and streams the
 * answer back, so that browsers talk to one origin: cookies work and no CORS is needed.
 * The API trusts `X-Forwarded-For` from this hop only, so the citizen's address is appended here.
 */
export function forwardToApi(options: ForwardToApiOptions): Handler {
  const base = new URL(options.apiUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  return async (c) => {
    const incoming = new URL(c.req.url);
    const target = new URL(`${prefix}${incoming.pathname}${incoming.search}`, base);
    try {
      return await proxy(target, {
        raw: c.req.raw,
        headers: forwardedHeaders(c, incoming),
        ...(options.fetch ? { customFetch: options.fetch } : {}),
      });
    } catch {
      // The API is down or restarting: answer in the API's own error shape, so clients need one parser.
      return c.json(
        {
          error: {
            code: "unavailable",
            message:
              "Сервис временно недоступен, попробуйте позже / The service is temporarily unavailable, try again later",
            requestId: randomUUID(),
          },
        },
        503,
        { "Retry-After": "5", "Cache-Control": "no-store" },
      );
    }
  };
}

function forwardedHeaders(c: Context, incoming: URL): Headers {
  const headers = new Headers(c.req.raw.headers);
  // fetch sets Host from the target URL; the original one travels as X-Forwarded-Host.
  headers.delete("host");
  const earlier = c.req.header("x-forwarded-for");
  const peer = peerAddress(c);
  headers.set("x-forwarded-for", earlier ? `${earlier}, ${peer}` : peer);
  headers.set("x-forwarded-proto", incoming.protocol.replace(/:$/, ""));
  headers.set("x-forwarded-host", c.req.header("host") ?? incoming.host);
  return headers;
}

function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "127.0.0.1";
  } catch {
    // In-process requests (app.request in tests) have no socket.
    return "127.0.0.1";
  }
}
