import { describe, expect, it } from "vitest";
import { parseTrustedProxies, resolveClientAddress } from "./client-address.js";

describe("client address", () => {
  const loopback = parseTrustedProxies("loopback");

  it("trusts X-Forwarded-For from the local proxy (the site and admin servers)", () => {
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7", loopback)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:127.0.0.1", "203.0.113.7", loopback)).toBe("203.0.113.7");
    expect(resolveClientAddress("::1", "2001:db8::5", loopback)).toBe("2001:db8::5");
  });

  it("ignores X-Forwarded-For from anyone else, so a citizen cannot pick their address", () => {
    expect(resolveClientAddress("198.51.100.9", "203.0.113.7", loopback)).toBe("198.51.100.9");
  });

  it("takes the right-most address not added by a trusted proxy", () => {
    const trusted = parseTrustedProxies("loopback, 10.0.0.0/8");
    expect(resolveClientAddress("127.0.0.1", "1.1.1.1, 203.0.113.7, 10.1.2.3", trusted)).toBe("203.0.113.7");
  });
});
