import { isOtklikError } from "@otklik/core";
import { type Role, systemActor } from "@otklik/identity";
import { describe, expect, it } from "vitest";
import { NewPublication } from "./publication/publication-types.js";
import { diffLines, diffWords, formatDiff } from "./text/diff.js";
import { isSafeLink, markdownToPlainText, renderMarkdown } from "./text/markdown.js";
import { slugFromTitle, uniqueSlug } from "./text/slug.js";
import { countVariant, cutVariantText } from "./variants/cut-variant.js";
import {
  nextState,
  type PublicationState,
  stateAfterEdit,
  WORKFLOW,
  type WorkflowVerb,
} from "./workflow/workflow.js";

const common = { title: "Заголовок", publisherId: "pbl_1" };
const future = (days: number) => new Date(Date.UTC(2026, 11, 1) + days * 86_400_000).toISOString();

describe("publication types", () => {
  const valid: Record<string, unknown> = {
    news: {},
    official_statement: {},
    announcement: { eventAt: future(1), place: "Набережная" },
    notice: { validUntil: "2026-12-31" },
    auction_notice: {
      lot: "Нежилое помещение, ул. Ленина, 1",
      bidsOpenAt: future(1),
      bidsCloseAt: future(10),
      auctionAt: future(12),
      terms: "Задаток 20 %",
      auctionUrl: "https://torgi.gov.ru/new/public/lots/lot/1",
    },
    hearing: {
      draftParagraphs: ["Пункт 1", "Пункт 2"],
      responsibleDepartmentId: "dep_1",
      opensAt: future(0),
      closesAt: future(20),
      howToTakePart: "На сайте",
    },
    explanatory: { incidentTopics: ["Вывоз снега"] },
    handbook_article: { sectionId: "hbs_1", ownerDepartmentId: "dep_1", reviewBy: "2027-01-01" },
    information_category: { category: "budget", lastUpdatedOn: "2026-11-01" },
  };
  const invalid: Record<string, unknown> = {
    official_statement: { extra: 1 },
    announcement: { eventAt: "завтра" },
    notice: { validUntil: "31.12.2026" },
    auction_notice: { ...(valid.auction_notice as object), auctionUrl: "javascript:alert(1)" },
    hearing: { ...(valid.hearing as object), closesAt: future(-1) },
    explanatory: { incidentTopics: [] },
    handbook_article: { sectionId: "hbs_1", ownerDepartmentId: "dep_1" },
    information_category: { category: "gossip", lastUpdatedOn: "2026-11-01" },
  };

  it.each(Object.entries(valid))("accepts a valid %s", (type, fields) => {
    expect(NewPublication.safeParse({ ...common, type, fields }).success).toBe(true);
  });
  it.each(Object.entries(invalid))("refuses an invalid %s", (type, fields) => {
    expect(NewPublication.safeParse({ ...common, type, fields }).success).toBe(false);
  });
  it("requires alt text for a cover image and refuses unsafe links", () => {
    expect(
      NewPublication.safeParse({ ...common, type: "news", cover: { url: "https://a.ru/1.jpg", alt: " " } })
        .success,
    ).toBe(false);
    expect(
      NewPublication.safeParse({
        ...common,
        type: "news",
        cover: { url: "data:image/png;base64,AA", alt: "Фото" },
      }).success,
    ).toBe(false);
    expect(
      NewPublication.safeParse({ ...common, type: "news", cover: { url: "https://a.ru/1.jpg", alt: "Фото" } })
        .success,
    ).toBe(true);
  });
});

describe("safe Markdown", () => {
  const payloads = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[клик](javascript:alert(1))",
    "[клик](JaVaScRiPt:alert(1))",
    "[клик](java\tscript:alert(1))",
    "[клик](&#106;avascript:alert(1))",
    "[клик](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "[клик](vbscript:msgbox(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example>",
    '[x](https://ok.ru" onmouseover="alert(1))',
    "<details open ontoggle=alert(1)>",
    "javascript:alert(1)",
  ];
  it.each(payloads)("renders %s inert", (payload) => {
    const html = renderMarkdown(payload);
    expect(html).not.toMatch(/<(script|img|svg|iframe|details|a)\b[^>]*\bon\w+=/i);
    expect(html).not.toMatch(/<(script|svg|iframe|details)\b/i);
    expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
  });
  it("keeps tables, links and autolinks", () => {
    const html = renderMarkdown(
      "| a | b |\n| - | - |\n| 1 | 2 |\n\n[сайт](https://abakan.ru) и https://gov.ru",
    );
    expect(html).toContain("<table>");
    expect(html).toContain('href="https://abakan.ru"');
    expect(html).toContain('href="https://gov.ru"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
  it("validates links", () => {
    expect(isSafeLink("/documents/a.pdf")).toBe(true);
    expect(isSafeLink("mailto:pr@abakan.ru")).toBe(true);
    expect(isSafeLink("//evil.example")).toBe(false);
    expect(isSafeLink(" javascript:alert(1)")).toBe(false);
  });
  it("gives plain text for search and posts", () => {
    expect(markdownToPlainText("## Ямы\n\n**Ремонт** [дорог](https://a.ru)")).toBe("Ямы\nРемонт дорог");
  });
});

describe("slugs", () => {
  it("transliterates Russian titles", () => {
    expect(slugFromTitle("Ямы на дорогах Абакана: ремонт «до 15 мая»")).toBe(
      "yamy-na-dorogah-abakana-remont-do-15-maya",
    );
    expect(slugFromTitle("!!!")).toBe("publication");
    expect(slugFromTitle("Очень ".repeat(40)).length).toBeLessThanOrEqual(80);
  });
  it("makes a taken slug unique", () => {
    expect(uniqueSlug("a", new Set(["a", "a-2"]))).toBe("a-3");
  });
});

describe("diff", () => {
  it("shows added and removed lines", () => {
    const parts = diffLines("один\nдва\nтри", "один\nдва с половиной\nтри\nчетыре");
    expect(formatDiff(parts)).toBe("  один\n- два\n+ два с половиной\n  три\n+ четыре");
  });
  it("diffs words", () => {
    expect(diffWords("ямы на дорогах", "ямы на улицах")).toEqual([
      { kind: "equal", text: "ямы на " },
      { kind: "removed", text: "дорогах" },
      { kind: "added", text: "улицах" },
    ]);
  });
});

describe("workflow", () => {
  const user = (roles: Role[]) => ({
    kind: "user" as const,
    userId: "usr_1",
    roles,
    departmentId: null,
    sessionId: null,
    address: null,
  });
  const states: PublicationState[] = [
    "draft",
    "in_review",
    "approved",
    "scheduled",
    "published",
    "unpublished",
    "archived",
  ];
  it("allows exactly the declared transitions", () => {
    for (const verb of Object.keys(WORKFLOW) as WorkflowVerb[]) {
      for (const state of states) {
        const allowed = WORKFLOW[verb].from.includes(state);
        const attempt = () => nextState(systemActor("test"), state, verb);
        if (allowed) expect(attempt(), `${verb} from ${state}`).toBe(WORKFLOW[verb].to);
        else expect(attempt, `${verb} from ${state}`).toThrow(/Cannot/);
      }
    }
  });
  it("lets editors do everything and nobody else anything", () => {
    expect(nextState(user(["editor"]), "in_review", "approve")).toBe("approved");
    for (const role of ["admin", "operator", "executor", "head", "analyst"] as Role[]) {
      try {
        nextState(user([role]), "draft", "submit");
        expect.fail(`${role} submitted`);
      } catch (error) {
        expect(isOtklikError(error) && error.code).toBe("forbidden");
      }
    }
    expect(() => nextState({ kind: "anonymous", address: null }, "draft", "submit")).toThrow(/Sign-in/);
  });
  it("sends an edit of an approved, scheduled or published item back to review", () => {
    expect(stateAfterEdit("published")).toBe("in_review");
    expect(stateAfterEdit("scheduled")).toBe("in_review");
    expect(stateAfterEdit("draft")).toBe("draft");
    expect(() => stateAfterEdit("archived")).toThrow();
  });
});

describe("social variants", () => {
  const long = "Предложение о ремонте дорог. ".repeat(300);
  it("cuts to each platform's limit and keeps the link", () => {
    for (const platform of ["vk", "telegram", "ok", "max"] as const) {
      const text = cutVariantText({
        platform,
        title: "Ремонт",
        text: long,
        link: "https://abakan.ru/p/1",
        withPhotos: true,
      });
      const counter = countVariant(platform, text, true);
      expect(counter.fits, platform).toBe(true);
      expect(text.endsWith("https://abakan.ru/p/1")).toBe(true);
    }
    const telegram = cutVariantText({
      platform: "telegram",
      title: "Ремонт",
      text: long,
      link: "https://a.ru",
      withPhotos: true,
    });
    expect(telegram.length).toBeLessThanOrEqual(1024);
    expect(telegram).toContain("…");
  });
  it("counts the room left", () => {
    expect(countVariant("max", "абв", false)).toEqual({
      platform: "max",
      length: 3,
      limit: 4000,
      remaining: 3997,
      fits: true,
    });
    expect(countVariant("telegram", "x".repeat(1025), true).fits).toBe(false);
  });
});
