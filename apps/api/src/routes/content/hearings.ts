import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  AnswerInput,
  answerHearingComment,
  createHandbookSection,
  createPublisher,
  HandbookSection,
  HearingComment,
  HearingProtocol,
  hearingProtocol,
  listHearingComments,
  listStaleHandbookArticles,
  ModerationInput,
  moderateHearingComment,
  NewHandbookSection,
  NewPublisher,
  Publisher,
  protocolDocx,
  protocolHtml,
  StaleArticle,
  StaleQuery,
} from "@otklik/content";
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

const HearingCommentSchema = documented(HearingComment, "HearingComment");
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const listCommentsRoute = createRoute({
  method: "get",
  path: "/api/v1/publications/{id}/comments",
  tags: ["Hearings"],
  summary: "Every comment on a hearing, for moderation and answers",
  security: SESSION,
  request: { params: PublicationIdParameter },
  responses: {
    200: { description: "Comments", content: json(z.object({ items: z.array(HearingCommentSchema) })) },
    ...errorResponses(401, 403, 404),
  },
});

const moderateRoute = createRoute({
  method: "post",
  path: "/api/v1/hearing-comments/{id}/moderate",
  tags: ["Hearings"],
  summary: "Approve a comment for the site, or reject it with a reason",
  security: SESSION,
  request: {
    params: PublicationIdParameter,
    body: { required: true, content: json(documented(ModerationInput, "ModerationInput")) },
  },
  responses: {
    200: { description: "Moderated", content: json(HearingCommentSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const answerRoute = createRoute({
  method: "post",
  path: "/api/v1/hearing-comments/{id}/answer",
  tags: ["Hearings"],
  summary: "The official answer and decision on an approved comment",
  security: SESSION,
  request: {
    params: PublicationIdParameter,
    body: { required: true, content: json(documented(AnswerInput, "AnswerInput")) },
  },
  responses: {
    200: { description: "Answered", content: json(HearingCommentSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const protocolRoute = createRoute({
  method: "get",
  path: "/api/v1/publications/{id}/protocol",
  tags: ["Hearings"],
  summary: "The hearing's result protocol: JSON, HTML or DOCX (`format`)",
  security: SESSION,
  request: {
    params: PublicationIdParameter,
    query: z.object({ format: z.enum(["json", "html", "docx"]).default("json") }),
  },
  responses: {
    200: {
      description: "The protocol",
      content: {
        "application/json": { schema: documented(HearingProtocol, "HearingProtocol") },
        "text/html": { schema: z.string() },
        [DOCX]: { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

const createSectionRoute = createRoute({
  method: "post",
  path: "/api/v1/handbook/sections",
  tags: ["Handbook"],
  summary: "Add a section of the citizen's handbook",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewHandbookSection, "NewHandbookSection")) } },
  responses: {
    201: { description: "Added", content: json(documented(HandbookSection, "HandbookSection")) },
    ...errorResponses(401, 403, 422),
  },
});

const staleRoute = createRoute({
  method: "get",
  path: "/api/v1/handbook/stale",
  tags: ["Handbook"],
  summary: "Handbook articles past their review-by date, per owner department",
  security: SESSION,
  request: { query: documented(StaleQuery, "StaleQuery") },
  responses: {
    200: {
      description: "Articles to review",
      content: json(z.object({ items: z.array(documented(StaleArticle, "StaleArticle")) })),
    },
    ...errorResponses(401, 403, 422),
  },
});

const createPublisherRoute = createRoute({
  method: "post",
  path: "/api/v1/publishers",
  tags: ["Publications"],
  summary: "Add a publisher",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewPublisher, "NewPublisher")) } },
  responses: {
    201: { description: "Added", content: json(documented(Publisher, "Publisher")) },
    ...errorResponses(401, 403, 422),
  },
});

/** Hearings (moderation, answers, protocol), the handbook's upkeep and publishers. */
export function registerHearingRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings,
): void {
  const context = (c: Parameters<typeof contentContext>[0]) => contentContext(c, deps, settings);
  app.openapi(listCommentsRoute, async (c) =>
    c.json({ items: await listHearingComments(context(c), c.req.valid("param").id) }, 200),
  );
  app.openapi(moderateRoute, async (c) =>
    c.json(
      await moderateHearingComment(
        context(c),
        c.req.valid("param").id,
        (await rawBody(c)) as ModerationInput,
      ),
      200,
    ),
  );
  app.openapi(answerRoute, async (c) =>
    c.json(
      await answerHearingComment(context(c), c.req.valid("param").id, (await rawBody(c)) as AnswerInput),
      200,
    ),
  );
  app.openapi(protocolRoute, async (c) => {
    const protocol = await hearingProtocol(context(c), c.req.valid("param").id, {
      timeZone: deps.settings.timeZone,
    });
    const format = c.req.valid("query").format;
    if (format === "html") return c.html(protocolHtml(protocol), 200);
    if (format === "docx") {
      return c.body(await protocolDocx(protocol), 200, {
        "content-type": DOCX,
        "content-disposition": `attachment; filename="protocol-${protocol.publicationId}.docx"`,
      });
    }
    return c.json(protocol, 200);
  });
  app.openapi(createSectionRoute, async (c) =>
    c.json(await createHandbookSection(context(c), (await rawBody(c)) as NewHandbookSection), 201),
  );
  app.openapi(staleRoute, async (c) =>
    c.json({ items: await listStaleHandbookArticles(context(c), c.req.valid("query")) }, 200),
  );
  app.openapi(createPublisherRoute, async (c) =>
    c.json(await createPublisher(context(c), (await rawBody(c)) as NewPublisher), 201),
  );
}
