import { type EvaluateSlaMetricInput, evaluateSlaMetric } from "./evaluate-metric.js";
import type { SlaEvaluation } from "./metric-evaluation.js";

/** Input of {@link evaluateSla}: as for one metric, without naming it. */
export type EvaluateSlaInput = Omit<EvaluateSlaMetricInput, "metric">;

/**
 * Evaluates every metric of the policy for one incident at `now`, and the earliest instant at which
 * any of them changes, for a scheduler to wake up.
 */
export function evaluateSla(input: EvaluateSlaInput): SlaEvaluation {
  const metrics = input.policy.metrics.map((definition) =>
    evaluateSlaMetric({ ...input, metric: definition.name }),
  );
  let nextChangeAt: Date | null = null;
  for (const metric of metrics) {
    if (metric.nextChangeAt && (nextChangeAt === null || metric.nextChangeAt < nextChangeAt)) {
      nextChangeAt = metric.nextChangeAt;
    }
  }
  return { metrics, nextChangeAt };
}
