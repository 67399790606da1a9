import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  CalendarEntry,
  CalendarQuery,
  hearingModerationQueue,
  ModerationQueueQuery,
  PublicationState,
  publicationActions,
  publishingCalendar,
  QueuedHearingComment,
  renderMarkdown,
  VariantLimits,
  variantLimits,
  WorkflowVerb,
} from "@otklik/content";
import { requirePermission } from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION } from "../identity/route-support.js";
import {
  type ContentRouteSettings,
  contentContext,
  json,
  PublicationIdParameter,
} from "./content-support.js";

// What the admin's newsroom reads besides the publications themselves: the Markdown preview, the
// workflow buttons a person may press, the pages' limits, the publishing calendar and the hearings'
// moderation queue.

const TAGS = ["Newsroom"];

const previewRoute = createRoute({
  method: "post",
  path: "/api/v1/publications/preview",
  tags: TAGS,
  summary: "Render Markdown as the site will show it (the same safe renderer)",
  security: SESSION,
  request: {
    body: {
      required: true,
      content: json(
        z
          .object({
            body: z
              .string({ error: "Нужен текст / Text required" })
              .max(200_000, { error: "Не длиннее 200 000 знаков / At most 200,000 characters" }),
          })
          .openapi("MarkdownPreviewInput"),
      ),
    },
  },
  responses: {
    200: {
      description: "Safe HTML",
      content: json(z.object({ html: z.string() }).openapi("MarkdownPreview")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const actionsRoute = createRoute({
  method: "get",
  path: "/api/v1/publications/{id}/actions",
  tags: TAGS,
  summary: "The workflow verbs the signed-in person may use on the publication now",
  security: SESSION,
  request: { params: PublicationIdParameter },
  responses: {
    200: {
      description: "State and allowed verbs",
      content: json(
        z
          .object({
            state: documented(PublicationState, "PublicationState"),
            verbs: z.array(documented(WorkflowVerb, "WorkflowVerb")),
          })
          .openapi("PublicationActions"),
      ),
    },
    ...errorResponses(401, 403, 404),
  },
});

const limitsRoute = createRoute({
  method: "get",
  path: "/api/v1/variant-limits",
  tags: TAGS,
  summary: "Each social page's text, caption and photo limits, for live counters",
  security: SESSION,
  responses: {
    200: {
      description: "Limits per platform",
      content: json(z.object({ items: z.array(documented(VariantLimits, "VariantLimits")) })),
    },
    ...errorResponses(401, 403),
  },
});

const calendarRoute = createRoute({
  method: "get",
  path: "/api/v1/publication-calendar",
  tags: TAGS,
  summary: "Scheduled and published items per channel (site and the four pages) in a period ≤ 45 days",
  security: SESSION,
  request: { query: documented(CalendarQuery, "CalendarQuery") },
  responses: {
    200: {
      description: "Entries, earliest first",
      content: json(z.object({ items: z.array(documented(CalendarEntry, "CalendarEntry")) })),
    },
    ...errorResponses(401, 403, 422),
  },
});

const moderationRoute = createRoute({
  method: "get",
  path: "/api/v1/hearing-comments/pending",
  tags: ["Hearings"],
  summary: "Comments on every hearing waiting for premoderation, oldest first",
  security: SESSION,
  request: { query: documented(ModerationQueueQuery, "ModerationQueueQuery") },
  responses: {
    200: {
      description: "The moderation queue",
      content: json(z.object({ items: z.array(documented(QueuedHearingComment, "QueuedHearingComment")) })),
    },
    ...errorResponses(401, 403, 422),
  },
});

/** The newsroom's helper routes. */
export function registerNewsroomRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings,
): void {
  const context = (c: Parameters<typeof contentContext>[0]) => contentContext(c, deps, settings);
  app.openapi(previewRoute, async (c) => {
    requirePermission(c.get("actor"), "publication:edit");
    return c.json({ html: renderMarkdown(c.req.valid("json").body) }, 200);
  });
  app.openapi(actionsRoute, async (c) =>
    c.json(await publicationActions(context(c), c.req.valid("param").id), 200),
  );
  app.openapi(limitsRoute, async (c) => {
    requirePermission(c.get("actor"), "publication:edit");
    return c.json({ items: variantLimits() }, 200);
  });
  // The verbs parse the query themselves (their schemas turn strings into dates).
  app.openapi(calendarRoute, async (c) => {
    c.req.valid("query");
    return c.json({ items: await publishingCalendar(context(c), c.req.query() as CalendarQuery) }, 200);
  });
  app.openapi(moderationRoute, async (c) =>
    c.json({ items: await hearingModerationQueue(context(c), c.req.valid("query")) }, 200),
  );
}
