import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  approvePublication,
  archivePublication,
  createPublication,
  diffRevisions,
  getPublication,
  listPublications,
  listRevisions,
  listVariants,
  NewPublication,
  Publication,
  PublicationChanges,
  PublicationQuery,
  PublishInput,
  publishPublication,
  Revision,
  RevisionDiff,
  restoreRevision,
  retryVariant,
  returnPublication,
  ScheduleInput,
  SocialPlatform,
  saveVariant,
  schedulePublication,
  submitPublication,
  unpublishPublication,
  updatePublication,
  Variant,
  VariantInput,
} from "@otklik/content";
import { pageOf } from "@otklik/core";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION } from "../identity/route-support.js";
import {
  type ContentRouteSettings,
  contentContext,
  json,
  PublicationIdParameter,
  rawBody,
} from "./content-support.js";

const PublicationSchema = documented(Publication, "Publication");
const VariantSchema = documented(Variant, "SocialVariant");
const TAGS = ["Publications"];

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/publications",
  tags: TAGS,
  summary: "Publications in every state, newest first (editors)",
  security: SESSION,
  request: { query: documented(PublicationQuery, "PublicationQuery") },
  responses: {
    200: {
      description: "A page of publications",
      content: json(pageOf(PublicationSchema).openapi("PublicationPage")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const createPublicationRoute = createRoute({
  method: "post",
  path: "/api/v1/publications",
  tags: TAGS,
  summary: "Write a new publication: a draft, revision 1",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewPublication, "NewPublication")) } },
  responses: {
    201: { description: "Created", content: json(PublicationSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/v1/publications/{id}",
  tags: TAGS,
  summary: "One publication, as editors see it",
  security: SESSION,
  request: { params: PublicationIdParameter },
  responses: {
    200: { description: "The publication", content: json(PublicationSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/api/v1/publications/{id}",
  tags: TAGS,
  summary: "Change a publication: a new revision; a live one goes back to review",
  security: SESSION,
  request: {
    params: PublicationIdParameter,
    body: { required: true, content: json(documented(PublicationChanges, "PublicationChanges")) },
  },
  responses: {
    200: { description: "Saved", content: json(PublicationSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const verbRoute = (verb: string, summary: string, body?: z.ZodType) =>
  createRoute({
    method: "post",
    path: `/api/v1/publications/{id}/${verb}`,
    tags: TAGS,
    summary,
    security: SESSION,
    request: {
      params: PublicationIdParameter,
      ...(body ? { body: { required: verb === "schedule", content: json(body) } } : {}),
    },
    responses: {
      200: { description: "The publication in its new state", content: json(PublicationSchema) },
      ...errorResponses(401, 403, 404, 409, 422),
    },
  });

const revisionsRoute = createRoute({
  method: "get",
  path: "/api/v1/publications/{id}/revisions",
  tags: TAGS,
  summary: "Every saved revision, newest first",
  security: SESSION,
  request: { params: PublicationIdParameter },
  responses: {
    200: {
      description: "Revisions",
      content: json(z.object({ items: z.array(documented(Revision, "Revision")) })),
    },
    ...errorResponses(401, 403, 404),
  },
});

const diffRoute = createRoute({
  method: "get",
  path: "/api/v1/publications/{id}/revisions/diff",
  tags: TAGS,
  summary: "What changed between two revisions, field by field (line diff)",
  security: SESSION,
  request: {
    params: PublicationIdParameter,
    query: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
  },
  responses: {
    200: { description: "The diff", content: json(documented(RevisionDiff, "RevisionDiff")) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const restoreRoute = createRoute({
  method: "post",
  path: "/api/v1/publications/{id}/revisions/{number}/restore",
  tags: TAGS,
  summary: "Make an old revision's content the newest revision",
  security: SESSION,
  request: {
    params: PublicationIdParameter.extend({
      number: z.coerce
        .number()
        .int()
        .min(1)
        .openapi({ param: { name: "number", in: "path" }, example: 1 }),
    }),
  },
  responses: {
    200: { description: "Restored", content: json(PublicationSchema) },
    ...errorResponses(401, 403, 404, 409),
  },
});

const variantsRoute = createRoute({
  method: "get",
  path: "/api/v1/publications/{id}/variants",
  tags: TAGS,
  summary: "The publication's posts on the social pages, with counters and delivery states",
  security: SESSION,
  request: { params: PublicationIdParameter },
  responses: {
    200: { description: "Posts", content: json(z.object({ items: z.array(VariantSchema) })) },
    ...errorResponses(401, 403, 404),
  },
});

const saveVariantRoute = createRoute({
  method: "put",
  path: "/api/v1/publications/{id}/variants/{platform}",
  tags: TAGS,
  summary: "Set the post for one social page: text within the platform's limits, photos, time",
  security: SESSION,
  request: {
    params: PublicationIdParameter.extend({
      platform: documented(SocialPlatform, { param: { name: "platform", in: "path" }, example: "vk" }),
    }),
    body: { required: true, content: json(documented(VariantInput, "VariantInput")) },
  },
  responses: {
    200: { description: "Saved", content: json(VariantSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const retryVariantRoute = createRoute({
  method: "post",
  path: "/api/v1/variants/{id}/retry",
  tags: TAGS,
  summary: "Send a failed social post again (not one whose outcome is unknown)",
  security: SESSION,
  request: { params: PublicationIdParameter },
  responses: {
    200: { description: "Queued again", content: json(VariantSchema) },
    ...errorResponses(401, 403, 404, 409),
  },
});

/** The newsroom's routes: publications, the workflow, revisions and social posts. */
export function registerPublicationRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings,
): void {
  const context = (c: Parameters<typeof contentContext>[0]) => contentContext(c, deps, settings);
  app.openapi(listRoute, async (c) => c.json(await listPublications(context(c), c.req.valid("query")), 200));
  app.openapi(createPublicationRoute, async (c) =>
    c.json(
      await createPublication(context(c), (await rawBody(c)) as NewPublication, {
        siteUrl: settings.siteUrl,
      }),
      201,
    ),
  );
  app.openapi(getRoute, async (c) => c.json(await getPublication(context(c), c.req.valid("param").id), 200));
  app.openapi(updateRoute, async (c) =>
    c.json(
      await updatePublication(context(c), c.req.valid("param").id, (await rawBody(c)) as PublicationChanges),
      200,
    ),
  );
  app.openapi(verbRoute("submit", "Send for review"), async (c) =>
    c.json(await submitPublication(context(c), c.req.valid("param").id), 200),
  );
  app.openapi(verbRoute("approve", "Approve the text under review"), async (c) =>
    c.json(await approvePublication(context(c), c.req.valid("param").id), 200),
  );
  app.openapi(verbRoute("return", "Send back to draft"), async (c) =>
    c.json(await returnPublication(context(c), c.req.valid("param").id), 200),
  );
  app.openapi(
    verbRoute(
      "schedule",
      "Publish at a time (and optionally take down later)",
      documented(ScheduleInput, "ScheduleInput"),
    ),
    async (c) =>
      c.json(
        await schedulePublication(context(c), c.req.valid("param").id, (await rawBody(c)) as ScheduleInput),
        200,
      ),
  );
  app.openapi(
    verbRoute("publish", "Publish now and queue the social posts", documented(PublishInput, "PublishInput")),
    async (c) =>
      c.json(
        await publishPublication(context(c), c.req.valid("param").id, (await rawBody(c)) as PublishInput),
        200,
      ),
  );
  app.openapi(verbRoute("unpublish", "Take off the site"), async (c) =>
    c.json(await unpublishPublication(context(c), c.req.valid("param").id), 200),
  );
  app.openapi(verbRoute("archive", "Archive (read-only, off the site)"), async (c) =>
    c.json(await archivePublication(context(c), c.req.valid("param").id), 200),
  );
  app.openapi(revisionsRoute, async (c) =>
    c.json({ items: await listRevisions(context(c), c.req.valid("param").id) }, 200),
  );
  app.openapi(diffRoute, async (c) => {
    const { from, to } = c.req.valid("query");
    return c.json(await diffRevisions(context(c), c.req.valid("param").id, from, to), 200);
  });
  app.openapi(restoreRoute, async (c) => {
    const { id, number } = c.req.valid("param");
    return c.json(await restoreRevision(context(c), id, number), 200);
  });
  app.openapi(variantsRoute, async (c) =>
    c.json({ items: await listVariants(context(c), c.req.valid("param").id) }, 200),
  );
  app.openapi(saveVariantRoute, async (c) => {
    const { id, platform } = c.req.valid("param");
    return c.json(await saveVariant(context(c), id, platform, (await rawBody(c)) as VariantInput), 200);
  });
  app.openapi(retryVariantRoute, async (c) =>
    c.json(await retryVariant(context(c), c.req.valid("param").id), 200),
  );
}
