import { OtklikError } from "@otklik/core";
import type { Locale } from "../kinds/kinds.js";
import { type PluralCategory, plural } from "./plural.js";

/** Values a template may name: text and numbers. */
export type TemplateVariables = Record<string, string | number | null | undefined>;

/**
 * Renders a template written in a small ICU-like syntax:
 * - `{name}` — a variable;
 * - `{count, plural, one {# обращение} few {# обращения} many {# обращений} other {# обращения}}` —
 *   the form chosen by `Intl.PluralRules(locale)`, `#` standing for the number.
 * An unknown variable is a `validation_failed` error: a silently empty place in a letter is worse.
 */
export function renderTemplate(source: string, variables: TemplateVariables, locale: Locale): string {
  let out = "";
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf("{", index);
    if (open < 0) {
      out += source.slice(index);
      break;
    }
    out += source.slice(index, open);
    const close = matchingBrace(source, open);
    out += renderPlaceholder(source.slice(open + 1, close), variables, locale);
    index = close + 1;
  }
  return out;
}

/** The names a template uses, for previews and for checking a new version. */
export function templateVariables(source: string): string[] {
  const names = new Set<string>();
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf("{", index);
    if (open < 0) break;
    const close = matchingBrace(source, open);
    const name = source
      .slice(open + 1, close)
      .split(",")[0]!
      .trim();
    names.add(name);
    index = close + 1;
  }
  return [...names];
}

function matchingBrace(source: string, open: number): number {
  let depth = 0;
  for (let index = open; index < source.length; index++) {
    const character = source[index];
    if (character === "{") depth += 1;
    else if (character === "}") {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  throw new OtklikError(
    "validation_failed",
    "Незакрытая фигурная скобка в шаблоне / Unclosed brace in template",
  );
}

function renderPlaceholder(inner: string, variables: TemplateVariables, locale: Locale): string {
  const firstComma = inner.indexOf(",");
  const name = (firstComma < 0 ? inner : inner.slice(0, firstComma)).trim();
  if (!(name in variables)) {
    throw new OtklikError(
      "validation_failed",
      `Шаблон использует неизвестную переменную «${name}» / Template uses an unknown variable "${name}"`,
    );
  }
  const value = variables[name];
  if (firstComma < 0) return value === null || value === undefined ? "" : String(value);
  const rest = inner.slice(firstComma + 1);
  const secondComma = rest.indexOf(",");
  const type = rest.slice(0, secondComma < 0 ? undefined : secondComma).trim();
  if (type !== "plural" || secondComma < 0) {
    throw new OtklikError(
      "validation_failed",
      `Неизвестная форма «${type}» / Unknown placeholder type "${type}"`,
    );
  }
  const count = Number(value);
  if (!Number.isFinite(count)) {
    throw new OtklikError("validation_failed", `«${name}» должно быть числом / "${name}" must be a number`);
  }
  const forms = pluralForms(rest.slice(secondComma + 1));
  return plural(locale, count, forms).replaceAll("#", String(count));
}

function pluralForms(text: string): Partial<Record<PluralCategory, string>> {
  const forms: Partial<Record<PluralCategory, string>> = {};
  let index = 0;
  while (index < text.length) {
    const open = text.indexOf("{", index);
    if (open < 0) break;
    const category = text.slice(index, open).trim() as PluralCategory;
    const close = matchingBrace(text, open);
    forms[category] = text.slice(open + 1, close);
    index = close + 1;
  }
  return forms;
}
