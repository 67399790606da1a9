import { createHash } from "node:crypto";

/**
 * A short fingerprint of a token, to key rate limits per token without storing the token: a
 * SHA-256 prefix of a high-entropy token reveals nothing usable.
 */
export function tokenFingerprint(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 16);
}
