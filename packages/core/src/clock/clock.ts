/**
 * Time is injected: services take a clock, tests pass a manual one and never sleep.
 */
export interface Clock {
  now(): Date;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  set(instant: Date | string): void;
  advance(milliseconds: number): Date;
}

/** Makes a clock that stands at `start` until moved with `set` or `advance`. */
export function manualClock(start: Date | string): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(instant) {
      current = new Date(instant);
    },
    advance(milliseconds) {
      current = new Date(current.getTime() + milliseconds);
      return new Date(current);
    },
  };
}
