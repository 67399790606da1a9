import type { Locale } from "../kinds/kinds.js";

/** A plural category of `Intl.PluralRules` (Russian uses one, few, many and other). */
export type PluralCategory = "zero" | "one" | "two" | "few" | "many" | "other";

const rules = new Map<Locale, Intl.PluralRules>();

/** The plural category of `count` in `locale`: ru 1 → one, 2 → few, 5 → many, 21 → one, 11 → many. */
export function pluralCategory(locale: Locale, count: number): PluralCategory {
  let rule = rules.get(locale);
  if (!rule) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return rule.select(count) as PluralCategory;
}

/**
 * Chooses the form for `count`: `plural("ru", 5, { one: "обращение", few: "обращения", many: "обращений" })`
 * → `"обращений"`. A missing category falls back to `other`, then to `many`.
 */
export function plural(
  locale: Locale,
  count: number,
  forms: Partial<Record<PluralCategory, string>>,
): string {
  const category = pluralCategory(locale, count);
  return forms[category] ?? forms.other ?? forms.many ?? forms.one ?? "";
}
