import { newSecret } from "../secrets/secrets.js";

/** Every API token Otklik issues starts with this, so secret scanners and people recognise it. */
export const TOKEN_PREFIX = "otk_";

/** A new API token: `otk_` and 43 characters of base64url (256 random bits). */
export function newApiTokenSecret(): string {
  return `${TOKEN_PREFIX}${newSecret(32)}`;
}

/**
 * The part of a token shown in lists to tell tokens apart (`otk_AbCd…`),
 * too short to be of use to anyone who sees it.
 */
export function tokenHint(secret: string): string {
  return `${secret.slice(0, TOKEN_PREFIX.length + 4)}…`;
}

/**
 * Reads `Authorization: Bearer <token>`; `undefined` when there is no bearer
 * credential. Tokens not made by {@link newApiTokenSecret} (the demo's
 * `open311-demo-key`) are accepted too: the database decides what is valid.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S{8,512})\s*$/i.exec(authorization);
  return match?.[1];
}
