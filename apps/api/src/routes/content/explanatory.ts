import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { explanatoryMaterialsForTopics, explanatoryReplies } from "@otklik/content";
import { OtklikError, systemClock } from "@otklik/core";
import { requirePermission } from "@otklik/identity";
import {
  ExplanationRequest,
  FrequentQuestionsQuery,
  frequentQuestions,
  getIncident,
  type IncidentContext,
  requestExplanation,
  topicKey,
  topicStems,
} from "@otklik/incidents";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, SESSION, SESSION_OR_TOKEN } from "../identity/route-support.js";
import { type ContentRouteSettings, json } from "./content-support.js";

// The loop between the incident desk and the press office: the desk's frequent questions, a request
// for an explanatory material on one of them (an incidents event; content's subscriber starts the
// draft), and the published materials offered to the reply composer.

const TAGS = ["Explanatory materials"];

const TopicMaterialSchema = z
  .object({
    topic: z.string(),
    publicationId: z.string(),
    title: z.string(),
    state: z.string(),
    path: z.string().nullable().openapi({ description: "The site's path once the material is live" }),
  })
  .openapi("TopicMaterial");

const FrequentQuestionSchema = z
  .object({
    topic: z.string().openapi({ example: "включ отоплен холодн" }),
    stems: z.array(z.string()),
    count: z.number().int(),
    incidentIds: z.array(z.string()),
    examples: z.array(z.string()),
    material: TopicMaterialSchema.nullable().openapi({
      description: "The explanatory material already requested for the topic (not archived), if any",
    }),
  })
  .openapi("FrequentQuestion");

const topicsRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/stats/topics",
  tags: TAGS,
  summary:
    "The period's frequent questions: incidents grouped by topic, with the explanatory material of each",
  description:
    "По умолчанию — последние 30 дней, до 5000 самых новых обращений. / By default the last 30 days, the newest " +
    "5,000 incidents at most.",
  security: SESSION,
  request: { query: documented(FrequentQuestionsQuery, "FrequentQuestionsQuery") },
  responses: {
    200: {
      description: "Groups, largest first",
      content: json(z.object({ items: z.array(FrequentQuestionSchema) })),
    },
    ...errorResponses(401, 403, 422),
  },
});

const requestRoute = createRoute({
  method: "post",
  path: "/api/v1/explanatory-requests",
  tags: TAGS,
  summary: "Ask the press office for an explanatory material on a group of frequent questions",
  description:
    "Событие `incidents.explanation_requested` уходит через outbox; пресс-служба получает черновик с вопросами. " +
    "Если по теме уже есть разъяснение — 409. / The event goes through the outbox and content starts a draft " +
    "with the questions quoted; a topic that already has a material answers 409.",
  security: SESSION,
  request: { body: { required: true, content: json(documented(ExplanationRequest, "ExplanationRequest")) } },
  responses: {
    202: {
      description: "Requested: the draft follows",
      content: json(
        z
          .object({ eventId: z.string(), topic: z.string(), requestedAt: z.string() })
          .openapi("ExplanationRequested"),
      ),
    },
    ...errorResponses(401, 403, 409, 422),
  },
});

const ReplyTemplatesQuery = z
  .object({
    incidentId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: "The incident being answered: its text decides the topic" }),
    topic: z.string().trim().min(1).max(400).optional().openapi({ description: "A topic key instead" }),
  })
  .refine((query) => Boolean(query.incidentId) !== Boolean(query.topic), {
    error: "Укажите incidentId или topic (одно из двух) / Give incidentId or topic (one of them)",
    path: ["incidentId"],
  });

const repliesRoute = createRoute({
  method: "get",
  path: "/api/v1/explanatory-materials/reply-templates",
  tags: TAGS,
  summary: "Published explanatory materials that answer an incident, as reply templates",
  description:
    "Материал предлагается, если обращение содержит не меньше половины слов его темы. / A material is offered " +
    "when the incident shares at least half of its topic's stems.",
  security: SESSION_OR_TOKEN,
  request: { query: ReplyTemplatesQuery },
  responses: {
    200: {
      description: "Best match first",
      content: json(
        z.object({
          items: z.array(
            z
              .object({
                publicationId: z.string(),
                title: z.string(),
                url: z.string(),
                topic: z.string(),
                match: z.number(),
                text: z.string(),
              })
              .openapi("ExplanatoryReply"),
          ),
        }),
      ),
    },
    ...errorResponses(401, 403, 404, 422),
  },
});

const desk = (c: Context<ApiEnvironment>, deps: ApiDependencies): IncidentContext => ({
  db: deps.db,
  clock: deps.clock ?? systemClock,
  actor: c.get("actor"),
});

/** The desk's frequent questions, requests for explanatory materials, and reply templates from them. */
export function registerExplanatoryRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings,
): void {
  // The verb parses the query itself (its transforms), so it gets the query as sent once validated.
  app.openapi(topicsRoute, async (c) => {
    c.req.valid("query");
    const groups = await frequentQuestions(desk(c, deps), c.req.query());
    const materials = new Map(
      (
        await explanatoryMaterialsForTopics(
          deps,
          groups.map((group) => group.topic),
        )
      ).map((material) => [material.topic, material]),
    );
    return c.json(
      { items: groups.map((group) => ({ ...group, material: materials.get(group.topic) ?? null })) },
      200,
    );
  });

  app.openapi(requestRoute, async (c) => {
    const body = c.req.valid("json");
    const context = desk(c, deps);
    requirePermission(context.actor, "incident:reply");
    const [material] = await explanatoryMaterialsForTopics(deps, [topicKey(body.stems)]);
    if (material) {
      throw new OtklikError(
        "conflict",
        `По этой теме уже есть разъяснение «${material.title}» (${material.publicationId}) / ` +
          `This topic already has an explanatory material «${material.title}» (${material.publicationId})`,
      );
    }
    return c.json(await requestExplanation(context, body), 202);
  });

  app.openapi(repliesRoute, async (c) => {
    const query = c.req.valid("query");
    const context = desk(c, deps);
    let stems: string[];
    if (query.incidentId) {
      // Reads the incident as its reader may (another department's is «not found»).
      stems = topicStems((await getIncident(context, query.incidentId)).text);
    } else {
      requirePermission(context.actor, "incident:read");
      stems = (query.topic ?? "").split(/\s+/);
    }
    return c.json({ items: await explanatoryReplies(deps, { stems, siteUrl: settings.siteUrl }) }, 200);
  });
}
