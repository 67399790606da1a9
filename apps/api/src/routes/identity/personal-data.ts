import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { pageOf } from "@otklik/core";
import {
  Consent,
  ConsentQuery,
  currentLegalText,
  DataSubject,
  erasePersonalData,
  exportPersonalData,
  LegalDocument,
  LegalText,
  listConsents,
  NewConsent,
  NewLegalText,
  PRIVACY_POLICY,
  publishLegalText,
  recordConsent,
  withdrawConsent,
} from "@otklik/identity";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import {
  documented,
  type IdentityRouteSettings,
  IdParameter,
  PUBLIC,
  SESSION,
  serviceContext,
} from "./route-support.js";

const ConsentSchema = documented(Consent, "Consent");
const LegalTextSchema = documented(LegalText, "LegalText");
const NewLegalTextSchema = documented(NewLegalText, "NewLegalText");
const DataSubjectSchema = documented(DataSubject, "DataSubject");
const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });
const PurposeParameter = z.object({
  purpose: documented(LegalDocument, { param: { name: "purpose", in: "path" }, example: "incident-report" }),
});

const PartCount = z.object({ name: z.string(), records: z.number().int() });

const privacyPolicyRoute = createRoute({
  method: "get",
  path: "/api/v1/privacy-policy",
  tags: ["Personal data"],
  summary: "The privacy policy in force",
  security: PUBLIC,
  responses: { 200: { description: "The policy", content: json(LegalTextSchema) }, ...errorResponses(404) },
});

const publishPrivacyPolicyRoute = createRoute({
  method: "post",
  path: "/api/v1/privacy-policy",
  tags: ["Personal data"],
  summary: "Publish a new version of the privacy policy (administrator)",
  security: SESSION,
  request: { body: { required: true, content: json(NewLegalTextSchema) } },
  responses: {
    201: { description: "Published", content: json(LegalTextSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const consentTextRoute = createRoute({
  method: "get",
  path: "/api/v1/consent-texts/{purpose}",
  tags: ["Personal data"],
  summary: "The consent text in force for a purpose; record consents against its id",
  security: PUBLIC,
  request: { params: PurposeParameter },
  responses: {
    200: { description: "The text", content: json(LegalTextSchema) },
    ...errorResponses(404, 422),
  },
});

const publishConsentTextRoute = createRoute({
  method: "post",
  path: "/api/v1/consent-texts/{purpose}",
  tags: ["Personal data"],
  summary: "Publish a new version of a purpose's consent text (administrator)",
  security: SESSION,
  request: { params: PurposeParameter, body: { required: true, content: json(NewLegalTextSchema) } },
  responses: {
    201: { description: "Published", content: json(LegalTextSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const recordConsentRoute = createRoute({
  method: "post",
  path: "/api/v1/consents",
  tags: ["Personal data"],
  summary: "Record a consent to the exact text version shown, with the time, address and channel",
  description:
    "Гражданин на сайте — канал `site`; согласия, данные по телефону или на бумаге, записывает сотрудник. / " +
    "A citizen on the site records channel `site`; staff record consents given by phone or on paper.",
  security: PUBLIC,
  request: { body: { required: true, content: json(documented(NewConsent, "NewConsent")) } },
  responses: { 201: { description: "Recorded", content: json(ConsentSchema) }, ...errorResponses(403, 422) },
});

const listConsentsRoute = createRoute({
  method: "get",
  path: "/api/v1/consents",
  tags: ["Personal data"],
  summary: "The consent ledger, newest first (administrator)",
  security: SESSION,
  request: { query: ConsentQuery },
  responses: {
    200: { description: "A page of consents", content: json(pageOf(ConsentSchema).openapi("ConsentPage")) },
    ...errorResponses(401, 403, 422),
  },
});

const withdrawConsentRoute = createRoute({
  method: "post",
  path: "/api/v1/consents/{id}/withdraw",
  tags: ["Personal data"],
  summary: "Record that a consent was withdrawn (administrator)",
  security: SESSION,
  request: { params: IdParameter },
  responses: {
    200: { description: "Withdrawn", content: json(ConsentSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const exportRoute = createRoute({
  method: "post",
  path: "/api/v1/personal-data/export",
  tags: ["Personal data"],
  summary: "Everything held about one citizen, from every package that stores personal data (administrator)",
  security: SESSION,
  request: { body: { required: true, content: json(DataSubjectSchema) } },
  responses: {
    200: {
      description: "The export",
      content: json(
        z
          .object({
            requestId: z.string(),
            exportedAt: z.string(),
            subject: DataSubjectSchema,
            parts: z.array(
              z.object({ name: z.string(), description: z.string(), records: z.array(z.unknown()) }),
            ),
          })
          .openapi("PersonalDataExport"),
      ),
    },
    ...errorResponses(401, 403, 422),
  },
});

const eraseRoute = createRoute({
  method: "post",
  path: "/api/v1/personal-data/erase",
  tags: ["Personal data"],
  summary: "Erase one citizen's personal data everywhere; records stay, anonymised (administrator)",
  security: SESSION,
  request: { body: { required: true, content: json(DataSubjectSchema) } },
  responses: {
    200: {
      description: "What was anonymised, part by part",
      content: json(
        z
          .object({ requestId: z.string(), erasedAt: z.string(), parts: z.array(PartCount) })
          .openapi("PersonalDataErasure"),
      ),
    },
    ...errorResponses(401, 403, 422),
  },
});

export function registerPersonalDataRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IdentityRouteSettings,
): void {
  app.openapi(privacyPolicyRoute, async (c) => {
    c.header("Cache-Control", "public, max-age=60");
    return c.json(await currentLegalText({ db: deps.db }, PRIVACY_POLICY), 200);
  });
  app.openapi(publishPrivacyPolicyRoute, async (c) =>
    c.json(await publishLegalText(serviceContext(c, deps), PRIVACY_POLICY, c.req.valid("json")), 201),
  );
  app.openapi(consentTextRoute, async (c) =>
    c.json(await currentLegalText({ db: deps.db }, c.req.valid("param").purpose), 200),
  );
  app.openapi(publishConsentTextRoute, async (c) =>
    c.json(
      await publishLegalText(serviceContext(c, deps), c.req.valid("param").purpose, c.req.valid("json")),
      201,
    ),
  );
  app.openapi(recordConsentRoute, async (c) =>
    c.json(await recordConsent(serviceContext(c, deps), c.req.valid("json")), 201),
  );
  app.openapi(listConsentsRoute, async (c) =>
    c.json(await listConsents(serviceContext(c, deps), c.req.valid("query")), 200),
  );
  app.openapi(withdrawConsentRoute, async (c) =>
    c.json(await withdrawConsent(serviceContext(c, deps), c.req.valid("param").id), 200),
  );
  app.openapi(exportRoute, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(
      await exportPersonalData(serviceContext(c, deps), settings.personalData, c.req.valid("json")),
      200,
    );
  });
  app.openapi(eraseRoute, async (c) =>
    c.json(await erasePersonalData(serviceContext(c, deps), settings.personalData, c.req.valid("json")), 200),
  );
}
