import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { OtklikError } from "@otklik/core";
import { currentLegalText } from "@otklik/identity";
import { CATEGORY_CODES, receiveSiteReport } from "@otklik/incidents";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { PUBLIC } from "../identity/route-support.js";
import { type IncidentRouteSettings, incidentContext, json } from "./incident-support.js";

/** The consent text a report is given under (identity's legal text purpose). */
export const REPORT_CONSENT_PURPOSE = "incident-report";

const ReportBody = z
  .object({
    category: z.enum(CATEGORY_CODES).openapi({ example: "roads" }),
    description: z.string().min(5).max(4000).openapi({ example: "Яма на дороге у дома Ленина, 70" }),
    address: z.string().max(500).optional().openapi({ example: "ул. Ленина, 70" }),
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
    contacts: z
      .object({
        name: z.string().max(200).optional(),
        email: z.string().max(254).optional(),
        phone: z.string().max(40).optional(),
      })
      .optional(),
    consent: z
      .object({
        accepted: z.boolean(),
        /** The version number of the `incident-report` consent text shown, or that version's id. */
        textVersion: z.union([z.number().int().positive(), z.string().min(1).max(64)]),
      })
      .optional()
      .openapi({
        description:
          "Согласие на обработку персональных данных: `accepted: true` и показанная версия текста / " +
          "Consent to personal-data processing: `accepted: true` and the version of the text shown",
      }),
  })
  .openapi("SiteReport");

const ReportAccepted = z
  .object({
    registrationNumber: z.string().openapi({ example: "2026-004215" }),
    trackingToken: z.string(),
    trackingUrl: z.string().openapi({ example: "/api/v1/track/q3Z8dW1xYk2LmN4pR6sT7u" }),
  })
  .openapi("SiteReportAccepted");

const reportRoute = createRoute({
  method: "post",
  path: "/api/v1/reports",
  tags: ["Incidents"],
  summary: "A citizen's report from the site's form, with consent to personal-data processing",
  description:
    "Без согласия (`consent.accepted: true`) — 422, ничего не сохраняется. Согласие записывается в журнал " +
    "согласий вместе с контактами (нужны e-mail или телефон), обращение — канал `site`. / Without consent: 422 " +
    "and nothing is stored. The consent goes to the consent ledger with the contacts (an e-mail or a phone is " +
    "required); the incident's channel is `site`.",
  security: PUBLIC,
  request: { body: { required: true, content: json(ReportBody) } },
  responses: {
    201: { description: "Registered", content: json(ReportAccepted) },
    ...errorResponses(400, 404, 413, 415, 422),
  },
});

const consentRequired = (path: string[]) =>
  new OtklikError(
    "validation_failed",
    "Обращение принимается только с согласием на обработку персональных данных / " +
      "A report is accepted only with consent to personal-data processing",
    { details: [{ path, message: "Нужно согласие / Consent is required" }] },
  );

/** The site's «report a problem» form (`/report`). */
export function registerReportRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): void {
  app.openapi(reportRoute, async (c) => {
    const body = c.req.valid("json");
    if (!body.consent) throw consentRequired(["consent"]);
    if (body.consent.accepted !== true) throw consentRequired(["consent", "accepted"]);
    let consentTextId: string;
    if (typeof body.consent.textVersion === "number") {
      const current = await currentLegalText({ db: deps.db }, REPORT_CONSENT_PURPOSE);
      if (current.version !== body.consent.textVersion) {
        throw new OtklikError(
          "validation_failed",
          `Текст согласия обновился (версия ${current.version}); покажите новую редакцию / ` +
            `The consent text changed (version ${current.version}); show the new one`,
          { details: [{ path: ["consent", "textVersion"], message: "outdated" }] },
        );
      }
      consentTextId = current.id;
    } else {
      consentTextId = body.consent.textVersion;
    }
    const received = await receiveSiteReport(incidentContext(c, deps, settings), {
      category: body.category,
      description: body.description,
      ...(body.address ? { address: body.address } : {}),
      ...(body.location ? { location: body.location } : {}),
      contacts: body.contacts ?? {},
      consentTextId,
    });
    return c.json(
      {
        registrationNumber: received.registrationNumber,
        trackingToken: received.trackingToken,
        trackingUrl: `/api/v1/track/${received.trackingToken}`,
      },
      201,
    );
  });
}
