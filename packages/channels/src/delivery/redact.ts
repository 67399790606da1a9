const REDACTED = "[секрет скрыт / redacted]";

/**
 * Removes every known secret from a text, also in its URL-encoded form (a token in a query
 * string). Secrets shorter than 6 characters are not secrets worth the name and are left alone,
 * so that redaction never garbles ordinary words.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)]))
      result = result.split(form).join(REDACTED);
  }
  return result;
}
