import { describe, expect, it } from "vitest";
import type { NotificationChannel } from "../kinds/kinds.js";
import { endOfQuietHours, planDelivery } from "./plan-delivery.js";
import { Preferences } from "./preferences.js";

const ZONE = "Asia/Krasnoyarsk";
const all = new Set<NotificationChannel>(["in_app", "email", "telegram", "webhook"]);
// 23:30 in Abakan (UTC+7).
const lateEvening = new Date("2026-11-27T16:30:00Z");
const quiet = Preferences.parse({
  channels: ["email", "telegram"],
  quietHours: { from: "22:00", to: "08:00" },
});

describe("delivery plans", () => {
  it("defer a normal notification to the end of quiet hours, but not its in-app copy", () => {
    const plans = planDelivery({
      kind: "sla_warning",
      preferences: quiet,
      now: lateEvening,
      timeZone: ZONE,
      reachable: all,
    });
    expect(plans).toEqual([
      { channel: "in_app", action: "send", at: lateEvening, deferredBy: null },
      { channel: "email", action: "send", at: new Date("2026-11-28T01:00:00Z"), deferredBy: "quiet_hours" },
      {
        channel: "telegram",
        action: "send",
        at: new Date("2026-11-28T01:00:00Z"),
        deferredBy: "quiet_hours",
      },
    ]);
  });

  it("send a critical notification at once, in quiet hours too", () => {
    const plans = planDelivery({
      kind: "sla_breach",
      preferences: quiet,
      now: lateEvening,
      timeZone: ZONE,
      reachable: all,
    });
    expect(
      plans.every((plan) => plan.action === "send" && plan.at === lateEvening && plan.deferredBy === null),
    ).toBe(true);
  });

  it("never let a critical kind be switched off or folded into the digest", () => {
    const off = Preferences.parse({
      kinds: { sla_breach: { channels: [], digest: true }, sla_warning: { channels: [] } },
    });
    const breach = planDelivery({
      kind: "sla_breach",
      preferences: off,
      now: lateEvening,
      timeZone: ZONE,
      reachable: all,
    });
    expect(breach.map((plan) => [plan.channel, plan.action])).toEqual([
      ["in_app", "send"],
      ["email", "send"],
    ]);
    const warning = planDelivery({
      kind: "sla_warning",
      preferences: off,
      now: lateEvening,
      timeZone: ZONE,
      reachable: all,
    });
    expect(warning.map((plan) => plan.channel)).toEqual(["in_app"]);
  });

  it("hold a kind collected into the digest on every push channel", () => {
    const digest = Preferences.parse({ kinds: { incident_assigned: { digest: true } } });
    const plans = planDelivery({
      kind: "incident_assigned",
      preferences: digest,
      now: lateEvening,
      timeZone: ZONE,
      reachable: all,
    });
    expect(plans.map((plan) => [plan.channel, plan.action])).toEqual([
      ["in_app", "send"],
      ["email", "suppress"],
    ]);
  });

  it("suppress a channel the person cannot be reached on, with the reason", () => {
    const plans = planDelivery({
      kind: "incident_assigned",
      preferences: Preferences.parse({ channels: ["telegram"] }),
      now: lateEvening,
      timeZone: ZONE,
      reachable: new Set(["in_app", "email"]),
    });
    expect(plans[1]).toMatchObject({
      channel: "telegram",
      action: "suppress",
      reason: expect.stringMatching(/^no_address/),
    });
  });

  it("find the end of quiet hours across midnight and within one day", () => {
    expect(endOfQuietHours({ from: "22:00", to: "08:00" }, new Date("2026-11-27T20:00:00Z"), ZONE)).toEqual(
      new Date("2026-11-28T01:00:00Z"),
    );
    expect(endOfQuietHours({ from: "22:00", to: "08:00" }, new Date("2026-11-27T05:00:00Z"), ZONE)).toEqual(
      new Date("2026-11-27T05:00:00Z"),
    );
    expect(endOfQuietHours({ from: "13:00", to: "14:00" }, new Date("2026-11-27T06:30:00Z"), ZONE)).toEqual(
      new Date("2026-11-27T07:00:00Z"),
    );
  });
});
