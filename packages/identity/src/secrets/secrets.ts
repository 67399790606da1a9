import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Session cookies, API tokens and reset links are long random secrets. Only
 * their SHA-256 is stored: with 256 bits of randomness a fast hash is enough
 * (argon2 is for what people choose), and a leaked table opens nothing.
 */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** The stored form of a secret: hex SHA-256. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Compares two strings in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
