import type { Clock } from "@otklik/core";
import type { Executor, Jobs } from "@otklik/db";
import type { Actor } from "@otklik/identity";
import type { BusinessCalendar, SlaPolicy } from "@otklik/sla";

/** The SLA policy and calendars the desk measures its deadlines with. */
export interface SlaSettings {
  policy: SlaPolicy;
  calendars: Readonly<Record<string, BusinessCalendar>>;
  /**
   * The number of `policy` among the stored versions (`createSlaSettingsStore`). When set, a new
   * incident records it, and is measured by that version for good.
   */
  policyVersion?: number;
  /** Every stored version, so incidents registered under an older one keep its deadlines (1: the configured). */
  policyVersions?: ReadonlyMap<number, SlaPolicy>;
}

/**
 * What every service verb of the incident desk takes: its database, the time, who acts, and
 * optionally the job runner (SLA deadlines and reply deliveries are scheduled through it; without
 * one, the start-up catch-up and a later `scheduleSlaJobs` cover them) and the SLA settings
 * (Abakan's by default).
 */
export interface IncidentContext {
  db: Executor;
  clock: Clock;
  actor: Actor;
  jobs?: Jobs;
  sla?: SlaSettings;
}
