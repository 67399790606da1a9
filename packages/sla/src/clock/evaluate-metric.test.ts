import { describe, expect, it } from "vitest";
import { createBusinessCalendar } from "../calendar/interval-calendar.js";
import { ABAKAN_SLA_POLICY, abakanCalendars } from "../policy/abakan-policy.js";
import { SlaPolicy } from "../policy/sla-policy.js";
import { evaluateSlaMetric } from "./evaluate-metric.js";
import { evaluateSla } from "./evaluate-sla.js";
import type { IncidentEvent } from "./incident-event.js";

/** Local Abakan time (UTC+7). */
const local = (text: string): Date => new Date(`${text}+07:00`);
const calendars = abakanCalendars();
const policy = ABAKAN_SLA_POLICY;

function evaluate(metric: string, events: IncidentEvent[], now: string, options = { policy, calendars }) {
  return evaluateSlaMetric({ ...options, metric, events, now: local(now) });
}

describe("first public reply (2 hours of the desk's duty calendar)", () => {
  it("starts counting at the next duty opening when created at night", () => {
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-03-02T23:00:00") }];
    const result = evaluate("first-reply", events, "2026-03-03T07:00:00");
    expect(result).toMatchObject({ state: "running", rule: "default", calendar: "duty", elapsedMinutes: 0 });
    expect(result.dueAt).toEqual(local("2026-03-03T10:00:00"));
  });

  it("runs on weekends by the duty hours", () => {
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-03-07T17:30:00") }]; // a Saturday
    expect(evaluate("first-reply", events, "2026-03-07T17:30:00").dueAt).toEqual(
      local("2026-03-08T10:30:00"),
    );
  });

  it("is met by a reply before the deadline, and stays met", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00") },
      { type: "public-reply", at: local("2026-03-02T11:15:00") },
    ];
    const result = evaluate("first-reply", events, "2026-03-05T00:00:00");
    expect(result).toMatchObject({
      state: "met",
      elapsedMinutes: 75,
      remainingMinutes: 45,
      dueAt: null,
      nextChangeAt: null,
    });
    expect(result.stoppedAt).toEqual(local("2026-03-02T11:15:00"));
  });

  it("counts a reply exactly at the deadline as met", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00") },
      { type: "public-reply", at: local("2026-03-02T12:00:00") },
    ];
    expect(evaluate("first-reply", events, "2026-03-02T13:00:00")).toMatchObject({
      state: "met",
      remainingMinutes: 0,
    });
  });

  it("is breached when the deadline passes without a reply, with the breach instant", () => {
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-03-02T19:30:00") }];
    const result = evaluate("first-reply", events, "2026-03-03T12:00:00");
    expect(result.state).toBe("breached");
    expect(result.breachedAt).toEqual(local("2026-03-03T09:30:00"));
    expect(result.nextChangeAt).toBeNull();
  });

  it("runs on real time across midnight for urgent incidents", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T23:30:00"), priority: "urgent" },
    ];
    const result = evaluate("first-reply", events, "2026-03-02T23:30:00");
    expect(result).toMatchObject({ rule: "urgent", calendar: "always-open" });
    expect(result.dueAt).toEqual(local("2026-03-03T01:30:00"));
  });

  it("reports warnings due and the next instant anything changes", () => {
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-03-02T10:00:00") }];
    const result = evaluate("first-reply", events, "2026-03-02T11:10:00");
    expect(result.warnings.map((warning) => [warning.atElapsedMinutes, warning.reached, warning.at])).toEqual(
      [
        [60, true, local("2026-03-02T11:00:00")],
        [105, false, local("2026-03-02T11:45:00")],
      ],
    );
    expect(result.nextChangeAt).toEqual(local("2026-03-02T11:45:00"));
    expect(
      evaluateSla({ policy, events, now: local("2026-03-02T11:10:00"), calendars }).nextChangeAt,
    ).toEqual(local("2026-03-02T11:45:00"));
  });
});

describe("platform answer (9 working hours of the production calendar)", () => {
  it("waits out a holiday block when created on a holiday", () => {
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-01-05T10:00:00") }];
    expect(evaluate("platform-answer", events, "2026-01-05T10:00:00").dueAt).toEqual(
      local("2026-01-13T09:00:00"),
    );
  });

  it("puts a deadline that lands on closing time at closing time", () => {
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-03-02T16:00:00") }];
    expect(evaluate("platform-answer", events, "2026-03-02T16:00:00").dueAt).toEqual(
      local("2026-03-03T17:00:00"),
    );
  });

  it("adds nothing for a pause outside working hours", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00") },
      { type: "status-changed", at: local("2026-03-02T17:30:00"), status: "waiting-for-citizen" },
      { type: "status-changed", at: local("2026-03-03T07:30:00"), status: "in-progress" },
    ];
    const result = evaluate("platform-answer", events, "2026-03-03T08:00:00");
    expect(result).toMatchObject({ state: "running", pausedMinutes: 0, elapsedMinutes: 360 });
    expect(result.dueAt).toEqual(local("2026-03-03T11:00:00"));
  });

  it("extends the deadline by the working time of a pause spanning the New Year holidays", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2025-12-30T10:00:00") },
      { type: "status-changed", at: local("2025-12-30T11:00:00"), status: "waiting-for-citizen" },
      { type: "status-changed", at: local("2026-01-12T09:00:00"), status: "in-progress" },
    ];
    const whilePaused = evaluate("platform-answer", events.slice(0, 2), "2026-01-05T12:00:00");
    expect(whilePaused).toMatchObject({
      state: "paused",
      dueAt: null,
      nextChangeAt: null,
      elapsedMinutes: 60,
    });
    const result = evaluate("platform-answer", events, "2026-01-12T09:00:00");
    expect(result).toMatchObject({ state: "running", elapsedMinutes: 60, pausedMinutes: 360 });
    expect(result.dueAt).toEqual(local("2026-01-13T09:00:00"));
  });

  it("is stopped by the platform answer but not by an ordinary public reply", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00") },
      { type: "public-reply", at: local("2026-03-02T10:30:00") },
    ];
    expect(evaluate("platform-answer", events, "2026-03-02T11:00:00").state).toBe("running");
    events.push({ type: "answered", at: local("2026-03-02T11:00:00") });
    expect(evaluate("platform-answer", events, "2026-03-02T12:00:00").state).toBe("met");
  });
});

describe("resolution in working days", () => {
  it("is due at the close of the n-th working day after the day of creation", () => {
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-03-02T10:00:00") }];
    const result = evaluate("resolution", events, "2026-03-02T10:00:00");
    expect(result.dueAt).toEqual(local("2026-03-10T17:00:00")); // five working days: 3, 4, 5, 6 and (after 7–9 March) 10 March
    expect(result.targetMinutes).toBe(360 + 480 * 5); // the rest of the 2nd, then five full days
  });

  it("uses the category's days", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00"), category: "heating" },
    ];
    expect(evaluate("resolution", events, "2026-03-02T10:00:00").dueAt).toEqual(local("2026-03-03T17:00:00"));
  });

  it("starts a new cycle on reopening but never reopens a met first reply", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00"), category: "heating" },
      { type: "public-reply", at: local("2026-03-02T10:30:00") },
      { type: "resolved", at: local("2026-03-03T12:00:00") },
      { type: "reopened", at: local("2026-03-04T09:00:00") },
    ];
    const resolution = evaluate("resolution", events, "2026-03-04T10:00:00");
    expect(resolution).toMatchObject({ state: "running", cycle: 2, elapsedMinutes: 60 });
    expect(resolution.startedAt).toEqual(local("2026-03-04T09:00:00"));
    expect(resolution.dueAt).toEqual(local("2026-03-05T17:00:00"));
    const firstReply = evaluate("first-reply", events, "2026-03-04T10:00:00");
    expect(firstReply).toMatchObject({ state: "met", cycle: 1 });
    expect(firstReply.stoppedAt).toEqual(local("2026-03-02T10:30:00"));
  });
});

describe("changes mid-way keep the time already spent", () => {
  const departments = SlaPolicy.parse({
    name: "departments",
    metrics: [{ name: "answer", stopsOn: "answer" }],
    rules: [
      {
        name: "evening service",
        when: { department: ["evening-service"] },
        targets: { answer: { target: { unit: "working-minutes", amount: 240 }, calendar: "evening" } },
      },
      {
        name: "default",
        targets: { answer: { target: { unit: "working-minutes", amount: 240 }, calendar: "office" } },
      },
    ],
  });
  const withEvening = {
    ...calendars,
    evening: createBusinessCalendar({
      timeZone: "Asia/Krasnoyarsk",
      hours: { mon: [["18:00", "22:00"]], tue: [["18:00", "22:00"]] },
    }),
  };

  it("carries elapsed time over to the new department's calendar on reassignment", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T09:00:00"), department: "housing" },
      { type: "reassigned", at: local("2026-03-02T11:00:00"), department: "evening-service" },
    ];
    const result = evaluateSlaMetric({
      policy: departments,
      calendars: withEvening,
      metric: "answer",
      events,
      now: local("2026-03-02T15:00:00"),
    });
    expect(result).toMatchObject({
      rule: "evening service",
      calendar: "evening",
      elapsedMinutes: 120,
      remainingMinutes: 120,
    });
    expect(result.dueAt).toEqual(local("2026-03-02T20:00:00"));
  });

  it("carries elapsed and paused time over when the priority changes the rule", () => {
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00") },
      { type: "status-changed", at: local("2026-03-02T10:30:00"), status: "waiting-for-citizen" },
      { type: "status-changed", at: local("2026-03-02T11:00:00"), status: "in-progress" },
      { type: "classified", at: local("2026-03-02T19:00:00"), priority: "urgent" },
    ];
    const result = evaluate("first-reply", events, "2026-03-02T19:30:00");
    expect(result).toMatchObject({
      rule: "urgent",
      calendar: "always-open",
      pausedMinutes: 30,
      elapsedMinutes: 30 + 480 + 30,
    });
    expect(result.state).toBe("breached");
    expect(result.breachedAt).toEqual(local("2026-03-02T12:30:00"));
  });

  it("keeps elapsed time when a new policy takes over", () => {
    const stricter = SlaPolicy.parse({
      ...ABAKAN_SLA_POLICY,
      name: "stricter",
      rules: [
        {
          name: "default",
          targets: {
            ...ABAKAN_SLA_POLICY.rules.at(-1)!.targets,
            "first-reply": { target: { unit: "working-minutes", amount: 60 }, calendar: "duty" },
          },
        },
      ],
    });
    const events: IncidentEvent[] = [
      { type: "created", at: local("2026-03-02T10:00:00") },
      { type: "policy-changed", at: local("2026-03-02T10:40:00"), policy: stricter },
    ];
    const result = evaluate("first-reply", events, "2026-03-02T10:45:00");
    expect(result).toMatchObject({ targetMinutes: 60, elapsedMinutes: 45, remainingMinutes: 15 });
    expect(result.dueAt).toEqual(local("2026-03-02T11:00:00"));
  });
});

describe("inputs", () => {
  it("ignores events after now and accepts them in any order", () => {
    const events: IncidentEvent[] = [
      { type: "public-reply", at: local("2026-03-02T11:00:00") },
      { type: "created", at: local("2026-03-02T10:00:00") },
    ];
    expect(evaluate("first-reply", events, "2026-03-02T10:30:00")).toMatchObject({
      state: "running",
      elapsedMinutes: 30,
    });
    expect(evaluate("first-reply", events, "2026-03-02T11:30:00")).toMatchObject({
      state: "met",
      elapsedMinutes: 60,
    });
  });

  it("requires a created event and known calendars", () => {
    expect(() => evaluate("first-reply", [], "2026-03-02T10:30:00")).toThrow(/no "created" event/);
    const events: IncidentEvent[] = [{ type: "created", at: local("2026-03-02T10:00:00") }];
    expect(() =>
      evaluateSlaMetric({ policy, calendars: {}, metric: "first-reply", events, now: 0 }),
    ).toThrow();
    expect(() =>
      evaluateSlaMetric({
        policy,
        calendars: {},
        metric: "first-reply",
        events,
        now: local("2026-03-02T11:00:00"),
      }),
    ).toThrow(/Calendar "duty" used by rule "default" for "first-reply" is not among the calendars given/);
  });

  it("validates policies with messages naming the problem", () => {
    const noDefault = SlaPolicy.safeParse({
      name: "broken",
      metrics: [{ name: "reply", stopsOn: "public-reply" }],
      rules: [
        {
          name: "urgent only",
          when: { priority: ["urgent"] },
          targets: { reply: { target: { unit: "calendar-minutes", amount: 60 } } },
        },
      ],
    });
    expect(noDefault.success).toBe(false);
    expect(noDefault.error?.issues.map((issue) => issue.message)).toContain(
      'The last rule ("urgent only") must be the default: a rule without conditions',
    );
    const noCalendar = SlaPolicy.safeParse({
      name: "broken",
      metrics: [{ name: "reply", stopsOn: "public-reply" }],
      rules: [{ name: "default", targets: { reply: { target: { unit: "working-minutes", amount: 60 } } } }],
    });
    expect(noCalendar.error?.issues.map((issue) => issue.message)).toContain(
      "A target in working minutes or working days needs a calendar",
    );
  });
});
