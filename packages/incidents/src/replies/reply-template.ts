/** Values a reply template may use. */
export interface ReplyTemplateValues {
  registrationNumber?: string;
  department?: string;
  dueDate?: Date;
  [name: string]: string | Date | undefined;
}

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/gu;

/** The variables a template uses, in order of first use. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((match) => match[1] as string))];
}

/**
 * Fills a reply template: `{{registrationNumber}}`, `{{department}}`, `{{dueDate}}` and any other named
 * value. Dates are written as «05.03.2026 17:00» in the city's time zone. A variable without a value
 * throws, naming it, so a citizen never reads «{{dueDate}}».
 */
export function renderReplyTemplate(
  template: string,
  values: ReplyTemplateValues,
  options: { timeZone?: string } = {},
): string {
  const missing = templateVariables(template).filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `В шаблоне не заполнены переменные / Template variables without values: ${missing.join(", ")}`,
    );
  }
  const format = new Intl.DateTimeFormat("ru-RU", {
    timeZone: options.timeZone ?? "Asia/Krasnoyarsk",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
  return template.replace(VARIABLE, (_, name: string) => {
    const value = values[name];
    return value instanceof Date ? format.format(value).replace(",", "") : String(value);
  });
}
