// The desk's own table, to check the admin's copy against it (the admin is a client over HTTP; this
// test is the only place that reads the package, so the buttons never drift from the rules).
import { TRANSITIONS } from "@otklik/incidents";
import { describe, expect, it } from "vitest";
import { similarityQuery } from "./desk-queries.js";
import { fillTemplate, REPLY_TEMPLATES, replyDate } from "./detail/reply-templates.js";
import { availableCommands, COMMAND_RULES, canAssign } from "./lifecycle.js";

describe("the lifecycle's buttons", () => {
  it("mirror the desk's transition table exactly", () => {
    const mirror = COMMAND_RULES.map(({ command, from, roles, requiresComment }) => ({
      command,
      from: [...from].sort(),
      roles: [...roles].sort(),
      requiresComment,
    }));
    const rules = TRANSITIONS.map(({ command, from, roles, requiresComment }) => ({
      command,
      from: [...from].sort(),
      roles: [...roles].sort(),
      requiresComment,
    }));
    expect(mirror).toEqual(rules);
  });

  it("offer an executor work on assigned incidents and nothing on new ones", () => {
    expect(availableCommands("assigned", ["executor"]).map((rule) => rule.command)).toEqual([
      "start",
      "request-information",
      "resolve",
    ]);
    expect(availableCommands("new", ["executor"])).toEqual([]);
    expect(canAssign("new", ["executor"])).toBe(false);
    expect(canAssign("new", ["operator"])).toBe(true);
    expect(availableCommands("resolved", ["operator"]).map((rule) => rule.command)).toEqual([
      "close",
      "reopen",
    ]);
  });
});

describe("reply templates", () => {
  it("fill the number, department and date, and leave an unknown value visible", () => {
    const planned = REPLY_TEMPLATES.find((template) => template.id === "planned");
    const text = fillTemplate(planned?.text ?? "", {
      number: "2026-000042",
      department: "Управление ЖКХ",
      dueDate: replyDate("2026-12-01T10:00:00Z", "Asia/Krasnoyarsk"),
    });
    expect(text).toContain("№ 2026-000042");
    expect(text).toContain("Управление ЖКХ");
    expect(text).toContain("до 01.12.2026 17:00");
    expect(fillTemplate("до {{dueDate}}", {})).toBe("до [dueDate]");
  });

  it("look for duplicates by the classifier's keyword, else by the longest words", () => {
    expect(
      similarityQuery({
        text: "Огромная яма на дороге",
        categoryProposal: { keywords: [{ keyword: "яма" }] },
      }),
    ).toBe("яма");
    expect(similarityQuery({ text: "Фонари у дома Ленина 40 так и не горят", categoryProposal: null })).toBe(
      "фонари ленина",
    );
  });
});
