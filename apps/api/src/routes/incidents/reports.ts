import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { fromZodError, OtklikError } from "@otklik/core";
import { currentLegalText } from "@otklik/identity";
import {
  CATEGORY_CODES,
  CITIZEN_PHOTOS_MAX,
  CITIZEN_PHOTOS_MAX_TOTAL_BYTES,
  type CitizenPhoto,
  EVIDENCE_SIZE_LIMITS,
  receiveSiteReport,
} from "@otklik/incidents";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
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
    photos: z.number().int().openapi({
      description: "Сколько фото сохранено (одинаковые — одно) / How many photos were kept",
      example: 2,
    }),
  })
  .openapi("SiteReportAccepted");

/** The path of the report route (its multipart body has its own limit and content type). */
export const REPORT_PATH = "/api/v1/reports";

/** A report's multipart body: every photo at its largest plus the form's boundaries and the report. */
export const REPORT_UPLOAD_BODY_LIMIT = CITIZEN_PHOTOS_MAX_TOTAL_BYTES + 1024 * 1024;

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
const PHOTO_RULES_RU = `до ${CITIZEN_PHOTOS_MAX} фото (JPEG, PNG, WebP, AVIF), каждое до ${mb(EVIDENCE_SIZE_LIMITS.photo)} МБ, все вместе до ${mb(CITIZEN_PHOTOS_MAX_TOTAL_BYTES)} МБ`;
const PHOTO_RULES_EN = `up to ${CITIZEN_PHOTOS_MAX} photos (JPEG, PNG, WebP, AVIF), each up to ${mb(EVIDENCE_SIZE_LIMITS.photo)} MB, ${mb(CITIZEN_PHOTOS_MAX_TOTAL_BYTES)} MB together`;

const isFile = (value: unknown): value is File => value instanceof File;
const PhotoFile = z
  .custom<File>(isFile, { message: "Фото — файл / A photo must be a file" })
  .openapi({ type: "string", format: "binary" });

/** The same report as multipart/form-data: the report as JSON in `report`, the photos in `photos`. */
const ReportForm = z
  .object({
    report: z
      .string()
      .max(64 * 1024)
      .openapi({
        description:
          "Сообщение — тот же JSON, что и в application/json (SiteReport) / The report: the same JSON as the application/json body (SiteReport)",
        example:
          '{"category":"roads","description":"Яма у дома Ленина, 70","contacts":{"email":"a@mail.ru"},"consent":{"accepted":true,"textVersion":1}}',
      }),
    // An empty file input arrives as an empty string (or a nameless empty file): no photo.
    photos: z
      .preprocess(
        (value) =>
          (value === undefined ? [] : Array.isArray(value) ? value : [value]).filter((item) => item !== ""),
        z.array(PhotoFile),
      )
      .openapi({
        type: "array",
        items: { type: "string", format: "binary" },
        description: `Фото / Photos: ${PHOTO_RULES_EN}`,
      }),
  })
  .openapi("SiteReportWithPhotos");

const isMultipart = (contentType: string | undefined) =>
  (contentType ?? "").split(";")[0]?.trim().toLowerCase() === "multipart/form-data";

/** True for a report sent as multipart (with photos): it skips the API's general body limit for its own. */
export function isReportUpload(method: string, path: string, contentType: string | undefined): boolean {
  return method === "POST" && path.replace(/\/+$/, "") === REPORT_PATH && isMultipart(contentType);
}

/** A multipart report no larger than all its photos may be (413 before the body is read into memory). */
const reportUploadLimit: MiddlewareHandler<ApiEnvironment> = async (c, next) => {
  if (!isMultipart(c.req.header("content-type"))) return next();
  return bodyLimit({
    maxSize: REPORT_UPLOAD_BODY_LIMIT,
    onError: () => {
      throw new OtklikError(
        "payload_too_large",
        `Слишком большое сообщение: ${PHOTO_RULES_RU} / The report is too large: ${PHOTO_RULES_EN}`,
        { details: [{ path: ["photos"], message: `limit ${REPORT_UPLOAD_BODY_LIMIT} bytes` }] },
      );
    },
  })(c, next);
};

/** The photos of a multipart report; a browser's empty file input (no name, no bytes) is no photo. */
async function photosOf(form: z.infer<typeof ReportForm>): Promise<CitizenPhoto[]> {
  const chosen = form.photos.filter((file) => !(file.size === 0 && file.name === ""));
  return Promise.all(
    chosen.map(async (file) => ({
      bytes: new Uint8Array(await file.arrayBuffer()),
      ...(file.name ? { name: file.name } : {}),
    })),
  );
}

/** The report of a multipart body: its `report` field as JSON, checked like the JSON body. */
function reportOf(text: string): z.infer<typeof ReportBody> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const message = "Поле report — не JSON / The report field is not JSON";
    throw new OtklikError("validation_failed", message, { details: [{ path: ["report"], message }] });
  }
  const parsed = ReportBody.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

const reportRoute = createRoute({
  method: "post",
  path: "/api/v1/reports",
  tags: ["Incidents"],
  summary: "A citizen's report from the site's form, with consent to personal-data processing",
  description:
    "Без согласия (`consent.accepted: true`) — 422, ничего не сохраняется. Согласие записывается в журнал " +
    "согласий вместе с контактами (нужны e-mail или телефон), обращение — канал `site`. Фото сообщения — файлы " +
    "обращения для сотрудников, публично не показываются (только если сотрудники укажут фото в доказательстве " +
    "устранения); одно плохое фото — отказ всему сообщению (413/415/422), ничего не сохраняется. / Without " +
    "consent: 422 and nothing is stored. The consent goes to the consent ledger with the contacts (an e-mail or " +
    "a phone is required); the incident's channel is `site`. A report's photos are the incident's files for " +
    "staff, never shown publicly (unless staff name one in the proof of a fix); one bad photo refuses the whole " +
    "report (413/415/422) and nothing is stored.",
  security: PUBLIC,
  middleware: [reportUploadLimit] as const,
  request: {
    // Either type is the whole report, so neither is "required" on its own (the handler requires one).
    body: {
      required: false,
      description:
        `JSON без фото, или multipart/form-data: поле report (тот же JSON) и поля photos — ${PHOTO_RULES_RU}; ` +
        "тип фото определяется по содержимому, EXIF/GPS удаляются. / JSON without photos, or multipart/form-data: " +
        `the field report (the same JSON) and photos fields — ${PHOTO_RULES_EN}; a photo's type is sniffed from its ` +
        "content and its EXIF/GPS removed.",
      content: { ...json(ReportBody), "multipart/form-data": { schema: ReportForm } },
    },
  },
  responses: {
    201: { description: "Registered", content: json(ReportAccepted) },
    ...errorResponses(400, 404, 413, 415, 422, 503),
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
    let body: z.infer<typeof ReportBody>;
    let photos: CitizenPhoto[] = [];
    if (isMultipart(c.req.header("content-type"))) {
      // Validated against ReportForm by the route (the typings merge both bodies' types).
      const form = c.req.valid("form") as z.infer<typeof ReportForm>;
      body = reportOf(form.report);
      photos = await photosOf(form);
    } else {
      // Without a JSON body the validator ran on nothing: the report's fields are all missing.
      const parsed = ReportBody.safeParse(c.req.valid("json"));
      if (!parsed.success) throw fromZodError(parsed.error);
      body = parsed.data;
    }
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
    const received = await receiveSiteReport(
      incidentContext(c, deps, settings),
      {
        category: body.category,
        description: body.description,
        ...(body.address ? { address: body.address } : {}),
        ...(body.location ? { location: body.location } : {}),
        contacts: body.contacts ?? {},
        consentTextId,
      },
      settings.evidenceStore ? { photos, store: settings.evidenceStore } : { photos },
    );
    return c.json(
      {
        registrationNumber: received.registrationNumber,
        trackingToken: received.trackingToken,
        trackingUrl: `/api/v1/track/${received.trackingToken}`,
        photos: received.photos.length,
      },
      201,
    );
  });
}
