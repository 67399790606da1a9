import type { SlaWarning } from "../policy/sla-policy.js";

/**
 * - `running`: counting towards the target;
 * - `paused`: stopped by a pausing status, not yet past the target;
 * - `met`: stopped at or before the deadline;
 * - `breached`: past the deadline, whether still counting or stopped late.
 */
export type SlaMetricState = "running" | "paused" | "met" | "breached";

/** One warning threshold of a metric and when it is (or was) reached. */
export interface SlaWarningStatus {
  readonly warning: SlaWarning;
  /** Elapsed working minutes at which the warning fires. */
  readonly atElapsedMinutes: number;
  /** When it was reached, or when it will be if the clock keeps running; null when unknown. */
  readonly at: Date | null;
  readonly reached: boolean;
}

/** The state of one SLA metric of one incident at `now`. */
export interface SlaMetricEvaluation {
  readonly metric: string;
  /** The rule whose target applies now. */
  readonly rule: string;
  /** The calendar id the current target is measured on ("always-open" for calendar minutes). */
  readonly calendar: string;
  readonly state: SlaMetricState;
  /** Resolution cycle, from 1; reopening starts the next one. */
  readonly cycle: number;
  readonly startedAt: Date;
  /** When the metric stopped (reply, answer, resolution), or null. */
  readonly stoppedAt: Date | null;
  /** The deadline: when the target is (or was) reached. Null while paused or when met early. */
  readonly dueAt: Date | null;
  /** When the deadline passed without the metric stopping, or null. */
  readonly breachedAt: Date | null;
  readonly targetMinutes: number;
  /** Working minutes counted so far (calendar minutes on the always-open calendar). */
  readonly elapsedMinutes: number;
  /** Working minutes that passed while paused (they do not count). */
  readonly pausedMinutes: number;
  readonly remainingMinutes: number;
  readonly warnings: readonly SlaWarningStatus[];
  /** The next instant after `now` at which this evaluation changes without a new event, or null. */
  readonly nextChangeAt: Date | null;
}

/** All metrics of a policy for one incident at `now`. */
export interface SlaEvaluation {
  readonly metrics: readonly SlaMetricEvaluation[];
  /** The earliest `nextChangeAt` among the metrics: when a scheduler should look again. */
  readonly nextChangeAt: Date | null;
}
