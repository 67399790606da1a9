import { z } from "zod";
import { SlaPolicy } from "../policy/sla-policy.js";

const at = z.coerce.date();

/**
 * What happened to an incident, as the SLA clocks need it. `at` accepts a Date, an ISO string or
 * epoch milliseconds when parsed.
 */
export const IncidentEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("created"),
    at,
    category: z.string().optional(),
    channel: z.string().optional(),
    priority: z.string().optional(),
    department: z.string().optional(),
  }),
  /** Category, channel or priority changed: the matching rule may change; time spent is kept. */
  z.object({
    type: z.literal("classified"),
    at,
    category: z.string().optional(),
    channel: z.string().optional(),
    priority: z.string().optional(),
  }),
  /** Handed to another department: the matching rule and calendar may change; time spent is kept. */
  z.object({ type: z.literal("reassigned"), at, department: z.string() }),
  /** Entered a status; a pausing status (per policy) stops the clocks until the next status. */
  z.object({ type: z.literal("status-changed"), at, status: z.string() }),
  /** A public reply to the citizen. */
  z.object({ type: z.literal("public-reply"), at }),
  /** The answer on the source platform (also a public reply). */
  z.object({ type: z.literal("answered"), at }),
  z.object({ type: z.literal("resolved"), at }),
  /** Reopened after resolution: a new resolution cycle starts; met replies stay met. */
  z.object({ type: z.literal("reopened"), at }),
  /** A new policy from this instant on; elapsed and paused time are kept. */
  z.object({ type: z.literal("policy-changed"), at, policy: SlaPolicy }),
]);
export type IncidentEvent = z.infer<typeof IncidentEvent>;
