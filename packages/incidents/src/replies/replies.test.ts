import { describe, expect, it } from "vitest";
import { checkReply } from "./reply-check.js";
import { renderReplyTemplate, templateVariables } from "./reply-template.js";

const codes = (text: string, attachmentCount = 0): string[] =>
  checkReply({ text, attachmentCount }).map((warning) => warning.code);

describe("checkReply", () => {
  it("passes a reply with a concrete action and a date", () => {
    expect(
      codes(
        "Здравствуйте! Ямочный ремонт на ул. Вяткина, 14 включён в план работ подрядчика и будет выполнен до 15 мая 2026 года.",
      ),
    ).toEqual([]);
  });

  it("passes a fix reported with a photo", () => {
    expect(
      codes(
        "Добрый день. Открытый люк на ул. Кирова, 120 закрыт, крышка заменена сотрудниками Водоканала сегодня утром.",
        2,
      ),
    ).toEqual([]);
  });

  it("flags a reply that only greets and says «passed on»", () => {
    expect(
      codes("Здравствуйте! Ваше обращение передано в Управление ЖКХ. С уважением, администрация."),
    ).toContain("no-substance");
    expect(codes("Спасибо за обращение!")).toContain("no-substance");
  });

  it("flags a promise without a date", () => {
    expect(
      codes(
        "Добрый день. Подрядная организация проинформирована, ремонт дороги будет проведён в ближайшее время, следите за новостями.",
      ),
    ).toEqual(["no-date"]);
  });

  it("flags a claimed fix without proof", () => {
    expect(
      codes(
        "Здравствуйте. Порыв на теплотрассе устранён, горячее водоснабжение восстановлено в полном объёме по всем домам.",
      ),
    ).toEqual(["no-proof"]);
  });

  it("flags a reply that only quotes laws", () => {
    expect(
      codes(
        "В соответствии с Федеральным законом от 06.10.2003 № 131-ФЗ и статьёй 16 указанного закона. Согласно пункту 5 Правил благоустройства города Абакана содержание территории возлагается на собственников.",
      ),
    ).toContain("only-laws");
  });

  it("gives bilingual messages, Russian first", () => {
    const [warning] = checkReply({ text: "Спасибо за обращение!", attachmentCount: 0 });
    expect(warning?.ru).toMatch(/^Ответ без сути/);
    expect(warning?.en).toMatch(/^The reply/);
  });
});

describe("renderReplyTemplate", () => {
  it("fills the variables and writes the due date in Abakan's time", () => {
    const text = renderReplyTemplate(
      "Обращение № {{registrationNumber}} передано в {{department}}. Срок ответа — {{dueDate}}.",
      {
        registrationNumber: "2026-004215",
        department: "Управление ЖКХ",
        dueDate: new Date("2026-03-05T10:00:00Z"),
      },
    );
    expect(text).toBe("Обращение № 2026-004215 передано в Управление ЖКХ. Срок ответа — 05.03.2026 17:00.");
  });

  it("refuses to render with a variable missing, naming it", () => {
    expect(() => renderReplyTemplate("Срок {{dueDate}}", {})).toThrow(/dueDate/);
    expect(templateVariables("{{a}} {{b}} {{a}}")).toEqual(["a", "b"]);
  });
});
