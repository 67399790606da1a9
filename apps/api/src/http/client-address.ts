import { getConnInfo } from "@hono/node-server/conninfo";
import type { MiddlewareHandler } from "hono";
import type { ApiEnvironment } from "./context.js";

interface Network {
  test(address: string): boolean;
}

const LOOPBACK = ["127.0.0.0/8", "::1/128"];

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Strips the IPv4-mapped IPv6 prefix (`::ffff:127.0.0.1`) Node reports on dual-stack sockets. */
function normaliseAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address.toLowerCase();
}

function parseNetwork(entry: string): Network {
  const [base = "", bitsText] = entry.split("/");
  const address = normaliseAddress(base.trim());
  const v4 = ipv4ToNumber(address);
  if (v4 !== undefined) {
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    const size = 2 ** (32 - bits);
    const start = Math.floor(v4 / size) * size;
    return {
      test: (candidate) => {
        const value = ipv4ToNumber(candidate);
        return value !== undefined && value >= start && value < start + size;
      },
    };
  }
  // IPv6 networks are matched exactly; a proxy is named by its address.
  return { test: (candidate) => candidate === address };
}

/** Reads `OTKLIK_TRUSTED_PROXIES`: addresses or IPv4 CIDR ranges separated by commas; `loopback` names 127.0.0.0/8 and ::1. */
export function parseTrustedProxies(setting: string): Network[] {
  return setting
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .flatMap((entry) => (entry === "loopback" ? LOOPBACK : [entry]))
    .map(parseNetwork);
}

/**
 * The citizen's real address: the socket's peer, or — only when that peer is a
 * trusted proxy — the right-most untrusted address of `X-Forwarded-For`.
 */
export function resolveClientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trusted: Network[],
): string {
  const isTrusted = (address: string): boolean => trusted.some((network) => network.test(address));
  let address = normaliseAddress(peer);
  if (!forwardedFor || !isTrusted(address)) return address;
  const hops = forwardedFor
    .split(",")
    .map((hop) => normaliseAddress(hop.trim()))
    .filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index--) {
    address = hops[index]!;
    if (!isTrusted(address)) return address;
  }
  return address;
}

/** Sets `clientAddress` for every request. */
export function clientAddress(trustedProxies: string): MiddlewareHandler<ApiEnvironment> {
  const trusted = parseTrustedProxies(trustedProxies);
  return async (c, next) => {
    let peer = "127.0.0.1";
    try {
      peer = getConnInfo(c).remote.address ?? peer;
    } catch {
      // In-process requests (app.request in tests) have no socket.
    }
    c.set("clientAddress", resolveClientAddress(peer, c.req.header("x-forwarded-for"), trusted));
    await next();
  };
}
