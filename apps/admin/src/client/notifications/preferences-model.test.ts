import { describe, expect, it } from "vitest";
import type { Preferences } from "./notifications-api.js";
import {
  lockedChannel,
  STAFF_KINDS,
  shownChannels,
  toDraft,
  toggleChannel,
  toPreferences,
} from "./preferences-model.js";

const DEFAULTS: Preferences = {
  locale: "ru",
  channels: ["in_app", "email"],
  quietHours: null,
  telegramChatId: null,
  webhookUrl: null,
  kinds: {},
};

describe("the preferences form", () => {
  it("stores nothing per kind while every kind follows the defaults", () => {
    expect(toPreferences(toDraft(DEFAULTS), DEFAULTS)).toEqual(DEFAULTS);
  });

  it("leaves out the citizens' kinds but keeps what is stored for them", () => {
    expect(STAFF_KINDS).not.toContain("incident_reply");
    expect(STAFF_KINDS).not.toContain("incident_resolved");
    const stored: Preferences = { ...DEFAULTS, kinds: { incident_reply: { digest: true } } };
    expect(toPreferences(toDraft(stored), stored).kinds).toEqual({ incident_reply: { digest: true } });
  });

  it("keeps a kind's own channels, digest and quiet hours, and only those", () => {
    let draft = toDraft({ ...DEFAULTS, quietHours: { from: "22:00", to: "08:00" } });
    draft = toggleChannel(draft, "incident_assigned", "telegram", true);
    draft = toggleChannel(draft, "incident_assigned", "email", false);
    const assigned = draft.kinds.incident_assigned;
    const warning = draft.kinds.sla_warning;
    if (!assigned || !warning) throw new Error("rows missing");
    draft.kinds.incident_assigned = { ...assigned, digest: true };
    draft.kinds.sla_warning = { ...warning, quiet: "own", quietFrom: "20:00", quietTo: "07:30" };
    const saved = toPreferences({ ...draft, telegramChatId: " 12345 " }, DEFAULTS);
    expect(saved.quietHours).toEqual({ from: "22:00", to: "08:00" });
    expect(saved.telegramChatId).toBe("12345");
    expect(saved.kinds).toEqual({
      incident_assigned: { channels: ["in_app", "telegram"], digest: true },
      sla_warning: { quietHours: { from: "20:00", to: "07:30" } },
    });
    // Back to the default channels: the kind follows the defaults again.
    const back = toggleChannel(
      toggleChannel(toDraft(saved), "incident_assigned", "email", true),
      "incident_assigned",
      "telegram",
      false,
    );
    expect(toPreferences(back, saved).kinds.incident_assigned).toEqual({ digest: true });
  });

  it("locks in-app, and e-mail of the critical kinds, and never stores their digest or quiet hours", () => {
    expect(lockedChannel(null, "in_app")).toBe(true);
    expect(lockedChannel("sla_breach", "email")).toBe(true);
    expect(lockedChannel("sla_breach", "telegram")).toBe(false);
    expect(lockedChannel("sla_warning", "email")).toBe(false);
    let draft = toDraft({ ...DEFAULTS, channels: ["in_app"] });
    expect(shownChannels("escalation", draft)).toEqual(["in_app", "email"]);
    expect(toggleChannel(draft, "escalation", "email", false)).toBe(draft);
    const breach = draft.kinds.sla_breach;
    if (!breach) throw new Error("row missing");
    draft = { ...draft, kinds: { ...draft.kinds, sla_breach: { ...breach, digest: true, quiet: "none" } } };
    expect(toPreferences(draft, DEFAULTS).kinds.sla_breach).toBeUndefined();
  });
});
