import { AsyncLocalStorage } from "node:async_hooks";

const interactive = new AsyncLocalStorage<true>();

/**
 * Runs `work` as interactive: someone is waiting for its answer (an HTTP request). On the embedded
 * database, which runs one statement at a time, interactive statements and transactions go before
 * queued background work (job handlers, the event relay, pg-boss's polling), so a burst of background
 * work does not stand between a citizen and the answer. Everything not run in here is background.
 */
export function runInteractive<T>(work: () => T): T {
  return interactive.run(true, work);
}

/** Whether the caller runs inside {@link runInteractive}. */
export function isInteractive(): boolean {
  return interactive.getStore() === true;
}

/**
 * One-at-a-time access to a single-connection engine with two queues: interactive callers first,
 * background callers when no interactive one waits (looked at again one event-loop turn after the
 * engine came free) — except that after `fairness` interactive grants in a row with background work
 * waiting, one background caller goes, so background work is slowed under sustained load but never
 * stopped.
 */
export class PriorityGate {
  #busy = false;
  #streak = 0;
  readonly #interactive: (() => void)[] = [];
  readonly #background: (() => void)[] = [];

  constructor(private readonly fairness = 8) {}

  /** Callers waiting, by kind (for metrics and tests). */
  get waiting(): { interactive: number; background: number } {
    return { interactive: this.#interactive.length, background: this.#background.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#busy) {
      await new Promise<void>((resolve) =>
        (isInteractive() ? this.#interactive : this.#background).push(resolve),
      );
    } else {
      this.#busy = true;
    }
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  #release(): void {
    // Interactive work often follows at once — the next statement of the same request, the intake's next
    // batch — but is queued a few microtasks or an I/O callback later. Before background work gets the
    // engine, let those run (one event-loop turn), so they find it free of a long background transaction.
    if (this.#interactive.length === 0 && this.#background.length > 0) {
      setImmediate(() => this.#grant());
      return;
    }
    this.#grant();
  }

  #grant(): void {
    const preferBackground = this.#background.length > 0 && this.#streak >= this.fairness;
    const next = preferBackground ? undefined : this.#interactive.shift();
    if (next) {
      if (this.#background.length > 0) this.#streak += 1;
      next();
      return;
    }
    this.#streak = 0;
    const background = this.#background.shift() ?? this.#interactive.shift();
    if (background) background();
    else this.#busy = false;
  }
}
