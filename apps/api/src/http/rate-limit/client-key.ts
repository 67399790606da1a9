import { createHash } from "node:crypto";

/**
 * The part of an address that identifies one client: an IPv4 address as is, an IPv6 address by
 * its /64 (one household or phone gets a whole /64 and may rotate inside it freely).
 */
export function clientKey(address: string): string {
  const bare = address.split("%")[0] ?? address;
  if (!bare.includes(":")) return bare;
  const halves = bare.toLowerCase().split("::");
  if (halves.length > 2) return bare;
  const groups = (text: string | undefined) =>
    text ? text.split(":").flatMap((group) => (group.includes(".") ? ["0", "0"] : [group])) : [];
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const full =
    halves.length === 2
      ? [...head, ...new Array(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail]
      : head;
  const prefix = full.slice(0, 4).map((group) => {
    const value = Number.parseInt(group || "0", 16);
    return Number.isNaN(value) ? group : value.toString(16);
  });
  return `${prefix.join(":")}::/64`;
}

/** The stored key: a hash, so the table holds no addresses (like identity's sign-in throttle). */
export function storedKey(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 32);
}
