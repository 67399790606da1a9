import type { SectionId } from "../access/sections.js";
import type { Role } from "../api/identity.js";

export type Language = "ru" | "en";

/** Every fixed text of the admin, in both languages; Russian is the default. */
export interface Messages {
  product: string;
  workspace: string;
  languageLabel: string;
  statusHeading: string;
  api: string;
  apiWorking: string;
  apiUnavailable: string;
  version: string;
  database: string;
  databaseReady: (kind: string) => string;
  databaseNotReady: string;
  checkedAt: string;
  checking: string;
  checkAgain: string;
  unknown: string;
  skipToContent: string;
  loading: string;
  signInHeading: string;
  signInIntro: string;
  email: string;
  password: string;
  totp: string;
  totpHint: string;
  signIn: string;
  signingIn: string;
  signOut: string;
  lockedOut: (minutes: number) => string;
  navigationLabel: string;
  signedInAs: string;
  noDepartment: string;
  sections: Record<SectionId, string>;
  roles: Record<Role, string>;
  comingHeading: string;
  comingText: string;
  noAccessHeading: string;
  noAccessText: string;
  notFoundHeading: string;
  toStart: string;
  loadFailed: string;
  tryAgain: string;
}

export const MESSAGES: Record<Language, Messages> = {
  ru: {
    product: "Отклик",
    workspace: "Рабочее место пресс-службы",
    languageLabel: "Язык интерфейса",
    statusHeading: "Состояние системы",
    api: "API",
    apiWorking: "Работает",
    apiUnavailable: "Недоступен",
    version: "Версия",
    database: "База данных",
    databaseReady: (kind) => `Готова (${kind})`,
    databaseNotReady: "Не готова",
    checkedAt: "Проверено",
    checking: "Проверяем…",
    checkAgain: "Проверить снова",
    unknown: "—",
    skipToContent: "Перейти к содержанию",
    loading: "Загрузка…",
    signInHeading: "Вход в рабочее место",
    signInIntro: "Для сотрудников пресс-службы и управлений администрации.",
    email: "Электронная почта",
    password: "Пароль",
    totp: "Код из приложения-аутентификатора",
    totpHint: "6 цифр; код меняется каждые 30 секунд",
    signIn: "Войти",
    signingIn: "Входим…",
    signOut: "Выйти",
    lockedOut: (minutes) => `Слишком много неудачных попыток входа. Повторите через ${minutes} мин.`,
    navigationLabel: "Разделы",
    signedInAs: "Вы вошли как",
    noDepartment: "без управления",
    sections: {
      inbox: "Входящие",
      incidents: "Обращения",
      map: "Карта",
      department: "Управление",
      newsroom: "Новости и публикации",
      dashboards: "Дашборды",
      report: "Отчёт",
      settings: "Настройки",
    },
    roles: {
      admin: "Администратор",
      editor: "Редактор",
      operator: "Оператор ЦУР",
      executor: "Исполнитель",
      head: "Руководитель управления",
      analyst: "Аналитик",
    },
    comingHeading: "В разработке",
    comingText: "Этот раздел ещё не готов. Данные появятся здесь, когда он будет построен.",
    noAccessHeading: "Нет доступа",
    noAccessText:
      "У вашей роли нет прав на этот раздел. Если они нужны для работы, обратитесь к администратору.",
    notFoundHeading: "Страница не найдена",
    toStart: "На главную",
    loadFailed: "Не удалось загрузить данные",
    tryAgain: "Повторить",
  },
  en: {
    product: "Otklik",
    workspace: "Press office workspace",
    languageLabel: "Interface language",
    statusHeading: "System status",
    api: "API",
    apiWorking: "Working",
    apiUnavailable: "Unavailable",
    version: "Version",
    database: "Database",
    databaseReady: (kind) => `Ready (${kind})`,
    databaseNotReady: "Not ready",
    checkedAt: "Checked",
    checking: "Checking…",
    checkAgain: "Check again",
    unknown: "—",
    skipToContent: "Skip to content",
    loading: "Loading…",
    signInHeading: "Sign in to the workspace",
    signInIntro: "For staff of the press office and the administration's departments.",
    email: "E-mail",
    password: "Password",
    totp: "Code from the authenticator app",
    totpHint: "6 digits; the code changes every 30 seconds",
    signIn: "Sign in",
    signingIn: "Signing in…",
    signOut: "Sign out",
    lockedOut: (minutes) => `Too many failed sign-ins. Try again in ${minutes} min.`,
    navigationLabel: "Sections",
    signedInAs: "Signed in as",
    noDepartment: "no department",
    sections: {
      inbox: "Inbox",
      incidents: "Incidents",
      map: "Map",
      department: "Department",
      newsroom: "Newsroom",
      dashboards: "Dashboards",
      report: "Report",
      settings: "Settings",
    },
    roles: {
      admin: "Administrator",
      editor: "Editor",
      operator: "MMC operator",
      executor: "Executor",
      head: "Department head",
      analyst: "Analyst",
    },
    comingHeading: "Coming",
    comingText: "This section is not built yet. Its data will appear here once it is.",
    noAccessHeading: "No access",
    noAccessText:
      "Your role has no rights to this section. If you need them for your work, ask an administrator.",
    notFoundHeading: "Page not found",
    toStart: "To the start page",
    loadFailed: "Could not load the data",
    tryAgain: "Try again",
  },
};

const DATABASE_NAMES: Record<string, string> = { pglite: "PGlite", postgres: "PostgreSQL" };

/** The database's name as people write it. */
export function databaseName(kind: string): string {
  return DATABASE_NAMES[kind] ?? kind;
}
