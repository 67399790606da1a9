import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES, SAMPLE_VARIABLES } from "./default-templates.js";
import { plural } from "./plural.js";
import { renderTemplate, templateVariables } from "./render.js";

const incidents =
  "{count, plural, one {# обращение} few {# обращения} many {# обращений} other {# обращения}}";

describe("templates", () => {
  it.each([
    [1, "1 обращение"],
    [2, "2 обращения"],
    [5, "5 обращений"],
    [11, "11 обращений"],
    [21, "21 обращение"],
    [22, "22 обращения"],
    [111, "111 обращений"],
    [1.5, "1.5 обращения"],
  ])("render Russian plurals: %s → %s", (count, text) => {
    expect(renderTemplate(incidents, { count }, "ru")).toBe(text);
  });

  it("render English plurals", () => {
    const source = "{count, plural, one {# incident} other {# incidents}}";
    expect(renderTemplate(source, { count: 1 }, "en")).toBe("1 incident");
    expect(renderTemplate(source, { count: 21 }, "en")).toBe("21 incidents");
  });

  it("fill variables and refuse an unknown one", () => {
    expect(
      renderTemplate("Обращение {number} в «{department}»", { number: "А-1", department: "ЖКХ" }, "ru"),
    ).toBe("Обращение А-1 в «ЖКХ»");
    expect(() => renderTemplate("{nope}", {}, "ru")).toThrow(/nope/);
    expect(() => renderTemplate("{open", {}, "ru")).toThrow(/brace/);
  });

  it("pick plural forms directly", () => {
    const forms = { one: "минута", few: "минуты", many: "минут" };
    expect([1, 3, 7, 21, 12].map((count) => plural("ru", count, forms))).toEqual([
      "минута",
      "минуты",
      "минут",
      "минута",
      "минут",
    ]);
  });

  it("list a template's variables", () => {
    expect(templateVariables(`Сводка {date}: ${incidents}`)).toEqual(["date", "count"]);
  });

  it("render every built-in template in both languages with its sample variables", () => {
    for (const [kind, locales] of Object.entries(DEFAULT_TEMPLATES)) {
      for (const [locale, text] of Object.entries(locales)) {
        const variables = SAMPLE_VARIABLES[kind as keyof typeof SAMPLE_VARIABLES];
        expect(
          renderTemplate(text.subject, variables, locale as "ru" | "en"),
          `${kind} ${locale}`,
        ).not.toMatch(/[{}]/);
        expect(renderTemplate(text.body, variables, locale as "ru" | "en"), `${kind} ${locale}`).not.toMatch(
          /[{}]/,
        );
      }
    }
    expect(
      renderTemplate(DEFAULT_TEMPLATES.daily_digest.ru.subject, { date: "27.11.2026", open: 21 }, "ru"),
    ).toBe("Сводка на 27.11.2026: 21 открытое обращение");
  });
});
