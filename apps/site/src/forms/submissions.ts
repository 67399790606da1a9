import { randomBytes } from "node:crypto";

/** A new id for one form as shown; the form sends it back with the answers. */
export function newSubmissionId(): string {
  return randomBytes(12).toString("base64url");
}

/**
 * Remembers what each form submission led to for a while, so that a second press of the button, a
 * reload of the POST or a retry after a slow answer does not register the same report twice: the
 * same id gets the same outcome (the first one's, even while it is still being sent). A failed send
 * is forgotten, so the citizen can try again. Kept in this process only.
 */
export class SubmissionLedger<Outcome> {
  private readonly entries = new Map<string, { outcome: Promise<Outcome>; at: number }>();

  constructor(
    private readonly keepMilliseconds = 60 * 60 * 1000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  once(id: string, send: () => Promise<Outcome>): Promise<Outcome> {
    this.sweep();
    const known = this.entries.get(id);
    if (known) return known.outcome;
    const outcome = send();
    this.entries.set(id, { outcome, at: this.now() });
    outcome.catch(() => this.entries.delete(id));
    return outcome;
  }

  private sweep(): void {
    const limit = this.now() - this.keepMilliseconds;
    for (const [id, entry] of this.entries) {
      if (entry.at >= limit && this.entries.size <= this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}
