import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  accreditJournalist,
  answerInformationRequest,
  DeferralInput,
  deferInformationRequest,
  InformationRequest,
  InformationRequestQuery,
  Journalist,
  listInformationRequests,
  listJournalists,
  NewAccreditation,
  NewInformationRequest,
  NewPressRelease,
  PressRelease,
  RequestAnswerInput,
  Revocation,
  registerInformationRequest,
  revokeAccreditation,
  sendPressRelease,
} from "@otklik/content";
import { identitySettings } from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { documented, IdParameter, SESSION } from "../identity/route-support.js";
import { type ContentRouteSettings, contentContext, json, rawBody } from "./content-support.js";

const TAGS = ["Media relations"];
const JournalistSchema = documented(Journalist, "Journalist");
const RequestSchema = documented(InformationRequest, "InformationRequest");

const listJournalistsRoute = createRoute({
  method: "get",
  path: "/api/v1/journalists",
  tags: TAGS,
  summary: "Accredited journalists (`active=true`: accredited today)",
  security: SESSION,
  request: { query: z.object({ active: z.enum(["true", "false"]).optional() }) },
  responses: {
    200: { description: "Journalists", content: json(z.object({ items: z.array(JournalistSchema) })) },
    ...errorResponses(401, 403, 422),
  },
});

const accreditRoute = createRoute({
  method: "post",
  path: "/api/v1/journalists",
  tags: TAGS,
  summary: "Accredit a journalist until a date",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewAccreditation, "NewAccreditation")) } },
  responses: {
    201: { description: "Accredited", content: json(JournalistSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const revokeRoute = createRoute({
  method: "post",
  path: "/api/v1/journalists/{id}/revoke",
  tags: TAGS,
  summary: "End an accreditation early, with the reason",
  security: SESSION,
  request: {
    params: IdParameter,
    body: { required: true, content: json(documented(Revocation, "Revocation")) },
  },
  responses: {
    200: { description: "Revoked", content: json(JournalistSchema) },
    ...errorResponses(401, 403, 404, 422),
  },
});

const pressReleaseRoute = createRoute({
  method: "post",
  path: "/api/v1/press-releases",
  tags: TAGS,
  summary: "E-mail a press release to every journalist accredited today",
  security: SESSION,
  request: { body: { required: true, content: json(documented(NewPressRelease, "NewPressRelease")) } },
  responses: {
    201: {
      description: "Sent; failed letters listed",
      content: json(documented(PressRelease, "PressRelease")),
    },
    ...errorResponses(401, 403, 422),
  },
});

const listRequestsRoute = createRoute({
  method: "get",
  path: "/api/v1/information-requests",
  tags: TAGS,
  summary:
    "The register of editorial requests, earliest deadline first (Mass Media Law: 7 days, deferral notice in 3)",
  security: SESSION,
  request: { query: documented(InformationRequestQuery, "InformationRequestQuery") },
  responses: {
    200: { description: "Requests", content: json(z.object({ items: z.array(RequestSchema) })) },
    ...errorResponses(401, 403, 422),
  },
});

const registerRequestRoute = createRoute({
  method: "post",
  path: "/api/v1/information-requests",
  tags: TAGS,
  summary: "Register an editorial request for information",
  security: SESSION,
  request: {
    body: { required: true, content: json(documented(NewInformationRequest, "NewInformationRequest")) },
  },
  responses: {
    201: { description: "Registered", content: json(RequestSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const deferRoute = createRoute({
  method: "post",
  path: "/api/v1/information-requests/{id}/defer",
  tags: TAGS,
  summary: "Notify a deferral (within 3 days of receipt), naming the date of the answer",
  security: SESSION,
  request: {
    params: IdParameter,
    body: { required: true, content: json(documented(DeferralInput, "DeferralInput")) },
  },
  responses: {
    200: { description: "Deferred", content: json(RequestSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const answerRoute = createRoute({
  method: "post",
  path: "/api/v1/information-requests/{id}/answer",
  tags: TAGS,
  summary: "Record the answer (or a reasoned refusal)",
  security: SESSION,
  request: {
    params: IdParameter,
    body: { required: true, content: json(documented(RequestAnswerInput, "RequestAnswerInput")) },
  },
  responses: {
    200: { description: "Answered", content: json(RequestSchema) },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

/** Accreditation, press releases and the register of editorial requests. */
export function registerMediaRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: ContentRouteSettings,
): void {
  const context = (c: Parameters<typeof contentContext>[0]) => contentContext(c, deps, settings);
  const sendMail = (deps.identity ?? identitySettings()).sendMail;
  app.openapi(listJournalistsRoute, async (c) =>
    c.json(
      { items: await listJournalists(context(c), { activeOnly: c.req.valid("query").active === "true" }) },
      200,
    ),
  );
  app.openapi(accreditRoute, async (c) =>
    c.json(await accreditJournalist(context(c), (await rawBody(c)) as NewAccreditation), 201),
  );
  app.openapi(revokeRoute, async (c) =>
    c.json(
      await revokeAccreditation(context(c), c.req.valid("param").id, (await rawBody(c)) as Revocation),
      200,
    ),
  );
  app.openapi(pressReleaseRoute, async (c) =>
    c.json(await sendPressRelease(context(c), (await rawBody(c)) as NewPressRelease, sendMail), 201),
  );
  app.openapi(listRequestsRoute, async (c) =>
    c.json({ items: await listInformationRequests(context(c), c.req.valid("query")) }, 200),
  );
  app.openapi(registerRequestRoute, async (c) =>
    c.json(await registerInformationRequest(context(c), (await rawBody(c)) as NewInformationRequest), 201),
  );
  app.openapi(deferRoute, async (c) =>
    c.json(
      await deferInformationRequest(context(c), c.req.valid("param").id, (await rawBody(c)) as DeferralInput),
      200,
    ),
  );
  app.openapi(answerRoute, async (c) =>
    c.json(
      await answerInformationRequest(
        context(c),
        c.req.valid("param").id,
        (await rawBody(c)) as RequestAnswerInput,
      ),
      200,
    ),
  );
}
