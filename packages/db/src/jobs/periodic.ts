import type { DbLogger } from "../connection/logger.js";

/** A task this process runs every so often while the jobs runner is started. */
export interface PeriodicTask {
  /** Runs the task now (or waits for the run in progress) instead of at the next tick. */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, never two runs at once, measured from the end of one run to
 * the start of the next. A failing run is logged and the next one comes as usual.
 */
export function periodic(
  name: string,
  intervalMs: number,
  task: () => Promise<void>,
  logger: DbLogger,
): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => void runNow(), intervalMs);
  };

  function runNow(): Promise<void> {
    if (running) return running;
    if (timer) clearTimeout(timer);
    timer = undefined;
    running = task()
      .catch((error: unknown) =>
        logger.error({ task: name, error: (error as Error).message }, "A periodic task failed"),
      )
      .finally(() => {
        running = undefined;
        schedule();
      });
    return running;
  }

  schedule();
  return {
    runNow: () => (stopped ? Promise.resolve() : runNow()),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
