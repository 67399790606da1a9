import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../connector/constant-time.js";

/** The header that carries the signature of the raw body. */
export const PLATFORM_SIGNATURE_HEADER = "X-Otklik-Signature";

/** Signs a raw body: `sha256=<hex of HMAC-SHA256(secret, body)>`. */
export function signPlatformBody(rawBody: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

/**
 * True when `header` is the signature of exactly these bytes under `secret`. Compared in constant
 * time; a missing or malformed header is false.
 */
export function verifyPlatformSignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
): boolean {
  if (header === undefined || !/^sha256=[0-9a-f]{64}$/i.test(header.trim())) return false;
  return constantTimeEqual(header.trim().toLowerCase(), signPlatformBody(rawBody, secret));
}
