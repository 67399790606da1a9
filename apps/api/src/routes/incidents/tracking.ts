import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { trackedProof, trackIncident } from "@otklik/incidents";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { PUBLIC } from "../identity/route-support.js";
import { trackedProofLinks } from "./evidence.js";
import { json } from "./incident-support.js";

const TokenParameter = z.object({
  token: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "token", in: "path" }, example: "q3Z8dW1xYk2LmN4pR6sT7u" }),
});

const TrackedIncidentSchema = z
  .object({
    number: z.string().openapi({ example: "2026-004215" }),
    status: z.string(),
    category: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    replies: z.array(z.object({ text: z.string(), at: z.string() })),
    /** Photos proving the fix: published copies only (no EXIF/GPS), never originals. */
    proof: z.array(
      z.object({
        mediaId: z.string(),
        url: z.string(),
        thumbnailUrl: z.string(),
        width: z.number().int().nullable(),
        height: z.number().int().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi("TrackedIncident");

const trackRoute = createRoute({
  method: "get",
  path: "/api/v1/track/{token}",
  tags: ["Incidents"],
  summary:
    "Public tracking of an incident by its link: number, status, public replies, proof photos; no personal data",
  security: PUBLIC,
  request: { params: TokenParameter },
  responses: {
    200: { description: "The incident as the public sees it", content: json(TrackedIncidentSchema) },
    ...errorResponses(404, 422),
  },
});

/** The citizen's tracking link. */
export function registerTrackingRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(trackRoute, async (c) => {
    const { token } = c.req.valid("param");
    const tracked = await trackIncident(deps, token);
    const proof = (await trackedProof(deps, token)).map((photo) => ({
      ...photo,
      ...trackedProofLinks(token, photo.mediaId),
    }));
    return c.json({ ...tracked, proof }, 200);
  });
}
