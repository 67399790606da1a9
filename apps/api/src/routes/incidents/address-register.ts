// Settings for administrators: the city's address register (street, house, coordinates), which the desk
// geocodes incidents with. Import a CSV, see the register's size, look an address up.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { OtklikError, systemClock } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { recordAudit, requirePermission } from "@otklik/identity";
import { countAddressPoints, importAddressRegisterFile, lookupAddress } from "@otklik/incidents";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { SESSION } from "../identity/route-support.js";
import { json } from "./incident-support.js";

const TAGS = ["Settings"];

/** The import path: exempt from the API's JSON-only rule and general body limit (it has its own). */
export const ADDRESS_IMPORT_PATH = /^\/api\/v1\/settings\/address-register\/import\/?$/;

/** The largest register file: 8 MiB, some 100,000 lines — several times a city of Abakan's size. */
export const ADDRESS_REGISTER_MAX_BYTES = 8 * 1024 * 1024;

/** How many rejected lines an import answers with (the count says how many there were in all). */
export const REJECTED_LINES_SHOWN = 50;

const FORMAT =
  "CSV в UTF-8 с заголовком: street, house, lat, lon (или улица, дом, широта, долгота), через запятую или точку с " +
  "запятой (тогда допускается десятичная запятая). / UTF-8 CSV with a header naming street, house, lat, lon (or " +
  "улица, дом, широта, долгота), comma- or semicolon-separated (with semicolons a decimal comma is accepted).";

const ImportResult = z
  .object({
    imported: z.number().int().openapi({ description: "Новых адресов / New addresses" }),
    updated: z
      .number()
      .int()
      .openapi({ description: "Адресов с заменёнными координатами / Addresses updated" }),
    rejectedCount: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })).openapi({
      description: `Первые ${REJECTED_LINES_SHOWN} отклонённых строк / The first rejected lines`,
    }),
    registerSize: z.number().int(),
  })
  .openapi("AddressRegisterImport");

const RegisterSummary = z.object({ size: z.number().int() }).openapi("AddressRegister");

const LookupQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .openapi({ param: { name: "q", in: "query" }, example: "ул. Щетинкина, 12" }),
});

const LookupResult = z
  .object({
    query: z.string(),
    parsed: z
      .object({
        street: z.string().optional(),
        house: z.string().optional(),
        district: z.string().optional(),
      })
      .nullable()
      .openapi({ description: "Как адрес прочитан / How the address was read" }),
    found: z.boolean(),
    point: z
      .object({ street: z.string(), house: z.string(), lat: z.number(), lon: z.number() })
      .nullable()
      .openapi({
        description: "Точка реестра или null: координаты не угадываются / The register's point, or null",
      }),
  })
  .openapi("AddressLookup");

const ImportForm = z.object({
  file: z
    .custom<File>((value) => value instanceof File, {
      message: "Нужен один файл в поле «file» / Send exactly one file in the field «file»",
    })
    .openapi({ type: "string", format: "binary", description: FORMAT }),
});

const mebibytes = ADDRESS_REGISTER_MAX_BYTES / (1024 * 1024);

/** Before the body is read: an administrator (401/403), CSV or multipart (415), within the size limit (413). */
const importGate: MiddlewareHandler<ApiEnvironment> = async (c, next) => {
  requirePermission(c.get("actor"), "settings:edit");
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type !== "multipart/form-data" && type !== "text/csv") {
    throw new OtklikError(
      "unsupported_media_type",
      `Файл реестра отправляется как text/csv или multipart/form-data в поле «file», получено «${type || "ничего"}» / ` +
        `Send the register as text/csv or as multipart/form-data in the field «file»; got "${type || "none"}"`,
    );
  }
  return bodyLimit({
    maxSize: ADDRESS_REGISTER_MAX_BYTES + 64 * 1024,
    onError: () => {
      throw new OtklikError(
        "payload_too_large",
        `Файл реестра больше ${mebibytes} МБ: разделите его на части / The register file exceeds ${mebibytes} MB: split it`,
      );
    },
  })(c, next);
};

const importRoute = createRoute({
  method: "post",
  path: "/api/v1/settings/address-register/import",
  tags: TAGS,
  summary: "Import the address register from CSV (administrator)",
  description:
    `${FORMAT} До ${mebibytes} МБ. Все прочитанные строки сохраняются в одной транзакции (все или ни одной); ` +
    "нечитаемые строки не угадываются, а перечисляются с номером и причиной. Адрес, который уже есть, получает новые " +
    `координаты. / Up to ${mebibytes} MB. Every readable line is stored in one transaction (all or none); unreadable ` +
    "lines are never guessed but listed with their number and reason. An address already in the register gets the " +
    "new coordinates.",
  security: SESSION,
  middleware: [importGate] as const,
  request: {
    body: {
      required: true,
      content: {
        "multipart/form-data": { schema: ImportForm },
        "text/csv": {
          schema: z.string().openapi({ example: "street,house,lat,lon\nЩетинкина,12,53.7203,91.4426" }),
        },
      },
    },
  },
  responses: {
    200: { description: "What the import did", content: json(ImportResult) },
    ...errorResponses(401, 403, 413, 415, 422),
  },
});

const summaryRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/address-register",
  tags: TAGS,
  summary: "The address register's size (administrator)",
  security: SESSION,
  responses: {
    200: { description: "The register", content: json(RegisterSummary) },
    ...errorResponses(401, 403),
  },
});

const lookupRoute = createRoute({
  method: "get",
  path: "/api/v1/settings/address-register/lookup",
  tags: TAGS,
  summary: "Look an address up in the register as the desk would (administrator)",
  security: SESSION,
  request: { query: LookupQuery },
  responses: {
    200: { description: "The parsed address and its point, or not found", content: json(LookupResult) },
    ...errorResponses(401, 403, 422),
  },
});

function decodeUtf8(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new OtklikError(
      "validation_failed",
      "Файл реестра не в кодировке UTF-8: сохраните его как «CSV UTF-8» / The register file is not UTF-8: save it as “CSV UTF-8”",
      { details: [{ path: ["file"], message: "Нужна кодировка UTF-8 / UTF-8 required" }] },
    );
  }
}

/** Settings for administrators: the address register. */
export function registerAddressRegisterRoutes(app: OpenAPIHono<ApiEnvironment>, deps: ApiDependencies): void {
  app.openapi(summaryRoute, async (c) => {
    requirePermission(c.get("actor"), "settings:edit");
    return c.json({ size: await countAddressPoints(deps.db) }, 200);
  });

  app.openapi(lookupRoute, async (c) => {
    requirePermission(c.get("actor"), "settings:edit");
    const { q } = c.req.valid("query");
    const { parsed, point } = await lookupAddress(deps.db, q);
    return c.json(
      {
        query: q,
        parsed: parsed
          ? {
              ...(parsed.street !== undefined ? { street: parsed.street } : {}),
              ...(parsed.house !== undefined ? { house: parsed.house } : {}),
              ...(parsed.district !== undefined ? { district: parsed.district } : {}),
            }
          : null,
        found: point !== null,
        point,
      },
      200,
    );
  });

  // Documented as it is (a required body, CSV or multipart), but validated with the body optional: the form
  // validator of @hono/zod-openapi would otherwise take a text/csv body for an empty form. `importGate` and
  // the handler refuse other types (415) and empty files (422) themselves.
  const { middleware: _gate, ...documentedImportRoute } = importRoute;
  app.openAPIRegistry.registerPath(documentedImportRoute);
  const validatedImportRoute = createRoute({
    ...importRoute,
    hide: true,
    request: { body: { ...importRoute.request.body, required: false } },
  });
  app.openapi(validatedImportRoute, async (c) => {
    const actor = c.get("actor");
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    let bytes: ArrayBuffer;
    let fileName = "text/csv";
    if (type === "multipart/form-data") {
      const { file } = c.req.valid("form") as { file: File };
      bytes = await file.arrayBuffer();
      fileName = file.name;
    } else {
      bytes = await c.req.arrayBuffer();
    }
    if (bytes.byteLength > ADDRESS_REGISTER_MAX_BYTES) {
      throw new OtklikError(
        "payload_too_large",
        `Файл реестра больше ${mebibytes} МБ: разделите его на части / The register file exceeds ${mebibytes} MB: split it`,
      );
    }
    const csv = decodeUtf8(bytes);
    if (csv.trim() === "") {
      throw new OtklikError("validation_failed", "Файл реестра пуст / The register file is empty", {
        details: [{ path: ["file"], message: "Файл пуст / The file is empty" }],
      });
    }
    const clock = deps.clock ?? systemClock;
    const result = await withTransaction(deps.db, async (tx) => {
      const imported = await importAddressRegisterFile(tx, csv);
      await recordAudit(
        tx,
        { clock, actor },
        {
          action: "address-register.import",
          objectType: "address-register",
          objectId: "address-register",
          after: {
            file: fileName,
            bytes: bytes.byteLength,
            imported: imported.imported,
            updated: imported.updated,
            rejected: imported.rejected.length,
            registerSize: imported.registerSize,
          },
        },
      );
      return imported;
    });
    return c.json(
      {
        imported: result.imported,
        updated: result.updated,
        rejectedCount: result.rejected.length,
        rejected: result.rejected.slice(0, REJECTED_LINES_SHOWN),
        registerSize: result.registerSize,
      },
      200,
    );
  });
}
