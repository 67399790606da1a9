import type { Language } from "../../i18n/messages.js";
import type { DayKind, DaySource, DeskCalendar } from "./sla-model.js";

/** The SLA policy and calendar screens' texts; in their own chunk, downloaded by administrators only. */
const SLA_MESSAGES = {
  ru: {
    policyHeading: "Политика SLA",
    policyIntro:
      "Сроки ответа и устранения по категориям, каналам и срочности. Сохранение создаёт новую версию: обращения, " +
      "зарегистрированные после него, считаются по ней, прежние сохраняют свои сроки.",
    currentVersion: (version: number) => `Действует версия ${version}`,
    editorHeading: "Редактор политики",
    editorLabel: "Политика (JSON)",
    editorHint:
      "Показатели (metrics), приостанавливающие статусы (pausingStatuses) и правила (rules): первое подходящее правило " +
      "задаёт срок; последнее — правило по умолчанию. Календари: office — рабочий, duty — дежурный, always-open — круглосуточно.",
    note: "Комментарий к версии",
    saveVersion: "Сохранить новую версию",
    savedVersion: (version: number) => `Сохранена версия ${version}. Новые обращения считаются по ней.`,
    jsonBroken: (message: string) => `Это не JSON: ${message}`,
    problemsHeading: "Ошибки в политике",
    noProblems: "Ошибок нет.",
    previewHeading: "Предпросмотр сроков",
    previewIntro:
      "Сроки обращения, полученного в указанное время, по черновику из редактора и текущим календарям.",
    receivedAt: "Обращение получено (время города)",
    category: "Категория (необязательно)",
    categoryHint: "Код категории, например roads, heating, street-lighting",
    channel: "Канал (необязательно)",
    urgent: "Срочное обращение",
    metric: "Показатель",
    rule: "Правило",
    calendarColumn: "Календарь",
    due: "Срок (время города)",
    noDeadline: "нет срока",
    previewCaption: "Сроки по показателям",
    metricNames: {
      "first-reply": "Первый публичный ответ",
      "platform-answer": "Ответ на платформе",
      resolution: "Устранение",
    } as Record<string, string>,
    calendarNames: {
      office: "Рабочий календарь",
      duty: "Дежурный календарь",
      "always-open": "Круглосуточно",
    } as Record<string, string>,
    versionsHeading: "Версии",
    versionLabel: (version: number) => `Версия ${version}`,
    configured: "исходная (из настроек сервера)",
    currentMark: "действует",
    openVersion: "Открыть в редакторе",
    // calendars
    calendarsHeading: "Календари",
    calendarsIntro:
      "Рабочий календарь (office) — производственный календарь администрации; дежурный (duty) — часы дежурной службы " +
      "ЦУР. Праздники, перенесённые и сокращённые дни меняют сроки новых обращений сразу после сохранения.",
    whichCalendar: "Календарь",
    monthHeading: (month: string) => `Месяц: ${month}`,
    previousMonth: "Предыдущий месяц",
    nextMonth: "Следующий месяц",
    weekdays: ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
    weekdayNames: ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"],
    legend: "Обозначения",
    kinds: {
      working: "рабочий",
      "non-working": "нерабочий",
      shortened: "сокращённый",
    } satisfies Record<DayKind, string>,
    kindMarks: { working: "", "non-working": "вых", shortened: "сокр" } satisfies Record<DayKind, string>,
    sources: {
      "production-calendar": "производственный календарь",
      regional: "региональный",
      manual: "вручную",
    } satisfies Record<DaySource, string>,
    builtIn: "встроенные правила",
    importHeading: "Импорт производственного календаря",
    importHint:
      "CSV с портала открытых данных (data.gov.ru): строка на год, в ячейках месяцев — нерабочие дни, «*» — сокращённый " +
      "день, «+» — перенос. Дни каждого года из файла заменяют импортированные раньше; дни, добавленные вручную, остаются.",
    file: "Файл CSV",
    importButton: "Импортировать",
    noFile: "Выберите файл CSV.",
    imported: (years: string) => `Импортировано: ${years}`,
    importedYear: (year: number, days: number, working: number, kept: number) =>
      `${year} — ${days} дн. (рабочих дней в году: ${working}${kept > 0 ? `; оставлено своих: ${kept}` : ""})`,
    fileProblems: "Файл не импортирован",
    line: (line: number | string, column: string) => `Строка ${line}, «${column}»`,
    addHeading: "Добавить день",
    addHint:
      "Региональный праздник (например, День Республики Хакасия 3 июля), перенос или сокращённый день.",
    date: "Дата",
    kind: "Вид дня",
    dayNote: "Название или основание",
    source: "Источник",
    addButton: "Добавить день",
    added: (date: string) => `День ${date} сохранён.`,
    removed: (date: string) => `День ${date} удалён.`,
    daysHeading: (year: number) => `Сохранённые дни ${year} года`,
    noDays: "В этом году нет сохранённых дней: действуют недельный график и встроенные правила.",
    remove: "Удалить",
    removeLabel: (date: string) => `Удалить день ${date}`,
    actions: "Действия",
    year: "Год",
  },
  en: {
    policyHeading: "SLA policy",
    policyIntro:
      "Reply and fix deadlines by category, channel and urgency. Saving makes a new version: incidents registered " +
      "after it are measured by it, earlier ones keep their deadlines.",
    currentVersion: (version: number) => `Version ${version} is in force`,
    editorHeading: "Policy editor",
    editorLabel: "Policy (JSON)",
    editorHint:
      "Metrics, pausing statuses and rules: the first matching rule sets a target; the last one is the default. " +
      "Calendars: office (working), duty (the desk's duty hours), always-open (round the clock).",
    note: "Note for this version",
    saveVersion: "Save a new version",
    savedVersion: (version: number) => `Version ${version} saved. New incidents are measured by it.`,
    jsonBroken: (message: string) => `This is not JSON: ${message}`,
    problemsHeading: "Problems in the policy",
    noProblems: "No problems.",
    previewHeading: "Deadline preview",
    previewIntro:
      "The deadlines of an incident received at the given time, by the draft in the editor and the current calendars.",
    receivedAt: "Incident received (city time)",
    category: "Category (optional)",
    categoryHint: "A category code, e.g. roads, heating, street-lighting",
    channel: "Channel (optional)",
    urgent: "Urgent incident",
    metric: "Metric",
    rule: "Rule",
    calendarColumn: "Calendar",
    due: "Due (city time)",
    noDeadline: "no deadline",
    previewCaption: "Deadlines by metric",
    metricNames: {
      "first-reply": "First public reply",
      "platform-answer": "Answer on the platform",
      resolution: "Fix",
    } as Record<string, string>,
    calendarNames: {
      office: "Working calendar",
      duty: "Duty calendar",
      "always-open": "Round the clock",
    } as Record<string, string>,
    versionsHeading: "Versions",
    versionLabel: (version: number) => `Version ${version}`,
    configured: "initial (from the server's settings)",
    currentMark: "in force",
    openVersion: "Open in the editor",
    calendarsHeading: "Calendars",
    calendarsIntro:
      "The working calendar (office) is the administration's production calendar; the duty calendar (duty) holds the " +
      "desk's duty hours. Holidays, transferred and shortened days change new incidents' deadlines as soon as saved.",
    whichCalendar: "Calendar",
    monthHeading: (month: string) => `Month: ${month}`,
    previousMonth: "Previous month",
    nextMonth: "Next month",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    weekdayNames: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    legend: "Legend",
    kinds: {
      working: "working",
      "non-working": "day off",
      shortened: "shortened",
    } satisfies Record<DayKind, string>,
    kindMarks: { working: "", "non-working": "off", shortened: "short" } satisfies Record<DayKind, string>,
    sources: {
      "production-calendar": "production calendar",
      regional: "regional",
      manual: "by hand",
    } satisfies Record<DaySource, string>,
    builtIn: "built-in rules",
    importHeading: "Import the production calendar",
    importHint:
      "The CSV of the open-data portal (data.gov.ru): a row per year, each month cell listing the days off, `*` a " +
      "shortened day, `+` a transfer. Each year in the file replaces the days imported before; days added by hand stay.",
    file: "CSV file",
    importButton: "Import",
    noFile: "Choose a CSV file.",
    imported: (years: string) => `Imported: ${years}`,
    importedYear: (year: number, days: number, working: number, kept: number) =>
      `${year} — ${days} days (working days in the year: ${working}${kept > 0 ? `; own days kept: ${kept}` : ""})`,
    fileProblems: "The file was not imported",
    line: (line: number | string, column: string) => `Line ${line}, “${column}”`,
    addHeading: "Add a day",
    addHint:
      "A regional holiday (e.g. the Day of the Republic of Khakassia, 3 July), a transfer or a shortened day.",
    date: "Date",
    kind: "Kind of day",
    dayNote: "Name or grounds",
    source: "Source",
    addButton: "Add day",
    added: (date: string) => `Day ${date} saved.`,
    removed: (date: string) => `Day ${date} removed.`,
    daysHeading: (year: number) => `Stored days of ${year}`,
    noDays: "No stored days this year: the weekly hours and built-in rules apply.",
    remove: "Remove",
    removeLabel: (date: string) => `Remove day ${date}`,
    actions: "Actions",
    year: "Year",
  },
};

export type SlaMessages = (typeof SLA_MESSAGES)["ru"];

export function slaMessages(language: Language): SlaMessages {
  return SLA_MESSAGES[language];
}

export function calendarName(text: SlaMessages, calendar: DeskCalendar | string): string {
  return text.calendarNames[calendar] ?? calendar;
}
