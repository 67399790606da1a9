import {
  ABAKAN_SLA_POLICY,
  abakanCalendars,
  evaluateSla,
  IncidentEvent,
  type SlaEvaluation,
  type SlaPolicy,
} from "@otklik/sla";
import type { IncidentContext, SlaSettings } from "../context.js";

let abakan: SlaSettings | undefined;

/** The SLA settings of a context: its own, or Abakan's policy and calendars. */
export function slaSettings(context: Pick<IncidentContext, "sla">): SlaSettings {
  if (context.sla) return context.sla;
  abakan ??= { policy: ABAKAN_SLA_POLICY, calendars: abakanCalendars() };
  return abakan;
}

/** Stored SLA events (JSON, instants as ISO strings) as `@otklik/sla` reads them. */
export function parseSlaEvents(stored: readonly Record<string, unknown>[]): IncidentEvent[] {
  return stored.map((event) => IncidentEvent.parse(event));
}

/** SLA events ready to be stored as JSON. */
export function storableSlaEvents(events: readonly IncidentEvent[]): Record<string, unknown>[] {
  return events.map((event) => {
    const { at, ...rest } = event;
    return { ...rest, at: new Date(at).toISOString() } as Record<string, unknown>;
  });
}

/**
 * Marks stored SLA events with the policy version they start under: the `created` event keeps
 * `policyVersion` (ignored by `@otklik/sla`, read by {@link incidentPolicy}).
 */
export function stampPolicyVersion(
  settings: SlaSettings,
  stored: Record<string, unknown>[],
): Record<string, unknown>[] {
  const version = settings.policyVersion;
  if (version === undefined || stored[0]?.type !== "created") return stored;
  return [{ ...stored[0], policyVersion: version }, ...stored.slice(1)];
}

/**
 * The policy an incident is measured by: the version its `created` event records (unmarked: version
 * 1, the configured policy, when versions are kept), else the settings' policy.
 */
export function incidentPolicy(settings: SlaSettings, stored: readonly Record<string, unknown>[]): SlaPolicy {
  const versions = settings.policyVersions;
  if (!versions) return settings.policy;
  const stamp = stored[0]?.policyVersion;
  return versions.get(typeof stamp === "number" ? stamp : 1) ?? settings.policy;
}

/** Evaluates an incident's SLA clocks at `now`, by the policy version it was registered under. */
export function evaluateIncidentSla(
  settings: SlaSettings,
  stored: readonly Record<string, unknown>[],
  now: Date,
): SlaEvaluation {
  return evaluateSla({
    policy: incidentPolicy(settings, stored),
    events: parseSlaEvents(stored),
    now,
    calendars: settings.calendars,
  });
}

/** The summary kept on the incident row for the queue: the nearest open deadline and the worst state. */
export function slaSummary(evaluation: SlaEvaluation): { dueAt: Date | null; slaState: string } {
  let dueAt: Date | null = null;
  let breached = false;
  let running = false;
  let paused = false;
  for (const metric of evaluation.metrics) {
    if (metric.state === "breached") breached = true;
    if (metric.state === "running") running = true;
    if (metric.state === "paused") paused = true;
    if (
      (metric.state === "running" || metric.state === "breached") &&
      metric.stoppedAt === null &&
      metric.dueAt
    ) {
      if (dueAt === null || metric.dueAt < dueAt) dueAt = metric.dueAt;
    }
  }
  const slaState = breached ? "breached" : running ? "running" : paused ? "paused" : "met";
  return { dueAt, slaState };
}

/** One metric's state as the API answers it: state, due, elapsed and remaining minutes. */
export interface SlaMetricView {
  metric: string;
  rule: string;
  state: string;
  cycle: number;
  startedAt: string;
  dueAt: string | null;
  stoppedAt: string | null;
  breachedAt: string | null;
  targetMinutes: number;
  elapsedMinutes: number;
  remainingMinutes: number;
}

/** The SLA evaluation as plain JSON. */
export function slaView(evaluation: SlaEvaluation): SlaMetricView[] {
  return evaluation.metrics.map((metric) => ({
    metric: metric.metric,
    rule: metric.rule,
    state: metric.state,
    cycle: metric.cycle,
    startedAt: metric.startedAt.toISOString(),
    dueAt: metric.dueAt?.toISOString() ?? null,
    stoppedAt: metric.stoppedAt?.toISOString() ?? null,
    breachedAt: metric.breachedAt?.toISOString() ?? null,
    targetMinutes: metric.targetMinutes,
    elapsedMinutes: Math.round(metric.elapsedMinutes * 10) / 10,
    remainingMinutes: Math.round(metric.remainingMinutes * 10) / 10,
  }));
}
