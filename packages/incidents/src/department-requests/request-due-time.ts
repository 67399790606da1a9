import type { SlaEvaluation } from "@otklik/sla";
import type { SlaSettings } from "../context.js";

/**
 * The SLA metrics whose deadline needs the department's substance: the platform's answer and the
 * fix. The first reply is left out on purpose — it is the desk's holding answer («передано в
 * управление…»), written before the department is asked.
 */
export const SUBSTANCE_METRICS: readonly string[] = ["platform-answer", "resolution"];

/** The share of the remaining working time to that deadline the department gets (the desk keeps the rest). */
export const DEPARTMENT_REQUEST_SHARE = 0.5;

/** When no substance deadline runs (paused, met, passed): this many working minutes of the office calendar. */
export const FALLBACK_WORKING_MINUTES = 240;

/** Why a department request is due when it is. */
export interface RequestDueTime {
  dueAt: Date;
  /** The metric and deadline it was derived from; null for the fallback. */
  slaMetric: string | null;
  slaDueAt: Date | null;
}

/**
 * The internal due time of a department request made at `now` (pure): the nearest running deadline
 * among {@link SUBSTANCE_METRICS} that is still ahead, and `share` of the working minutes remaining to
 * it, counted on that metric's own calendar — so an answer due at 9 working hours of the office calendar
 * leaves the department 4.5 of them, never a night. Without such a deadline (clock paused, deadlines
 * met or already passed) the department gets {@link FALLBACK_WORKING_MINUTES} of the office calendar.
 */
export function requestDueTime(
  settings: SlaSettings,
  evaluation: SlaEvaluation,
  now: Date,
  share: number = DEPARTMENT_REQUEST_SHARE,
): RequestDueTime {
  let nearest: SlaEvaluation["metrics"][number] | undefined;
  for (const metric of evaluation.metrics) {
    if (!SUBSTANCE_METRICS.includes(metric.metric)) continue;
    if (metric.state !== "running" || metric.stoppedAt !== null || !metric.dueAt) continue;
    if (metric.dueAt <= now) continue;
    if (!nearest?.dueAt || metric.dueAt < nearest.dueAt) nearest = metric;
  }
  if (nearest?.dueAt) {
    const calendar = settings.calendars[nearest.calendar];
    const minutes = nearest.remainingMinutes * share;
    const dueAt = calendar
      ? calendar.addWorkingMinutes(now, minutes)
      : new Date(now.getTime() + (nearest.dueAt.getTime() - now.getTime()) * share);
    return {
      dueAt: new Date(Math.min(dueAt.getTime(), nearest.dueAt.getTime())),
      slaMetric: nearest.metric,
      slaDueAt: nearest.dueAt,
    };
  }
  const office = settings.calendars.office;
  const dueAt = office
    ? office.addWorkingMinutes(now, FALLBACK_WORKING_MINUTES)
    : new Date(now.getTime() + FALLBACK_WORKING_MINUTES * 60_000);
  return { dueAt, slaMetric: null, slaDueAt: null };
}
