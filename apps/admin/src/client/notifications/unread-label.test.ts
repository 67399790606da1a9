import { describe, expect, it } from "vitest";
import { plural, unreadLabel } from "./unread-label.js";

describe("the notification badge's name", () => {
  it("uses Russian plural forms", () => {
    expect(unreadLabel("ru", 1)).toBe("Уведомления: 1 непрочитанное");
    expect(unreadLabel("ru", 3)).toBe("Уведомления: 3 непрочитанных");
    expect(unreadLabel("ru", 5)).toBe("Уведомления: 5 непрочитанных");
    expect(unreadLabel("ru", 11)).toBe("Уведомления: 11 непрочитанных");
    expect(unreadLabel("ru", 21)).toBe("Уведомления: 21 непрочитанное");
    expect(unreadLabel("ru", 0)).toBe("Уведомления: непрочитанных нет");
    expect(unreadLabel("ru", undefined)).toBe("Уведомления");
  });

  it("reads in English too", () => {
    expect(unreadLabel("en", 1)).toBe("Notifications: 1 unread");
    expect(unreadLabel("en", 3)).toBe("Notifications: 3 unread");
    expect(unreadLabel("en", 0)).toBe("Notifications: none unread");
  });

  it("chooses 1 обращение, 2 обращения, 5 обращений", () => {
    const forms = { one: "обращение", few: "обращения", many: "обращений" };
    expect([1, 2, 5, 21, 22, 25, 111].map((count) => `${count} ${plural("ru", count, forms)}`)).toEqual([
      "1 обращение",
      "2 обращения",
      "5 обращений",
      "21 обращение",
      "22 обращения",
      "25 обращений",
      "111 обращений",
    ]);
  });
});
