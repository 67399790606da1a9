import { OtklikError } from "@otklik/core";
import type { Executor } from "@otklik/db";
import { requirePermission } from "@otklik/identity";
import { and, desc, eq } from "drizzle-orm";
import type { NotificationContext } from "../context.js";
import { Locale, NOTIFICATION_KINDS, NotificationKind } from "../kinds/kinds.js";
import { notificationTemplates } from "../schema.js";
import { DEFAULT_TEMPLATES, SAMPLE_VARIABLES } from "./default-templates.js";
import { renderTemplate, type TemplateVariables, templateVariables } from "./render.js";
import { Template, TemplateChange, TemplatePreviewInput } from "./template.js";

const BUILT_IN_AT = "2026-01-01T00:00:00.000Z";

function builtIn(kind: NotificationKind, locale: Locale): Template {
  const text = DEFAULT_TEMPLATES[kind][locale];
  return { kind, locale, version: 1, ...text, updatedBy: null, createdAt: BUILT_IN_AT };
}

/** The current version of a template: the latest an administrator wrote, else the built-in one. */
export async function currentTemplate(
  db: Executor,
  kind: NotificationKind,
  locale: Locale,
): Promise<Template> {
  const [row] = await db.drizzle
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.kind, kind), eq(notificationTemplates.locale, locale)))
    .orderBy(desc(notificationTemplates.version))
    .limit(1);
  if (!row) return builtIn(kind, locale);
  return Template.parse({ ...row, createdAt: row.createdAt.toISOString() });
}

/** Renders a template's subject and body. */
export function renderWith(
  template: Template,
  variables: TemplateVariables,
): { subject: string; body: string } {
  return {
    subject: renderTemplate(template.subject, variables, template.locale),
    body: renderTemplate(template.body, variables, template.locale),
  };
}

/** Every kind's current templates in both languages, with their versions (administrators). */
export async function listTemplates(ctx: NotificationContext): Promise<Template[]> {
  requirePermission(ctx.actor, "settings:edit");
  const out: Template[] = [];
  for (const kind of NOTIFICATION_KINDS) {
    for (const locale of Locale.options) out.push(await currentTemplate(ctx.db, kind, locale));
  }
  return out;
}

function parseKind(kind: string): NotificationKind {
  const parsed = NotificationKind.safeParse(kind);
  if (!parsed.success)
    throw new OtklikError("not_found", `Нет такого вида уведомлений / No such notification kind: ${kind}`);
  return parsed.data;
}

/**
 * Renders a template (the current version or a draft) with the given variables over the kind's
 * sample ones, so an administrator sees the letter before saving it.
 */
export async function previewTemplate(
  ctx: NotificationContext,
  kindName: string,
  input: TemplatePreviewInput,
): Promise<{
  kind: NotificationKind;
  locale: Locale;
  version: number | null;
  subject: string;
  body: string;
}> {
  requirePermission(ctx.actor, "settings:edit");
  const kind = parseKind(kindName);
  const parsed = TemplatePreviewInput.parse(input);
  const current = await currentTemplate(ctx.db, kind, parsed.locale);
  const template = parsed.draft ? { ...current, ...parsed.draft } : current;
  const rendered = renderWith(template, { ...SAMPLE_VARIABLES[kind], ...parsed.variables });
  return { kind, locale: parsed.locale, version: parsed.draft ? null : current.version, ...rendered };
}

/**
 * Saves a new version of a template. It must use only the variables its kind provides (the
 * sample set names them), and it must render: a broken template is refused, not sent.
 */
export async function updateTemplate(
  ctx: NotificationContext,
  kindName: string,
  localeName: string,
  change: TemplateChange,
): Promise<Template> {
  const actor = ctx.actor;
  requirePermission(actor, "settings:edit");
  const kind = parseKind(kindName);
  const locale = Locale.safeParse(localeName);
  if (!locale.success) throw new OtklikError("not_found", `Нет такого языка / No such locale: ${localeName}`);
  const input = TemplateChange.parse(change);
  const known = new Set(Object.keys(SAMPLE_VARIABLES[kind]));
  const unknown = [...templateVariables(input.subject), ...templateVariables(input.body)].filter(
    (name) => !known.has(name),
  );
  if (unknown.length > 0) {
    throw new OtklikError(
      "validation_failed",
      `Неизвестные переменные: ${unknown.join(", ")} (известны: ${[...known].join(", ")}) / Unknown variables: ${unknown.join(", ")} (known: ${[...known].join(", ")})`,
    );
  }
  renderWith({ ...builtIn(kind, locale.data), ...input }, SAMPLE_VARIABLES[kind]);
  const current = await currentTemplate(ctx.db, kind, locale.data);
  const now = ctx.clock.now();
  const [row] = await ctx.db.drizzle
    .insert(notificationTemplates)
    .values({
      kind,
      locale: locale.data,
      version: current.version + 1,
      subject: input.subject,
      body: input.body,
      updatedBy: actor.kind === "user" ? actor.userId : null,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new OtklikError("conflict", "Шаблон изменён одновременно / Template changed concurrently");
  return Template.parse({ ...row, createdAt: row.createdAt.toISOString() });
}

/**
 * Every version of one template, newest first, down to the built-in version 1 (administrators):
 * what was sent when, since each notification records the version it was rendered from.
 */
export async function listTemplateVersions(
  ctx: NotificationContext,
  kindName: string,
  localeName: string,
): Promise<Template[]> {
  requirePermission(ctx.actor, "settings:edit");
  const kind = parseKind(kindName);
  const locale = Locale.safeParse(localeName);
  if (!locale.success) throw new OtklikError("not_found", `Нет такого языка / No such locale: ${localeName}`);
  const rows = await ctx.db.drizzle
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.kind, kind), eq(notificationTemplates.locale, locale.data)))
    .orderBy(desc(notificationTemplates.version));
  const stored = rows.map((row) => Template.parse({ ...row, createdAt: row.createdAt.toISOString() }));
  return stored.some((template) => template.version === 1) ? stored : [...stored, builtIn(kind, locale.data)];
}
