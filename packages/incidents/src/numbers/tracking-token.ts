/**
 * A public tracking token: 128 random bits, base64url without padding (22 characters). The public link
 * carries it, never the internal id. `randomBytes` is injectable for tests; by default Web Crypto.
 */
export function newTrackingToken(
  randomBytes: (length: number) => Uint8Array = (length) => crypto.getRandomValues(new Uint8Array(length)),
): string {
  const bytes = randomBytes(16);
  if (bytes.length !== 16) throw new RangeError("A tracking token needs 16 random bytes");
  return Buffer.from(bytes).toString("base64url");
}

/** Whether a string has the shape of a tracking token (22 base64url characters). */
export function isTrackingToken(text: string): boolean {
  return /^[A-Za-z0-9_-]{21}[AQgw]$/u.test(text);
}
