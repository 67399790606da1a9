import type { SlaMetricTarget, SlaPolicy } from "./sla-policy.js";

/** The attributes of an incident that rules match on. */
export interface IncidentAttributes {
  readonly category?: string | undefined;
  readonly channel?: string | undefined;
  readonly priority?: string | undefined;
  readonly department?: string | undefined;
}

/** The rule that sets a metric's target for an incident, and that target. */
export interface SelectedTarget {
  readonly rule: string;
  readonly target: SlaMetricTarget;
}

const FIELDS = ["category", "channel", "priority", "department"] as const;

/**
 * The first rule, in order, whose conditions all match and that sets a target for `metric`.
 * Undefined when no rule does (a policy validated by `SlaPolicy` always has a default).
 */
export function selectTarget(
  policy: SlaPolicy,
  metric: string,
  attributes: IncidentAttributes,
): SelectedTarget | undefined {
  for (const rule of policy.rules) {
    const target = rule.targets[metric];
    if (target === undefined) continue;
    const conditions = rule.when ?? {};
    const matches = FIELDS.every((field) => {
      const allowed = conditions[field];
      if (allowed === undefined) return true;
      const value = attributes[field];
      return value !== undefined && allowed.includes(value);
    });
    if (matches) return { rule: rule.name, target };
  }
  return undefined;
}
