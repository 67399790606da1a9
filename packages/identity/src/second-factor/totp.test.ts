import { describe, expect, it } from "vitest";
import { newTotpSecret, totpCode, totpStep, totpUri, verifyTotp } from "./totp.js";

const at = new Date("2026-11-27T02:00:00Z");

describe("TOTP second factor", () => {
  const secret = newTotpSecret();

  it("gives an otpauth URI an authenticator app reads", () => {
    const uri = totpUri({ secret, account: "operator@demo.otklik.ru", issuer: "Отклик" });
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
  });

  it("accepts the current code and one step either side", () => {
    expect(verifyTotp({ secret, code: totpCode(secret, at), at, lastUsedStep: null })).toBe(totpStep(at));
    const earlier = new Date(at.getTime() - 30_000);
    expect(verifyTotp({ secret, code: totpCode(secret, earlier), at, lastUsedStep: null })).toBe(
      totpStep(earlier),
    );
    const longAgo = new Date(at.getTime() - 5 * 60_000);
    expect(verifyTotp({ secret, code: totpCode(secret, longAgo), at, lastUsedStep: null })).toBeUndefined();
  });

  it("refuses a code used before, so an overheard code cannot be replayed", () => {
    const code = totpCode(secret, at);
    const step = verifyTotp({ secret, code, at, lastUsedStep: null });
    expect(verifyTotp({ secret, code, at, lastUsedStep: step ?? null })).toBeUndefined();
  });

  it("refuses what is not six digits, tolerating spaces", () => {
    expect(verifyTotp({ secret, code: "12345", at, lastUsedStep: null })).toBeUndefined();
    const spaced = totpCode(secret, at).replace(/^(\d{3})/, "$1 ");
    expect(verifyTotp({ secret, code: spaced, at, lastUsedStep: null })).toBe(totpStep(at));
  });
});
