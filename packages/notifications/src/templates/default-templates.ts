import type { Locale, NotificationKind } from "../kinds/kinds.js";
import type { TemplateVariables } from "./render.js";

interface Text {
  subject: string;
  body: string;
}

/**
 * Version 1 of every template, Russian and English. Administrators write later versions; these
 * stay as the fallback and as the sample data for previews.
 */
export const DEFAULT_TEMPLATES: Record<NotificationKind, Record<Locale, Text>> = {
  incident_assigned: {
    ru: {
      subject: "Новое обращение {number} для «{department}»",
      body: "Обращение {number} передано в «{department}». Ответ нужен до {dueAt}.",
    },
    en: {
      subject: "New incident {number} for {department}",
      body: "Incident {number} was assigned to {department}. An answer is due by {dueAt}.",
    },
  },
  sla_warning: {
    ru: {
      subject: "Срок по обращению {number} истекает {dueAt}",
      body: "По обращению {number} срок «{metric}» истекает {dueAt}. Осталось {minutes, plural, one {# минута} few {# минуты} many {# минут} other {# минуты}}.",
    },
    en: {
      subject: "Incident {number}: deadline at {dueAt}",
      body: "The {metric} deadline of incident {number} is at {dueAt}: {minutes, plural, one {# minute} other {# minutes}} left.",
    },
  },
  sla_breach: {
    ru: {
      subject: "Срок по обращению {number} нарушен",
      body: "Срок «{metric}» по обращению {number} истёк {dueAt}.",
    },
    en: {
      subject: "Incident {number}: deadline missed",
      body: "The {metric} deadline of incident {number} passed at {dueAt}.",
    },
  },
  escalation: {
    ru: {
      subject: "Эскалация: обращение {number} без движения",
      body: "Срок «{metric}» по обращению {number} истёк {dueAt}, обращение не сдвинулось. Уровень эскалации: {level}.",
    },
    en: {
      subject: "Escalation: incident {number} has not moved",
      body: "The {metric} deadline of incident {number} passed at {dueAt} and it has not moved. Escalation level: {level}.",
    },
  },
  citizen_wrote_again: {
    ru: { subject: "Житель снова написал по обращению {number}", body: "{text}" },
    en: { subject: "The citizen wrote again about incident {number}", body: "{text}" },
  },
  incident_resolved: {
    ru: {
      subject: "Ваше обращение {number} выполнено",
      body: "Здравствуйте! Проблема по вашему обращению {number} устранена. {reply}",
    },
    en: {
      subject: "Your report {number} has been resolved",
      body: "Hello! The problem you reported ({number}) has been fixed. {reply}",
    },
  },
  incident_reply: {
    ru: {
      subject: "Ответ по вашему обращению {number}",
      body: "Здравствуйте! По вашему обращению {number} опубликован ответ:\n\n{reply}",
    },
    en: {
      subject: "A reply to your report {number}",
      body: "Hello! A reply to your report {number} has been published:\n\n{reply}",
    },
  },
  publication_published: {
    ru: { subject: "Опубликовано: {title}", body: "«{title}» опубликовано: {channel}." },
    en: { subject: "Published: {title}", body: '"{title}" was published on {channel}.' },
  },
  publication_failed: {
    ru: {
      subject: "Не опубликовано: {title}",
      body: "«{title}» не удалось опубликовать ({channel}): {reason}.",
    },
    en: {
      subject: "Not published: {title}",
      body: '"{title}" could not be published on {channel}: {reason}.',
    },
  },
  hearing_comment_to_moderate: {
    ru: {
      subject: "Замечание к «{title}» ждёт модерации",
      body: "К публичным слушаниям «{title}» поступило замечание. Ждут модерации: {count, plural, one {# замечание} few {# замечания} many {# замечаний} other {# замечания}}.",
    },
    en: {
      subject: 'A comment on "{title}" awaits moderation',
      body: 'A comment on the hearing "{title}" arrived. Awaiting moderation: {count, plural, one {# comment} other {# comments}}.',
    },
  },
  department_request: {
    ru: {
      subject: "Запрос в отдел по обращению {number}",
      body: "Пресс-служба просит «{department}» дать ответ по существу по обращению {number} до {dueAt}.",
    },
    en: {
      subject: "Request to the department about incident {number}",
      body: "The press office asks {department} for the substance of the answer to incident {number} by {dueAt}.",
    },
  },
  department_answer: {
    ru: {
      subject: "Отдел ответил по обращению {number}",
      body: "«{department}» ответил на запрос по обращению {number}.{overdue, plural, one { Ответ дан позже срока.} other {}}",
    },
    en: {
      subject: "The department answered about incident {number}",
      body: "{department} answered the request about incident {number}.{overdue, plural, one { The answer came late.} other {}}",
    },
  },
  daily_digest: {
    ru: {
      subject:
        "Сводка на {date}: {open, plural, one {# открытое обращение} few {# открытых обращения} many {# открытых обращений} other {# открытого обращения}}",
      body: "Открыто: {open, plural, one {# обращение} few {# обращения} many {# обращений} other {# обращения}}. Срок сегодня: {dueToday}. Просрочено: {breached}.\n{lines}",
    },
    en: {
      subject: "Digest for {date}: {open, plural, one {# open incident} other {# open incidents}}",
      body: "Open: {open, plural, one {# incident} other {# incidents}}. Due today: {dueToday}. Breached: {breached}.\n{lines}",
    },
  },
  weekly_digest: {
    ru: {
      subject:
        "Итоги недели с {week}: {total, plural, one {# обращение} few {# обращения} many {# обращений} other {# обращения}}",
      body: "За неделю: {total, plural, one {# обращение} few {# обращения} many {# обращений} other {# обращения}}, в срок {onTime}, просрочено {breached}.\n{lines}",
    },
    en: {
      subject: "Week of {week}: {total, plural, one {# incident} other {# incidents}}",
      body: "This week: {total, plural, one {# incident} other {# incidents}}, {onTime} on time, {breached} breached.\n{lines}",
    },
  },
};

/** Sample variables per kind, for previews of templates. */
export const SAMPLE_VARIABLES: Record<NotificationKind, TemplateVariables> = {
  incident_assigned: { number: "А-2026-0042", department: "Управление ЖКХ", dueAt: "27.11.2026 17:00" },
  sla_warning: { number: "А-2026-0042", metric: "первый ответ", dueAt: "27.11.2026 11:00", minutes: 21 },
  sla_breach: { number: "А-2026-0042", metric: "первый ответ", dueAt: "27.11.2026 11:00" },
  escalation: { number: "А-2026-0042", metric: "первый ответ", dueAt: "27.11.2026 11:00", level: 2 },
  citizen_wrote_again: { number: "А-2026-0042", text: "Яма всё ещё на месте." },
  incident_resolved: { number: "А-2026-0042", reply: "Яма заделана 27 ноября." },
  incident_reply: { number: "А-2026-0042", reply: "Яму заделают до 30 ноября, подрядчик предупреждён." },
  publication_published: { title: "Ремонт улицы Щетинкина", channel: "ВКонтакте" },
  publication_failed: { title: "Ремонт улицы Щетинкина", channel: "ВКонтакте", reason: "нет доступа" },
  hearing_comment_to_moderate: { title: "Правила благоустройства", count: 5 },
  department_request: { number: "А-2026-0042", department: "Управление ЖКХ", dueAt: "27.11.2026 15:00" },
  department_answer: { number: "А-2026-0042", department: "Управление ЖКХ", overdue: 1 },
  daily_digest: { date: "27.11.2026", open: 21, dueToday: 3, breached: 1, lines: "" },
  weekly_digest: { week: "23.11.2026", total: 152, onTime: 140, breached: 12, lines: "" },
};
