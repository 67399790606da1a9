import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  countMyUnread,
  DeliveryPage,
  DeliveryQuery,
  getMyNotification,
  getMyPreferences,
  listDeliveries,
  listMyNotifications,
  listTemplates,
  listTemplateVersions,
  markAllNotificationsRead,
  markNotificationRead,
  NotificationDetail,
  NotificationPage,
  NotificationQuery,
  NotificationView,
  Preferences,
  previewTemplate,
  Template,
  TemplateChange,
  TemplatePreviewInput,
  updateMyPreferences,
  updateTemplate,
} from "@otklik/notifications";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, IdParameter, SESSION, serviceContext } from "../identity/route-support.js";

const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });
const TAGS = ["Notifications"];

const KindParameter = z.object({
  kind: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "kind", in: "path" }, example: "sla_breach" }),
});
const KindLocaleParameters = KindParameter.extend({
  locale: z
    .string()
    .min(2)
    .max(8)
    .openapi({ param: { name: "locale", in: "path" }, example: "ru" }),
});

const NotificationSchema = documented(NotificationView, "Notification");
const PreferencesSchema = documented(Preferences, "NotificationPreferences");
const TemplateSchema = documented(Template, "NotificationTemplate");
const PreviewSchema = z
  .object({
    kind: z.string(),
    locale: z.string(),
    version: z.number().nullable(),
    subject: z.string(),
    body: z.string(),
  })
  .openapi("NotificationTemplatePreview");

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications",
  tags: TAGS,
  summary: "The signed-in person's in-app notifications, newest first, with the unread count",
  security: SESSION,
  request: { query: documented(NotificationQuery, {}) },
  responses: {
    200: {
      description: "A page of notifications",
      content: json(documented(NotificationPage, "NotificationPage")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const readRoute = createRoute({
  method: "post",
  path: "/api/v1/notifications/{id}/read",
  tags: TAGS,
  summary: "Mark one of one's notifications read",
  security: SESSION,
  request: { params: IdParameter },
  responses: {
    200: { description: "Marked read", content: json(NotificationSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const readAllRoute = createRoute({
  method: "post",
  path: "/api/v1/notifications/read-all",
  tags: TAGS,
  summary: "Mark all of one's notifications read",
  security: SESSION,
  responses: {
    200: {
      description: "How many were unread",
      content: json(z.object({ marked: z.number() }).openapi("MarkedRead")),
    },
    ...errorResponses(401, 403),
  },
});

const getPreferencesRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/preferences",
  tags: TAGS,
  summary: "One's notification preferences: channels, quiet hours, digest per kind",
  security: SESSION,
  responses: {
    200: { description: "The preferences", content: json(PreferencesSchema) },
    ...errorResponses(401, 403),
  },
});

const putPreferencesRoute = createRoute({
  method: "put",
  path: "/api/v1/notifications/preferences",
  tags: TAGS,
  summary: "Replace one's notification preferences (critical kinds stay on whatever is chosen)",
  security: SESSION,
  request: { body: { required: true, content: json(PreferencesSchema) } },
  responses: {
    200: { description: "Saved", content: json(PreferencesSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const listTemplatesRoute = createRoute({
  method: "get",
  path: "/api/v1/notification-templates",
  tags: TAGS,
  summary: "Current templates of every kind in Russian and English, with versions (administrator)",
  security: SESSION,
  responses: {
    200: {
      description: "The templates",
      content: json(z.object({ items: z.array(TemplateSchema) }).openapi("NotificationTemplateList")),
    },
    ...errorResponses(401, 403),
  },
});

const previewRoute = createRoute({
  method: "post",
  path: "/api/v1/notification-templates/{kind}/preview",
  tags: TAGS,
  summary: "Render a template (current or a draft) with sample variables (administrator)",
  security: SESSION,
  request: {
    params: KindParameter,
    body: {
      required: true,
      content: json(documented(TemplatePreviewInput, "NotificationTemplatePreviewInput")),
    },
  },
  responses: {
    200: { description: "The rendered text", content: json(PreviewSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const updateTemplateRoute = createRoute({
  method: "put",
  path: "/api/v1/notification-templates/{kind}/{locale}",
  tags: TAGS,
  summary: "Save a new version of a template (administrator)",
  security: SESSION,
  request: {
    params: KindLocaleParameters,
    body: { required: true, content: json(documented(TemplateChange, "NotificationTemplateChange")) },
  },
  responses: {
    200: { description: "The new version", content: json(TemplateSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/{id}",
  tags: TAGS,
  summary: "One of one's notifications, with how each channel (e-mail, Telegram, webhook) fared",
  security: SESSION,
  request: { params: IdParameter },
  responses: {
    200: {
      description: "The notification and its deliveries",
      content: json(documented(NotificationDetail, "NotificationDetail")),
    },
    ...errorResponses(401, 403, 404),
  },
});

const unreadCountRoute = createRoute({
  method: "get",
  path: "/api/v1/notifications/unread-count",
  tags: TAGS,
  summary: "How many of one's in-app notifications are unread (the admin's badge)",
  security: SESSION,
  responses: {
    200: {
      description: "The unread count",
      content: json(z.object({ unreadCount: z.number() }).openapi("NotificationUnreadCount")),
    },
    ...errorResponses(401, 403),
  },
});

const deliveriesRoute = createRoute({
  method: "get",
  path: "/api/v1/notification-deliveries",
  tags: TAGS,
  summary:
    "Every notification on every channel with its state (queued, sending, sent, delivered, failed, suppressed) and reason (administrator)",
  security: SESSION,
  request: { query: documented(DeliveryQuery, {}) },
  responses: {
    200: {
      description: "A page of deliveries, newest first",
      content: json(documented(DeliveryPage, "NotificationDeliveryPage")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const templateVersionsRoute = createRoute({
  method: "get",
  path: "/api/v1/notification-templates/{kind}/{locale}/versions",
  tags: TAGS,
  summary: "Every version of a template, newest first, down to the built-in version 1 (administrator)",
  security: SESSION,
  request: { params: KindLocaleParameters },
  responses: {
    200: {
      description: "The versions",
      content: json(z.object({ items: z.array(TemplateSchema) }).openapi("NotificationTemplateVersions")),
    },
    ...errorResponses(401, 403, 404),
  },
});

/** The in-app inbox, preferences and templates: the routes of @otklik/notifications. */
export function registerNotificationRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(listRoute, async (c) =>
    c.json(await listMyNotifications(serviceContext(c, deps), c.req.valid("query")), 200),
  );
  app.openapi(readAllRoute, async (c) =>
    c.json(await markAllNotificationsRead(serviceContext(c, deps)), 200),
  );
  app.openapi(getPreferencesRoute, async (c) => c.json(await getMyPreferences(serviceContext(c, deps)), 200));
  app.openapi(unreadCountRoute, async (c) => c.json(await countMyUnread(serviceContext(c, deps)), 200));
  app.openapi(deliveriesRoute, async (c) =>
    c.json(await listDeliveries(serviceContext(c, deps), c.req.valid("query")), 200),
  );
  app.openapi(putPreferencesRoute, async (c) =>
    c.json(await updateMyPreferences(serviceContext(c, deps), c.req.valid("json")), 200),
  );
  app.openapi(readRoute, async (c) =>
    c.json(await markNotificationRead(serviceContext(c, deps), c.req.valid("param").id), 200),
  );
  app.openapi(listTemplatesRoute, async (c) =>
    c.json({ items: await listTemplates(serviceContext(c, deps)) }, 200),
  );
  app.openapi(previewRoute, async (c) =>
    c.json(
      await previewTemplate(serviceContext(c, deps), c.req.valid("param").kind, c.req.valid("json")),
      200,
    ),
  );
  app.openapi(updateTemplateRoute, async (c) => {
    const { kind, locale } = c.req.valid("param");
    return c.json(await updateTemplate(serviceContext(c, deps), kind, locale, c.req.valid("json")), 200);
  });
  app.openapi(templateVersionsRoute, async (c) => {
    const { kind, locale } = c.req.valid("param");
    return c.json({ items: await listTemplateVersions(serviceContext(c, deps), kind, locale) }, 200);
  });
  // After the static paths above (`preferences`, `unread-count`), which `{id}` would match too.
  app.openapi(getRoute, async (c) =>
    c.json(await getMyNotification(serviceContext(c, deps), c.req.valid("param").id), 200),
  );
}
