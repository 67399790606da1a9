import { z } from "zod";

/** How long a metric may run: real minutes, working minutes of its calendar, or working days. */
export const SlaTarget = z.discriminatedUnion("unit", [
  z.object({ unit: z.literal("calendar-minutes"), amount: z.number().positive() }),
  z.object({ unit: z.literal("working-minutes"), amount: z.number().positive() }),
  z.object({ unit: z.literal("working-days"), amount: z.number().int().positive() }),
]);
export type SlaTarget = z.infer<typeof SlaTarget>;

/** When to warn: at a share of the target, or a number of (working) minutes before the deadline. */
export const SlaWarning = z.union([
  z.object({ share: z.number().gt(0).lt(1) }).strict(),
  z.object({ minutesBefore: z.number().positive() }).strict(),
]);
export type SlaWarning = z.infer<typeof SlaWarning>;

/** A metric's target within one rule: how long, on which calendar, with which warnings. */
export const SlaMetricTarget = z
  .object({
    target: SlaTarget,
    /** Id of a calendar among those passed to the evaluation; omit for calendar minutes. */
    calendar: z.string().min(1).optional(),
    warnings: z.array(SlaWarning).optional(),
  })
  .refine((value) => value.target.unit === "calendar-minutes" || value.calendar !== undefined, {
    message: "A target in working minutes or working days needs a calendar",
    path: ["calendar"],
  });
export type SlaMetricTarget = z.infer<typeof SlaMetricTarget>;

/** Incident attributes a rule can match on; a missing field matches anything. */
export const SlaConditions = z
  .object({
    category: z.array(z.string()).optional(),
    channel: z.array(z.string()).optional(),
    priority: z.array(z.string()).optional(),
    department: z.array(z.string()).optional(),
  })
  .strict();
export type SlaConditions = z.infer<typeof SlaConditions>;

/** Ordered rules: for each metric, the first matching rule that sets a target for it wins. */
export const SlaRule = z.object({
  name: z.string().min(1),
  when: SlaConditions.optional(),
  targets: z.record(z.string(), SlaMetricTarget),
});
export type SlaRule = z.infer<typeof SlaRule>;

/**
 * What stops a metric: the first public reply (an answer or a resolution also count), the answer
 * on the source platform (a resolution also counts), or the resolution (reopening starts a new cycle).
 */
export const SlaStopEvent = z.enum(["public-reply", "answer", "resolution"]);
export type SlaStopEvent = z.infer<typeof SlaStopEvent>;

export const SlaMetricDefinition = z.object({ name: z.string().min(1), stopsOn: SlaStopEvent });
export type SlaMetricDefinition = z.infer<typeof SlaMetricDefinition>;

/**
 * An SLA policy: metrics, statuses that pause the clocks, and ordered rules ending with a default
 * (a rule without conditions that sets every metric).
 */
export const SlaPolicy = z
  .object({
    name: z.string().min(1),
    metrics: z.array(SlaMetricDefinition).min(1),
    /** Statuses that stop the clocks while the incident is in them, e.g. "waiting-for-citizen". */
    pausingStatuses: z.array(z.string()).optional(),
    rules: z.array(SlaRule).min(1),
  })
  .superRefine((policy, context) => {
    const names = new Set(policy.metrics.map((metric) => metric.name));
    if (names.size !== policy.metrics.length) {
      context.addIssue({ code: "custom", message: "Metric names must be unique", path: ["metrics"] });
    }
    policy.rules.forEach((rule, index) => {
      for (const metric of Object.keys(rule.targets)) {
        if (!names.has(metric)) {
          context.addIssue({
            code: "custom",
            message: `Rule "${rule.name}" sets a target for unknown metric "${metric}"`,
            path: ["rules", index, "targets", metric],
          });
        }
      }
    });
    const last = policy.rules[policy.rules.length - 1]!;
    if (last.when !== undefined && Object.values(last.when).some((values) => values !== undefined)) {
      context.addIssue({
        code: "custom",
        message: `The last rule ("${last.name}") must be the default: a rule without conditions`,
        path: ["rules", policy.rules.length - 1, "when"],
      });
    }
    for (const metric of names) {
      if (!(metric in last.targets)) {
        context.addIssue({
          code: "custom",
          message: `The default rule ("${last.name}") sets no target for metric "${metric}"`,
          path: ["rules", policy.rules.length - 1, "targets"],
        });
      }
    }
  });
export type SlaPolicy = z.infer<typeof SlaPolicy>;
