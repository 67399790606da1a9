/**
 * Reply templates of the desk. The citizen reads Russian, whatever the operator's interface language, so
 * the texts are Russian; `{{number}}`, `{{department}}` and `{{dueDate}}` are filled from the incident, and
 * the words in square brackets are for the operator to replace before sending.
 */
export interface ReplyTemplate {
  id: string;
  name: { ru: string; en: string };
  text: string;
}

export const REPLY_TEMPLATES: readonly ReplyTemplate[] = [
  {
    id: "planned",
    name: { ru: "Работы запланированы", en: "Work planned" },
    text:
      "Здравствуйте! По обращению № {{number}} работы поручены: {{department}}. " +
      "Работы будут выполнены до {{dueDate}}. О результате сообщим дополнительно.",
  },
  {
    id: "details",
    name: { ru: "Уточнение у заявителя", en: "Ask the citizen for details" },
    text:
      "Здравствуйте! Чтобы решить вопрос по обращению № {{number}}, уточните, пожалуйста, точный адрес " +
      "(улица, дом, подъезд) и, если можно, приложите фото. Срок рассмотрения будет продлён до получения ответа.",
  },
  {
    id: "fixed",
    name: { ru: "Устранено (приложите фото)", en: "Fixed (attach a photo)" },
    text:
      "Здравствуйте! По обращению № {{number}} работы выполнены: [что сделано]. Фото результата прилагаем. " +
      "Если проблема осталась, напишите нам в ответ.",
  },
  {
    id: "forwarded",
    name: { ru: "Перенаправлено по компетенции", en: "Forwarded to the competent authority" },
    text:
      "Здравствуйте! Вопрос, поднятый в обращении № {{number}}, не входит в полномочия администрации города. " +
      "Обращение направлено в [орган], ответ будет дан до {{dueDate}}.",
  },
];

const VARIABLE = /\{\{\s*([A-Za-z]+)\s*\}\}/gu;

/** Fills a template's variables; one without a value stays visible as «[…]» for the operator to complete. */
export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(VARIABLE, (_, name: string) => values[name] ?? `[${name}]`);
}

/** «05.03.2026 17:00» on the city's clock, as replies write dates. */
export function replyDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })
    .format(new Date(iso))
    .replace(",", "");
}
