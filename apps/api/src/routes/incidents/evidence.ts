import os from "node:os";
import path from "node:path";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { OtklikError } from "@otklik/core";
import { type Permission, permissionScope, requirePermission } from "@otklik/identity";
import {
  ACCEPTED_EVIDENCE_TYPES,
  dataFolderStore,
  EVIDENCE_MAX_BYTES,
  EVIDENCE_SIZE_LIMITS,
  EVIDENCE_UPLOAD_PERMISSIONS,
  type EvidenceFile,
  type EvidenceStore,
  type EvidenceView,
  listEvidence,
  readEvidenceFile,
  readTrackedProofFile,
  s3Store,
  uploadEvidence,
} from "@otklik/incidents";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiEnv } from "../../config/env.js";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { PUBLIC, SESSION, SESSION_OR_TOKEN } from "../identity/route-support.js";
import {
  IncidentIdParameter,
  type IncidentRouteSettings,
  incidentContext,
  json,
} from "./incident-support.js";

const TAGS = ["Incidents"];

/** The upload path, exempt from the API's JSON-only rule and general body limit (it has its own). */
export const EVIDENCE_UPLOAD_PATH = /^\/api\/v1\/incidents\/[^/]+\/media\/?$/;

/** The largest upload body: the largest file of any kind plus room for the form's boundaries and fields. */
export const EVIDENCE_UPLOAD_BODY_LIMIT = EVIDENCE_MAX_BYTES + 1024 * 1024;

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));
const LIMITS_TEXT =
  `фото до ${mb(EVIDENCE_SIZE_LIMITS.photo)} МБ, видео до ${mb(EVIDENCE_SIZE_LIMITS.video)} МБ, PDF до ${mb(EVIDENCE_SIZE_LIMITS.document)} МБ / ` +
  `photos up to ${mb(EVIDENCE_SIZE_LIMITS.photo)} MB, videos up to ${mb(EVIDENCE_SIZE_LIMITS.video)} MB, PDFs up to ${mb(EVIDENCE_SIZE_LIMITS.document)} MB`;

const MediaIdParameters = IncidentIdParameter.extend({
  mediaId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "mediaId", in: "path" }, example: "med_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

const StaffFileParameters = MediaIdParameters.extend({
  variant: z
    .enum(["published", "thumbnail", "original"])
    .openapi({ param: { name: "variant", in: "path" }, example: "published" }),
});

const PublicFileParameters = z.object({
  token: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "token", in: "path" }, example: "q3Z8dW1xYk2LmN4pR6sT7u" }),
  mediaId: MediaIdParameters.shape.mediaId,
  variant: z
    .enum(["published", "thumbnail"])
    .openapi({ param: { name: "variant", in: "path" }, example: "published" }),
});

const Links = z.object({
  published: z.string().nullable().openapi({ example: "/api/v1/incidents/inc_…/media/med_…/published" }),
  thumbnail: z.string().nullable(),
  original: z.string(),
});

export const EvidenceSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    kind: z.enum(["photo", "video", "acceptance-act", "document"]),
    mimeType: z.string().openapi({ example: "image/jpeg" }),
    sizeBytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    publishable: z.boolean(),
    uploadedBy: z.string(),
    createdAt: z.string(),
    attachment: z
      .object({
        kind: z.string(),
        url: z.string().openapi({ example: "media:med_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
      })
      .openapi({ description: "Для `media` команды жизненного цикла / For a lifecycle command's `media`" }),
    links: Links,
  })
  .openapi("IncidentMedia");

const UploadForm = z.object({
  file: z
    .custom<File>((value) => value instanceof File, {
      message: "Нужен один файл в поле «file» / Send exactly one file in the field «file»",
    })
    .openapi({
      type: "string",
      format: "binary",
      description: "Фото, видео или PDF / A photo, video or PDF",
    }),
  kind: z
    .enum(["acceptance-act", "document"])
    .optional()
    .openapi({ description: "Только для PDF: акт приёмки (доказательство) или документ / PDFs only" }),
});

const binary = (types: string[]) =>
  Object.fromEntries(types.map((type) => [type, { schema: z.string().openapi({ format: "binary" }) }]));

/** Before the form is read: someone who may upload, a multipart body (415 otherwise) no larger than the largest file allowed (413). */
const uploadGate: MiddlewareHandler<ApiEnvironment> = async (c, next) => {
  // Who may upload is known before a byte of the body is read: 401/403 at once.
  const actor = c.get("actor");
  requirePermission(actor, "incident:read");
  if (!EVIDENCE_UPLOAD_PERMISSIONS.some((permission) => permissionScope(actor, permission))) {
    requirePermission(actor, EVIDENCE_UPLOAD_PERMISSIONS[0] as Permission);
  }
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== "multipart/form-data") {
    throw new OtklikError(
      "unsupported_media_type",
      `Файл отправляется как multipart/form-data в поле «file», получено «${type || "ничего"}» / ` +
        `Send the file as multipart/form-data in the field «file»; got "${type || "none"}"`,
    );
  }
  return bodyLimit({
    maxSize: EVIDENCE_UPLOAD_BODY_LIMIT,
    onError: () => {
      throw new OtklikError(
        "payload_too_large",
        `Файл слишком большой: ${LIMITS_TEXT.split(" / ")[0]} / The file is too large: ${LIMITS_TEXT.split(" / ")[1]}`,
      );
    },
  })(c, next);
};

const uploadRoute = createRoute({
  method: "post",
  path: "/api/v1/incidents/{id}/media",
  tags: TAGS,
  summary: "Attach a photo, video or PDF to an incident (multipart/form-data, field `file`)",
  description:
    `Тип определяется по содержимому, не по имени файла (${ACCEPTED_EVIDENCE_TYPES.join(", ")}); ${LIMITS_TEXT}. ` +
    "У фото делается публикуемая копия без EXIF/GPS и миниатюра; оригинал хранится только внутри. Тот же файл " +
    "повторно — 200 с `duplicate: true`. / The type is sniffed from the content; photos get a published copy " +
    "without EXIF/GPS and a thumbnail; the original stays inside. The same file again answers 200 with `duplicate: true`.",
  security: SESSION,
  middleware: [uploadGate] as const,
  request: {
    params: IncidentIdParameter,
    body: { required: true, content: { "multipart/form-data": { schema: UploadForm } } },
  },
  responses: {
    201: {
      description: "Stored",
      content: json(z.object({ media: EvidenceSchema, duplicate: z.literal(false) })),
    },
    200: {
      description: "The same content was already attached to this incident",
      content: json(z.object({ media: EvidenceSchema, duplicate: z.literal(true) })),
    },
    ...errorResponses(400, 401, 403, 404, 413, 415, 422, 503),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/{id}/media",
  tags: TAGS,
  summary: "An incident's evidence files, oldest first",
  security: SESSION_OR_TOKEN,
  request: { params: IncidentIdParameter },
  responses: {
    200: {
      description: "The files (all of them: `nextCursor` is always null)",
      content: json(
        z.object({ items: z.array(EvidenceSchema), nextCursor: z.null() }).openapi("IncidentMediaList"),
      ),
    },
    ...errorResponses(401, 403, 404),
  },
});

const fileRoute = createRoute({
  method: "get",
  path: "/api/v1/incidents/{id}/media/{mediaId}/{variant}",
  tags: TAGS,
  summary:
    "A stored copy: `published` (JPEG, no metadata) and `thumbnail` (WebP) of photos, or the `original`",
  description:
    "Оригинал (с метаданными — GPS, камера) отдаётся только тем, кто может загружать доказательства. / The original " +
    "(with its metadata) is served only to those who may upload evidence.",
  security: SESSION_OR_TOKEN,
  request: { params: StaffFileParameters },
  responses: {
    200: {
      description: "The file",
      content: binary(["image/jpeg", "image/webp", ...ACCEPTED_EVIDENCE_TYPES]),
    },
    ...errorResponses(401, 403, 404, 422, 503),
  },
});

const publicFileRoute = createRoute({
  method: "get",
  path: "/api/v1/track/{token}/media/{mediaId}/{variant}",
  tags: TAGS,
  summary: "A proof photo of the fix by the tracking link: its published copy or thumbnail, nothing else",
  security: PUBLIC,
  request: { params: PublicFileParameters },
  responses: {
    200: { description: "The photo", content: binary(["image/jpeg", "image/webp"]) },
    ...errorResponses(404, 422, 503),
  },
});

/** Where the API serves a file's copies. */
export function evidenceLinks(view: EvidenceView): z.infer<typeof Links> {
  const base = `/api/v1/incidents/${view.incidentId}/media/${view.id}`;
  return {
    published: view.publishable ? `${base}/published` : null,
    thumbnail: view.publishable ? `${base}/thumbnail` : null,
    original: `${base}/original`,
  };
}

/** The public addresses of a proof photo by the tracking token. */
export function trackedProofLinks(token: string, mediaId: string): { url: string; thumbnailUrl: string } {
  const base = `/api/v1/track/${encodeURIComponent(token)}/media/${mediaId}`;
  return { url: `${base}/published`, thumbnailUrl: `${base}/thumbnail` };
}

/**
 * The evidence store the environment asks for: S3-compatible storage when `OTKLIK_S3_ENDPOINT` is
 * set (with bucket and keys — a partial set is refused at start-up), else `<OTKLIK_DATA_DIR>/evidence`.
 */
export function evidenceStoreFromEnv(env: ApiEnv): EvidenceStore {
  const s3 = {
    OTKLIK_S3_ENDPOINT: env.OTKLIK_S3_ENDPOINT,
    OTKLIK_S3_BUCKET: env.OTKLIK_S3_BUCKET,
    OTKLIK_S3_ACCESS_KEY_ID: env.OTKLIK_S3_ACCESS_KEY_ID,
    OTKLIK_S3_SECRET_ACCESS_KEY: env.OTKLIK_S3_SECRET_ACCESS_KEY,
  };
  const given = Object.entries(s3).filter(([, value]) => value !== undefined);
  if (given.length === 0) {
    // An in-memory database keeps nothing after the process: its files go to a temporary folder.
    const root = env.OTKLIK_DATA_DIR.startsWith("memory://")
      ? path.join(os.tmpdir(), `otklik-evidence-${process.pid}`)
      : env.OTKLIK_DATA_DIR;
    return dataFolderStore(path.join(root, "evidence"));
  }
  if (given.length < 4) {
    const missing = Object.entries(s3)
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    throw new Error(
      `Для хранилища S3 не заданы ${missing.join(", ")} / S3 storage needs ${missing.join(", ")} as well`,
    );
  }
  return s3Store({
    endpoint: env.OTKLIK_S3_ENDPOINT as string,
    bucket: env.OTKLIK_S3_BUCKET as string,
    accessKeyId: env.OTKLIK_S3_ACCESS_KEY_ID as string,
    secretAccessKey: env.OTKLIK_S3_SECRET_ACCESS_KEY as string,
    region: env.OTKLIK_S3_REGION,
    prefix: env.OTKLIK_S3_PREFIX,
  });
}

const withLinks = (view: EvidenceView) => ({ ...view, links: evidenceLinks(view) });

function requireStore(settings: IncidentRouteSettings): EvidenceStore {
  if (settings.evidenceStore) return settings.evidenceStore;
  throw new OtklikError(
    "unavailable",
    "Хранилище файлов-доказательств не настроено / Evidence storage is not configured",
  );
}

function fileResponse(c: Context<ApiEnvironment>, file: EvidenceFile, cacheControl: string) {
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    "content-type": file.mimeType,
    "content-length": String(file.bytes.byteLength),
    "content-disposition": `inline; filename="${file.fileName}"`,
    "x-content-type-options": "nosniff",
    "cache-control": cacheControl,
  });
}

/**
 * Evidence media of the incident desk: upload, list, the stored copies for staff, proof photos by
 * the tracking link. (That a transition's proof names real uploads is checked by the lifecycle
 * service itself, `applyLifecycleCommand`.)
 */
export function registerEvidenceRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: IncidentRouteSettings,
): void {
  const context = (c: Context<ApiEnvironment>) => ({
    ...incidentContext(c, deps, settings),
    store: requireStore(settings),
  });
  app.openapi(uploadRoute, async (c) => {
    const { id } = c.req.valid("param");
    const form = c.req.valid("form");
    const file = form.file;
    const outcome = await uploadEvidence(
      context(c),
      id,
      { bytes: new Uint8Array(await file.arrayBuffer()) },
      form.kind ? { kind: form.kind } : {},
    );
    const body = { media: withLinks(outcome.media) };
    return outcome.duplicate
      ? c.json({ ...body, duplicate: true as const }, 200)
      : c.json({ ...body, duplicate: false as const }, 201);
  });
  app.openapi(listRoute, async (c) => {
    const items = await listEvidence(incidentContext(c, deps, settings), c.req.valid("param").id);
    return c.json({ items: items.map(withLinks), nextCursor: null }, 200);
  });
  app.openapi(fileRoute, async (c) => {
    const { id, mediaId, variant } = c.req.valid("param");
    return fileResponse(c, await readEvidenceFile(context(c), id, mediaId, variant), "private, no-store");
  });
  app.openapi(publicFileRoute, async (c) => {
    const { token, mediaId, variant } = c.req.valid("param");
    const file = await readTrackedProofFile(
      { db: deps.db, store: requireStore(settings) },
      token,
      mediaId,
      variant,
    );
    return fileResponse(c, file, "public, max-age=300");
  });
}
