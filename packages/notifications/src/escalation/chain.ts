import type { BusinessCalendar } from "@otklik/sla";
import { z } from "zod";

/** Who a level of the chain reaches. */
export const EscalationLevel = z.enum(["executor", "head", "deputy"]);
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** One step: whom, and how long after the previous step (minutes). */
export const EscalationStep = z.object({
  level: EscalationLevel,
  delayMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

/** The chain: executor at once, the department head after 30 minutes, the deputy head an hour later. */
export const DEFAULT_ESCALATION_CHAIN: readonly EscalationStep[] = [
  { level: "executor", delayMinutes: 0 },
  { level: "head", delayMinutes: 30 },
  { level: "deputy", delayMinutes: 60 },
];

/** When each step of the chain is due. */
export interface PlannedStep {
  position: number;
  level: EscalationLevel;
  dueAt: Date;
}

/**
 * When each step of a breach's escalation is due. An urgent incident escalates at once and its
 * delays are real minutes. A non-urgent one follows the desk's duty calendar: outside duty hours
 * it waits for the next duty period, and its delays are duty minutes (the chain never wakes a
 * deputy head at night over a pothole).
 */
export function planEscalation(args: {
  breachedAt: Date;
  urgent: boolean;
  chain: readonly EscalationStep[];
  dutyCalendar: BusinessCalendar;
}): PlannedStep[] {
  const { breachedAt, urgent, chain, dutyCalendar } = args;
  const start = urgent ? breachedAt : dutyCalendar.nextWorkingTime(breachedAt);
  let elapsed = 0;
  return chain.map((step, position) => {
    elapsed += step.delayMinutes;
    const dueAt = urgent
      ? new Date(start.getTime() + elapsed * 60_000)
      : dutyCalendar.nextWorkingTime(dutyCalendar.addWorkingMinutes(start, elapsed));
    return { position, level: step.level, dueAt };
  });
}

/** Whether an escalation stops: the incident moved (status, assignment, reply) after the breach. */
export function escalationStops(args: { breachedAt: Date; lastMovedAt: Date | null }): boolean {
  return args.lastMovedAt !== null && args.lastMovedAt.getTime() > args.breachedAt.getTime();
}
