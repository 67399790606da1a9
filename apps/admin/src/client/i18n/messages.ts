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
  },
};

const DATABASE_NAMES: Record<string, string> = { pglite: "PGlite", postgres: "PostgreSQL" };

/** The database's name as people write it. */
export function databaseName(kind: string): string {
  return DATABASE_NAMES[kind] ?? kind;
}
