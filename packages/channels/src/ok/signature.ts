import { createHash } from "node:crypto";

function md5(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/**
 * OK's request signature: the parameters other than `sig`, `access_token` and `session_key`,
 * sorted by name and concatenated as `name=value` with no separator, followed by the session
 * secret `md5(access_token + application_secret_key)`; then md5 of the whole, lower-case hex.
 */
export function okSignature(
  parameters: Record<string, string>,
  accessToken: string,
  applicationSecretKey: string,
): string {
  const signed = Object.keys(parameters)
    .filter((name) => name !== "sig" && name !== "access_token" && name !== "session_key")
    .sort()
    .map((name) => `${name}=${parameters[name]}`)
    .join("");
  return md5(signed + md5(accessToken + applicationSecretKey));
}
