import { alwaysOpenCalendar } from "../calendar/always-open-calendar.js";
import type { BusinessCalendar } from "../calendar/business-calendar.js";
import { CalendarConfigurationError } from "../calendar/calendar-configuration-error.js";
import type { IncidentAttributes } from "../policy/select-target.js";
import { selectTarget } from "../policy/select-target.js";
import type { SlaMetricDefinition, SlaPolicy, SlaTarget, SlaWarning } from "../policy/sla-policy.js";
import { MILLISECONDS_PER_MINUTE } from "../time/civil-date.js";
import { type Instant, toEpochMilliseconds } from "../time/instant.js";
import type { IncidentEvent } from "./incident-event.js";
import type { SlaMetricEvaluation, SlaMetricState, SlaWarningStatus } from "./metric-evaluation.js";

/** The id under which the 24/7 calendar is found when the caller does not pass one. */
export const ALWAYS_OPEN = "always-open";
const defaultAlwaysOpen = alwaysOpenCalendar();

/** Input of {@link evaluateSlaMetric}. */
export interface EvaluateSlaMetricInput {
  readonly policy: SlaPolicy;
  readonly metric: string;
  /** The incident's events in any order; those after `now` are ignored. */
  readonly events: readonly IncidentEvent[];
  readonly now: Instant;
  /** Calendars by id, as the policy's targets name them. */
  readonly calendars: Readonly<Record<string, BusinessCalendar>>;
}

interface RunningSegment {
  readonly from: number;
  readonly to: number;
  readonly calendar: BusinessCalendar;
  /** Elapsed working milliseconds before the segment. */
  readonly elapsedBefore: number;
  readonly worked: number;
}

/**
 * Evaluates one SLA metric of an incident from its event log at `now`: a pure function of
 * (policy, events, now, calendars). Time spent is kept across reassignment and policy changes;
 * pauses count only the working time they cover; reopening starts a new resolution cycle and never
 * reopens a met reply.
 */
export function evaluateSlaMetric(input: EvaluateSlaMetricInput): SlaMetricEvaluation {
  const now = toEpochMilliseconds(input.now);
  const events = input.events
    .map((event, index) => ({ event, index, at: toEpochMilliseconds(event.at) }))
    .filter((entry) => entry.at <= now)
    .sort((left, right) => left.at - right.at || left.index - right.index);
  const createdIndex = events.findIndex((entry) => entry.event.type === "created");
  if (createdIndex < 0)
    throw new RangeError('The incident\'s events contain no "created" event at or before now');
  const created = events[createdIndex]!;

  let policy = input.policy;
  const definition = metricDefinition(policy, input.metric);
  const attributes: { -readonly [K in keyof IncidentAttributes]: IncidentAttributes[K] } = {};
  if (created.event.type === "created") {
    attributes.category = created.event.category;
    attributes.channel = created.event.channel;
    attributes.priority = created.event.priority;
    attributes.department = created.event.department;
  }

  let cycle = 1;
  let cycleStart = created.at;
  let stoppedAt: number | null = null;
  let elapsedAtStop = 0;
  let paused = false;
  let elapsed = 0;
  let pausedWorked = 0;
  let stateSince = cycleStart;
  let segments: RunningSegment[] = [];
  let selection = select(policy, input.metric, attributes, input.calendars);
  let targetMilliseconds = targetInMilliseconds(selection.target.target, selection.calendar, cycleStart);

  const advance = (to: number): void => {
    if (stoppedAt === null && to > stateSince) {
      const worked = Math.round(
        selection.calendar.workingMinutesBetween(stateSince, to) * MILLISECONDS_PER_MINUTE,
      );
      if (paused) pausedWorked += worked;
      else {
        segments.push({ from: stateSince, to, calendar: selection.calendar, elapsedBefore: elapsed, worked });
        elapsed += worked;
      }
    }
    stateSince = to;
  };
  const reselect = (): void => {
    selection = select(policy, input.metric, attributes, input.calendars);
    targetMilliseconds = targetInMilliseconds(selection.target.target, selection.calendar, cycleStart);
  };
  const stop = (at: number): void => {
    if (stoppedAt !== null) return;
    stoppedAt = at;
    elapsedAtStop = elapsed;
  };

  for (let index = createdIndex + 1; index < events.length; index++) {
    const { event, at } = events[index]!;
    advance(at);
    switch (event.type) {
      case "status-changed":
        paused = (policy.pausingStatuses ?? []).includes(event.status);
        break;
      case "classified":
        if (event.category !== undefined) attributes.category = event.category;
        if (event.channel !== undefined) attributes.channel = event.channel;
        if (event.priority !== undefined) attributes.priority = event.priority;
        reselect();
        break;
      case "reassigned":
        attributes.department = event.department;
        reselect();
        break;
      case "policy-changed":
        policy = event.policy;
        metricDefinition(policy, input.metric);
        reselect();
        break;
      case "public-reply":
        if (definition.stopsOn === "public-reply") stop(at);
        break;
      case "answered":
        if (definition.stopsOn !== "resolution") stop(at);
        break;
      case "resolved":
        stop(at);
        break;
      case "reopened":
        if (definition.stopsOn === "resolution" && stoppedAt !== null) {
          cycle++;
          cycleStart = at;
          stoppedAt = null;
          elapsed = 0;
          pausedWorked = 0;
          segments = [];
          stateSince = at;
          targetMilliseconds = targetInMilliseconds(selection.target.target, selection.calendar, cycleStart);
        }
        break;
      case "created":
        break;
    }
  }
  advance(now);

  const stopped = stoppedAt !== null;
  const counted = stopped ? elapsedAtStop : elapsed;
  const running = !stopped && !paused;
  const calendar = selection.calendar;
  /** When the clock reached `threshold` elapsed milliseconds, or will if it keeps running. */
  const crossing = (threshold: number): { at: number | null; reached: boolean } => {
    if (threshold <= 0) return { at: cycleStart, reached: true };
    for (const segment of segments) {
      if (segment.elapsedBefore < threshold && threshold <= segment.elapsedBefore + segment.worked) {
        const minutes = (threshold - segment.elapsedBefore) / MILLISECONDS_PER_MINUTE;
        return { at: segment.calendar.addWorkingMinutes(segment.from, minutes).getTime(), reached: true };
      }
    }
    if (!running) return { at: null, reached: false };
    const minutes = (threshold - elapsed) / MILLISECONDS_PER_MINUTE;
    return { at: calendar.addWorkingMinutes(now, minutes).getTime(), reached: false };
  };

  const due = crossing(targetMilliseconds);
  let state: SlaMetricState;
  if (stopped) state = counted <= targetMilliseconds ? "met" : "breached";
  else if (counted >= targetMilliseconds) state = "breached";
  else state = paused ? "paused" : "running";

  const warnings: SlaWarningStatus[] = (selection.target.warnings ?? []).map((warning) => {
    const threshold = warningThreshold(warning, targetMilliseconds);
    const reachedAt = crossing(threshold);
    return {
      warning,
      atElapsedMinutes: threshold / MILLISECONDS_PER_MINUTE,
      at: reachedAt.at === null ? null : new Date(reachedAt.at),
      reached: reachedAt.reached,
    };
  });

  let nextChangeAt: number | null = null;
  if (running && state === "running") {
    for (const candidate of [due.at, ...warnings.map((warning) => warning.at?.getTime() ?? null)]) {
      if (candidate !== null && candidate > now && (nextChangeAt === null || candidate < nextChangeAt)) {
        nextChangeAt = candidate;
      }
    }
    // A deadline of exactly `now` flips to breached at `now` itself, which the state already shows.
  }

  return {
    metric: input.metric,
    rule: selection.target.rule,
    calendar: selection.calendarId,
    state,
    cycle,
    startedAt: new Date(cycleStart),
    stoppedAt: stoppedAt === null ? null : new Date(stoppedAt),
    dueAt: due.at === null || (state === "met" && !due.reached) ? null : new Date(due.at),
    breachedAt: state === "breached" && due.at !== null ? new Date(due.at) : null,
    targetMinutes: targetMilliseconds / MILLISECONDS_PER_MINUTE,
    elapsedMinutes: counted / MILLISECONDS_PER_MINUTE,
    pausedMinutes: pausedWorked / MILLISECONDS_PER_MINUTE,
    remainingMinutes: Math.max(0, targetMilliseconds - counted) / MILLISECONDS_PER_MINUTE,
    warnings,
    nextChangeAt: nextChangeAt === null ? null : new Date(nextChangeAt),
  };
}

function metricDefinition(policy: SlaPolicy, metric: string): SlaMetricDefinition {
  const definition = policy.metrics.find((candidate) => candidate.name === metric);
  if (!definition) {
    throw new CalendarConfigurationError(`Policy "${policy.name}" has no metric "${metric}"`);
  }
  return definition;
}

interface Selection {
  readonly target: {
    readonly rule: string;
    readonly target: SlaTarget;
    readonly warnings?: readonly SlaWarning[];
  };
  readonly calendarId: string;
  readonly calendar: BusinessCalendar;
}

function select(
  policy: SlaPolicy,
  metric: string,
  attributes: IncidentAttributes,
  calendars: Readonly<Record<string, BusinessCalendar>>,
): Selection {
  const selected = selectTarget(policy, metric, attributes);
  if (!selected) {
    throw new CalendarConfigurationError(
      `Policy "${policy.name}" has no rule matching this incident for "${metric}"`,
    );
  }
  const { target } = selected;
  const calendarId = target.target.unit === "calendar-minutes" ? ALWAYS_OPEN : target.calendar!;
  const calendar = calendars[calendarId] ?? (calendarId === ALWAYS_OPEN ? defaultAlwaysOpen : undefined);
  if (!calendar) {
    throw new CalendarConfigurationError(
      `Calendar "${calendarId}" used by rule "${selected.rule}" for "${metric}" is not among the calendars given`,
    );
  }
  const warnings = target.warnings;
  return {
    target: warnings
      ? { rule: selected.rule, target: target.target, warnings }
      : { rule: selected.rule, target: target.target },
    calendarId,
    calendar,
  };
}

function targetInMilliseconds(target: SlaTarget, calendar: BusinessCalendar, cycleStart: number): number {
  if (target.unit === "working-days") {
    const close = calendar.addWorkingDays(cycleStart, target.amount);
    return Math.round(calendar.workingMinutesBetween(cycleStart, close) * MILLISECONDS_PER_MINUTE);
  }
  return Math.round(target.amount * MILLISECONDS_PER_MINUTE);
}

function warningThreshold(warning: SlaWarning, target: number): number {
  const threshold =
    "share" in warning
      ? Math.round(target * warning.share)
      : target - Math.round(warning.minutesBefore * MILLISECONDS_PER_MINUTE);
  return Math.min(target, Math.max(0, threshold));
}
