import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  atomFeed,
  getPublicPublication,
  HandbookSection,
  HearingComment,
  hearingsCalendar,
  listHandbookSections,
  listPublicPublications,
  listPublishedHearingComments,
  listPublishers,
  NewHearingComment,
  PublicationType,
  PublicPublication,
  PublicPublicationQuery,
  Publisher,
  rssFeed,
  SearchHit,
  SearchQuery,
  searchPublications,
  sitemapXml,
  submitHearingComment,
} from "@otklik/content";
import { pageOf } from "@otklik/core";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, PUBLIC } from "../identity/route-support.js";
import { type ContentRouteSettings, contentContext, json, rawBody, siteInfo } from "./content-support.js";

const PublicPublicationSchema = documented(PublicPublication, "PublicPublication");
const HearingCommentSchema = documented(HearingComment, "HearingComment");
const TAGS = ["Site"];
const SlugParameter = z.object({
  slug: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "slug", in: "path" }, example: "yamy-na-dorogah" }),
});
const FeedQuery = z.object({ type: documented(PublicationType, "PublicationType").optional() });

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/public/publications",
  tags: TAGS,
  summary: "Publications on the site, newest first",
  security: PUBLIC,
  request: { query: documented(PublicPublicationQuery, "PublicPublicationQuery") },
  responses: {
    200: {
      description: "A page",
      content: json(pageOf(PublicPublicationSchema).openapi("PublicPublicationPage")),
    },
    ...errorResponses(422),
  },
});

const bySlugRoute = createRoute({
  method: "get",
  path: "/api/v1/public/publications/{slug}",
  tags: TAGS,
  summary: "One publication on the site, by its address",
  security: PUBLIC,
  request: { params: SlugParameter },
  responses: {
    200: { description: "The publication", content: json(PublicPublicationSchema) },
    ...errorResponses(404),
  },
});

const commentsRoute = createRoute({
  method: "get",
  path: "/api/v1/public/publications/{slug}/comments",
  tags: TAGS,
  summary: "A hearing's published comments with the official answers",
  security: PUBLIC,
  request: { params: SlugParameter },
  responses: {
    200: { description: "Comments", content: json(z.object({ items: z.array(HearingCommentSchema) })) },
    ...errorResponses(404),
  },
});

const submitCommentRoute = createRoute({
  method: "post",
  path: "/api/v1/public/publications/{slug}/comments",
  tags: TAGS,
  summary: "Comment on a hearing's draft (during the period, with consent; premoderated)",
  security: PUBLIC,
  request: {
    params: SlugParameter,
    body: { required: true, content: json(documented(NewHearingComment, "NewHearingComment")) },
  },
  responses: {
    201: { description: "Received, waiting for moderation", content: json(HearingCommentSchema) },
    ...errorResponses(404, 409, 422, 429),
  },
});

const publishersRoute = createRoute({
  method: "get",
  path: "/api/v1/publishers",
  tags: TAGS,
  summary: "Who publishes: the administration, departments, the Council of Deputies, the election commission",
  security: PUBLIC,
  responses: {
    200: {
      description: "Publishers",
      content: json(z.object({ items: z.array(documented(Publisher, "Publisher")) })),
    },
  },
});

const sectionsRoute = createRoute({
  method: "get",
  path: "/api/v1/handbook/sections",
  tags: TAGS,
  summary: "Sections of the citizen's handbook",
  security: PUBLIC,
  responses: {
    200: {
      description: "Sections",
      content: json(z.object({ items: z.array(documented(HandbookSection, "HandbookSection")) })),
    },
  },
});

const searchRoute = createRoute({
  method: "get",
  path: "/api/v1/search",
  tags: TAGS,
  summary:
    "Search the site (Russian morphology, misspelt words corrected), ranked, with highlighted snippets",
  description:
    "Ранжирование — среди 300 самых новых совпадений; слова, которых нет на сайте, исправляются на ближайшие " +
    "(`correctedQuery`). / Ranked by relevance among the 300 newest matches; words the site does not have are " +
    "corrected to the nearest ones it has (`correctedQuery`).",
  security: PUBLIC,
  request: { query: documented(SearchQuery, "SearchQuery") },
  responses: {
    200: {
      description: "Hits, best first",
      content: json(
        z
          .object({
            items: z.array(documented(SearchHit, "SearchHit")),
            correctedQuery: z.string().nullable().openapi({ example: "концерт в парке" }),
          })
          .openapi("SearchResults"),
      ),
    },
    ...errorResponses(422),
  },
});

const feedRoute = (path: string, mediaType: string, summary: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["Feeds"],
    summary,
    security: PUBLIC,
    request: { query: FeedQuery },
    responses: {
      200: { description: summary, content: { [mediaType]: { schema: z.string() } } },
      ...errorResponses(422),
    },
  });

const documentRoute = (path: string, mediaType: string, summary: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["Feeds"],
    summary,
    security: PUBLIC,
    responses: { 200: { description: summary, content: { [mediaType]: { schema: z.string() } } } },
  });

/** What the site reads: live publications, hearing comments, search, feeds. Public. */
export function registerPublicContentRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings,
): void {
  const site = siteInfo(deps, settings);
  app.openapi(listRoute, async (c) => c.json(await listPublicPublications(deps, c.req.valid("query")), 200));
  app.openapi(bySlugRoute, async (c) =>
    c.json(await getPublicPublication(deps, c.req.valid("param").slug), 200),
  );
  app.openapi(commentsRoute, async (c) => {
    const { slug } = c.req.valid("param");
    await getPublicPublication(deps, slug);
    return c.json({ items: await listPublishedHearingComments(deps, slug) }, 200);
  });
  app.openapi(submitCommentRoute, async (c) =>
    c.json(
      await submitHearingComment(
        contentContext(c, deps, settings),
        c.req.valid("param").slug,
        (await rawBody(c)) as NewHearingComment,
      ),
      201,
    ),
  );
  app.openapi(publishersRoute, async (c) => c.json({ items: await listPublishers(deps) }, 200));
  app.openapi(sectionsRoute, async (c) => c.json({ items: await listHandbookSections(deps) }, 200));
  app.openapi(searchRoute, async (c) => c.json(await searchPublications(deps, c.req.valid("query")), 200));
  app.openapi(
    feedRoute("/api/v1/feeds/rss.xml", "application/rss+xml", "RSS 2.0, all or one type"),
    async (c) =>
      c.body(await rssFeed(deps.db, site, c.req.valid("query").type), 200, {
        "content-type": "application/rss+xml; charset=utf-8",
      }),
  );
  app.openapi(
    feedRoute("/api/v1/feeds/atom.xml", "application/atom+xml", "Atom 1.0, all or one type"),
    async (c) =>
      c.body(await atomFeed(deps.db, site, c.req.valid("query").type), 200, {
        "content-type": "application/atom+xml; charset=utf-8",
      }),
  );
  app.openapi(
    documentRoute("/api/v1/feeds/sitemap.xml", "application/xml", "The sitemap of the site"),
    async (c) =>
      c.body(await sitemapXml(deps.db, site), 200, { "content-type": "application/xml; charset=utf-8" }),
  );
  app.openapi(
    documentRoute("/api/v1/feeds/hearings.ics", "text/calendar", "Public hearings as an iCalendar"),
    async (c) =>
      c.body(await hearingsCalendar(deps.db, site), 200, { "content-type": "text/calendar; charset=utf-8" }),
  );
}
