import { localise } from "../api/api-client.js";
import type { Language } from "../i18n/messages.js";

const AFTER_ATTEMPTS = /^(.*) \(после (\d+) попыток \/ after \d+ attempts\)$/s;
const CODE_PREFIX = /^([a-z_]+): (.*)$/s;

/**
 * A delivery's reason in the interface's language. The package writes them as `code: русский / English`
 * (`no_address: …`, `quiet_hours: …`, `digest: …`), a final failure with «(после 8 попыток / after 8
 * attempts)» at the end, and a sender's own error as it came.
 */
export function reasonText(reason: string, language: Language): string {
  const after = AFTER_ATTEMPTS.exec(reason);
  if (after) {
    const attempts = after[2] ?? "";
    const suffix = language === "ru" ? `(после ${attempts} попыток)` : `(after ${attempts} attempts)`;
    return `${reasonText(after[1] ?? "", language)} ${suffix}`;
  }
  const coded = CODE_PREFIX.exec(reason);
  if (coded && (coded[2] ?? "").includes(" / ")) return localise(coded[2] ?? "", language);
  return localise(reason, language);
}
