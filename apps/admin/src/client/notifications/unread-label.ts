import type { Language } from "../i18n/messages.js";

// The header's badge is on the first screen, so this stays tiny: Intl.PluralRules, as
// @otklik/notifications' own `plural` (templates) uses, which the browser cannot import.

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>>;

const rules = new Map<Language, Intl.PluralRules>();

/** The form for `count` in the language: ru 1 → one, 2 → few, 5 → many, 21 → one, 11 → many. */
export function plural(language: Language, count: number, forms: PluralForms): string {
  let rule = rules.get(language);
  if (!rule) {
    rule = new Intl.PluralRules(language);
    rules.set(language, rule);
  }
  return forms[rule.select(count)] ?? forms.other ?? forms.many ?? "";
}

/** «Уведомления: 3 непрочитанных» / «Notifications: 3 unread»: the badge's accessible name. */
export function unreadLabel(language: Language, count: number | undefined): string {
  if (language === "ru") {
    if (count === undefined) return "Уведомления";
    if (count === 0) return "Уведомления: непрочитанных нет";
    return `Уведомления: ${count} ${plural("ru", count, { one: "непрочитанное", few: "непрочитанных", many: "непрочитанных", other: "непрочитанного" })}`;
  }
  if (count === undefined) return "Notifications";
  if (count === 0) return "Notifications: none unread";
  return `Notifications: ${count} unread`;
}
