import { abakanCalendars } from "@otklik/sla";
import { describe, expect, it } from "vitest";
import { DEFAULT_ESCALATION_CHAIN, escalationStops, planEscalation } from "./chain.js";

const duty = abakanCalendars().duty!;
const at = (plan: ReturnType<typeof planEscalation>) =>
  plan.map((step) => [step.level, step.dueAt.toISOString()]);

describe("escalation chains", () => {
  it("go executor → head → deputy head after the configured delays within duty hours", () => {
    // 10:00 on a Friday in Abakan.
    const plan = planEscalation({
      breachedAt: new Date("2026-11-27T03:00:00Z"),
      urgent: false,
      chain: DEFAULT_ESCALATION_CHAIN,
      dutyCalendar: duty,
    });
    expect(at(plan)).toEqual([
      ["executor", "2026-11-27T03:00:00.000Z"],
      ["head", "2026-11-27T03:30:00.000Z"],
      ["deputy", "2026-11-27T04:30:00.000Z"],
    ]);
  });

  it("make a non-urgent breach outside duty hours wait for the next duty period", () => {
    // 23:00 Friday; Saturday's duty opens at 09:00 (02:00Z).
    const plan = planEscalation({
      breachedAt: new Date("2026-11-27T16:00:00Z"),
      urgent: false,
      chain: DEFAULT_ESCALATION_CHAIN,
      dutyCalendar: duty,
    });
    expect(at(plan)).toEqual([
      ["executor", "2026-11-28T02:00:00.000Z"],
      ["head", "2026-11-28T02:30:00.000Z"],
      ["deputy", "2026-11-28T03:30:00.000Z"],
    ]);
  });

  it("count delays in duty minutes, carrying over closing time", () => {
    // 19:45 Friday: 15 duty minutes left; the head's 30 minutes end at 09:15 Saturday.
    const plan = planEscalation({
      breachedAt: new Date("2026-11-27T12:45:00Z"),
      urgent: false,
      chain: DEFAULT_ESCALATION_CHAIN,
      dutyCalendar: duty,
    });
    expect(plan[1]!.dueAt.toISOString()).toBe("2026-11-28T02:15:00.000Z");
  });

  it("escalate an urgent incident at once, at night too, in real minutes", () => {
    const plan = planEscalation({
      breachedAt: new Date("2026-11-27T16:00:00Z"),
      urgent: true,
      chain: DEFAULT_ESCALATION_CHAIN,
      dutyCalendar: duty,
    });
    expect(at(plan)).toEqual([
      ["executor", "2026-11-27T16:00:00.000Z"],
      ["head", "2026-11-27T16:30:00.000Z"],
      ["deputy", "2026-11-27T17:30:00.000Z"],
    ]);
  });

  it("stop once the incident moved after the breach", () => {
    const breachedAt = new Date("2026-11-27T03:00:00Z");
    expect(escalationStops({ breachedAt, lastMovedAt: null })).toBe(false);
    expect(escalationStops({ breachedAt, lastMovedAt: new Date("2026-11-27T02:00:00Z") })).toBe(false);
    expect(escalationStops({ breachedAt, lastMovedAt: new Date("2026-11-27T03:10:00Z") })).toBe(true);
  });
});
