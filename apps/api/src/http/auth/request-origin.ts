import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { parseTrustedProxies } from "../client-address.js";
import type { ApiEnvironment } from "../context.js";

function peerAddress(c: Context<ApiEnvironment>): string {
  try {
    return getConnInfo(c).remote.address ?? "127.0.0.1";
  } catch {
    // In-process requests (app.request in tests) have no socket.
    return "127.0.0.1";
  }
}

/**
 * Whether the browser reached us over HTTPS: the request's own scheme, or
 * `X-Forwarded-Proto: https` from a trusted proxy (the site and admin servers,
 * a TLS-terminating balancer). Decides the cookie's `Secure` flag.
 */
export function requestIsHttps(c: Context<ApiEnvironment>, trustedProxies: string): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  const forwarded = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded !== "https") return false;
  const trusted = parseTrustedProxies(trustedProxies);
  const peer = peerAddress(c).replace(/^::ffff:(?=\d+\.)/, "");
  return trusted.some((network) => network.test(peer));
}

/**
 * The origins this request may legitimately come from: its own (as the
 * browser addressed it, through `Host` or a proxy's `X-Forwarded-Host`) and
 * the configured ones. A cross-site attacker cannot set `X-Forwarded-Host` on a
 * victim's browser request, so believing it here opens nothing.
 */
export function ownOrigins(c: Context<ApiEnvironment>, allowedOrigins: readonly string[] = []): string[] {
  const url = new URL(c.req.url);
  const scheme =
    c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() || url.protocol.slice(0, -1);
  const hosts = [url.host, c.req.header("host"), c.req.header("x-forwarded-host")?.split(",")[0]?.trim()];
  const origins = new Set<string>(allowedOrigins);
  for (const host of hosts) {
    if (!host) continue;
    origins.add(`${scheme}://${host}`);
    origins.add(`${url.protocol}//${host}`);
  }
  return [...origins];
}
