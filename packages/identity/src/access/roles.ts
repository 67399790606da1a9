import { z } from "zod";

/**
 * The roles of the office's staff. A user holds one or more; what each may do is
 * declared once, in the permission matrix (`permissions.ts`).
 */
export const Role = z.enum(["admin", "editor", "operator", "executor", "head", "analyst"], {
  error: "Неизвестная роль / Unknown role",
});
export type Role = z.infer<typeof Role>;

/** Every role, in the order the README and the admin list them. */
export const ROLES: readonly Role[] = Role.options;

/** What each role is for, Russian first. */
export const ROLE_DESCRIPTIONS: Record<Role, { ru: string; en: string }> = {
  admin: { ru: "Администратор: настройки и пользователи", en: "Administrator: settings and users" },
  editor: { ru: "Редактор: материалы и публикации", en: "Editor: content and publishing" },
  operator: {
    ru: "Оператор ЦУР: разбор, маршрутизация, публичные ответы",
    en: "Operator of the Municipal Management Center: triage, routing, public replies",
  },
  executor: {
    ru: "Исполнитель: ход работ, подтверждения и заметки по инцидентам своего управления",
    en: "Executor: progress, evidence and internal notes on their department's incidents",
  },
  head: {
    ru: "Руководитель управления: как исполнитель, плюс переназначение внутри управления и его отчёты",
    en: "Department head: as executor, plus reassignment within the department and its reports",
  },
  analyst: { ru: "Аналитик: только просмотр показателей", en: "Analyst: read-only figures" },
};
