// Open311 GeoReport v2 at /open311/v2/: its own specification, served outside /api/v1 and the OpenAPI document.

import type { OpenAPIHono } from "@hono/zod-openapi";
import { httpStatus, OtklikError, systemClock } from "@otklik/core";
import { authenticateApiToken, listDepartments, permissionScope, systemActor } from "@otklik/identity";
import {
  createIncidentFromOpen311,
  getOpen311Request,
  type IncidentContext,
  listOpen311Requests,
  open311RequestIdForToken,
  open311ServiceDefinition,
  open311Services,
} from "@otklik/incidents";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { toOtklikError } from "../../http/error-response.js";
import type { IncidentRouteSettings } from "../incidents/incident-support.js";
import { type ItemNames, xmlDocument } from "./xml.js";

export const OPEN311_BASE = "/open311/v2";
/** The day this implementation of the endpoint last changed, for `discovery`. */
const CHANGESET = "2026-11-27T00:00:00Z";

type Format = "json" | "xml";

const ITEMS: ItemNames = {
  endpoints: "endpoint",
  formats: "format",
  attributes: "attribute",
  values: "value",
  services: "service",
  service_requests: "request",
  errors: "error",
  tokens: "token",
};

/** Splits `services.json` into the name and the format; no extension is JSON, another one is unknown. */
function splitFile(file: string): { name: string; format: Format } | null {
  const dot = file.lastIndexOf(".");
  if (dot < 0) return { name: file, format: "json" };
  const extension = file.slice(dot + 1).toLowerCase();
  if (extension !== "json" && extension !== "xml") return null;
  return { name: file.slice(0, dot), format: extension };
}

/** An answer in the asked format: JSON as is, XML under `root` with each element named `item`. */
function render(
  c: Context<ApiEnvironment>,
  format: Format,
  status: number,
  body: unknown,
  xml: { root: string; item?: string },
): Response {
  if (format === "json") {
    return c.body(JSON.stringify(body), status as 200, { "content-type": "application/json; charset=utf-8" });
  }
  const items = xml.item ? { ...ITEMS, [xml.root]: xml.item } : ITEMS;
  return c.body(xmlDocument(xml.root, body, items), status as 200, {
    "content-type": "text/xml; charset=utf-8",
  });
}

/** The spec's error status: 400 for bad input, 403 for a missing or wrong key, 404 for unknown things. */
function open311ErrorStatus(error: OtklikError): number {
  switch (error.code) {
    case "validation_failed":
    case "bad_request":
    case "unsupported_media_type":
      return 400;
    case "unauthorized":
    case "forbidden":
      return 403;
    default:
      return httpStatus(error.code);
  }
}

function renderError(c: Context<ApiEnvironment>, format: Format, error: unknown, deps: ApiDependencies) {
  const known = toOtklikError(error);
  if (known.code === "internal") (c.get("logger") ?? deps.logger).error({ err: error }, "unhandled error");
  const status = open311ErrorStatus(known);
  const details = known.details?.map((detail) => `${detail.path.join(".")}: ${detail.message}`) ?? [];
  const description = details.length > 0 ? `${known.message} — ${details.join("; ")}` : known.message;
  // 503 while the database cannot be reached (and 429): when to try again.
  if (known.retryAfterSeconds !== undefined) c.header("Retry-After", String(known.retryAfterSeconds));
  return render(c, format, status, [{ code: status, description }], { root: "errors", item: "error" });
}

/** PostgreSQL text cannot hold NUL (U+0000): such a value is the client's error, refused before any query. */
function refuseNul(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value?.includes("\u0000")) {
      throw new OtklikError(
        "validation_failed",
        `${name}: символ NUL недопустим / ${name}: the NUL character is not allowed`,
        { details: [{ path: [name], message: "NUL" }] },
      );
    }
  }
}

const unknownFormat = () => new OtklikError("not_found", "Формат: .json или .xml / Format: .json or .xml");
const noSuchResource = (name: string) =>
  new OtklikError("not_found", `Нет ресурса ${name} / No resource ${name}`);

/** `{ departmentId → name }` for `agency_responsible`. */
async function departmentNames(deps: ApiDependencies): Promise<Map<string, string>> {
  const context = { db: deps.db, clock: deps.clock ?? systemClock, actor: systemActor("open311") };
  const names = new Map<string, string>();
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const result = await listDepartments(context, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const department of result.items) names.set(department.id, department.name);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return names;
}

/** The submitted form (or JSON) fields as strings; files are ignored. */
async function formFields(c: Context<ApiEnvironment>): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  let raw: Record<string, unknown>;
  if (type.includes("application/json")) {
    const parsed: unknown = await c.req.json().catch(() => {
      throw new OtklikError("bad_request", "Тело — не JSON / The body is not JSON");
    });
    raw =
      parsed && typeof parsed === "object" && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
  } else {
    // A form that cannot be read (a broken multipart body, say) is the client's error, not the server's.
    raw = (await c.req.parseBody().catch(() => {
      throw new OtklikError("bad_request", "Тело формы не разобрано / The form body could not be read");
    })) as Record<string, unknown>;
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string") fields[key] = value;
    else if (typeof value === "number") fields[key] = String(value);
  }
  return fields;
}

/**
 * Open311 GeoReport v2: `discovery`, `services`, `services/{code}`, `requests` (GET and POST),
 * `requests/{id}`, `tokens/{token}`, each as `.json` or `.xml`. Reading is public; submitting needs an
 * `api_key` (form field or query parameter) — an API token with the `open311:write` scope.
 */
export function registerOpen311Routes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: Pick<IncidentRouteSettings, "jobs" | "sla">,
): void {
  const clock = deps.clock ?? systemClock;
  const readContext = () => ({ db: deps.db, clock });

  app.get(`${OPEN311_BASE}/:file`, async (c) => {
    const file = splitFile(c.req.param("file"));
    const format = file?.format ?? "json";
    try {
      if (!file) throw unknownFormat();
      switch (file.name) {
        case "discovery": {
          const url = `${new URL(c.req.url).origin}${OPEN311_BASE}`;
          return render(
            c,
            format,
            200,
            {
              changeset: CHANGESET,
              contact:
                "Пресс-служба администрации города Абакана / Press service of the Abakan city administration",
              key_service:
                "Ключ API выдаёт администратор системы «Отклик» / Keys are issued by Otklik's administrator",
              endpoints: [
                {
                  specification: "http://wiki.open311.org/GeoReport_v2",
                  url,
                  changeset: CHANGESET,
                  type: "production",
                  formats: ["application/json", "text/xml"],
                },
              ],
            },
            { root: "discovery" },
          );
        }
        case "services":
          return render(c, format, 200, open311Services(), { root: "services", item: "service" });
        case "requests": {
          const query = c.req.query();
          refuseNul(query);
          const requests = await listOpen311Requests(
            readContext(),
            {
              ...(query.service_request_id !== undefined
                ? { service_request_id: query.service_request_id }
                : {}),
              ...(query.service_code ? { service_code: query.service_code } : {}),
              ...(query.start_date ? { start_date: query.start_date } : {}),
              ...(query.end_date ? { end_date: query.end_date } : {}),
              ...(query.status ? { status: query.status } : {}),
            },
            { departmentNames: await departmentNames(deps) },
          );
          return render(c, format, 200, requests, { root: "service_requests", item: "request" });
        }
        default:
          throw noSuchResource(file.name);
      }
    } catch (error) {
      return renderError(c, format, error, deps);
    }
  });

  app.post(`${OPEN311_BASE}/:file`, async (c) => {
    const file = splitFile(c.req.param("file"));
    const format = file?.format ?? "json";
    try {
      if (!file) throw unknownFormat();
      if (file.name !== "requests") throw noSuchResource(file.name);
      const fields = await formFields(c);
      refuseNul(fields);
      const key = fields.api_key ?? c.req.query("api_key");
      let actor = c.get("actor");
      if (key !== undefined && key !== "") {
        const found = await authenticateApiToken({ db: deps.db, clock }, key, {
          address: c.get("clientAddress") ?? null,
        });
        if (!found)
          throw new OtklikError("forbidden", "Неверный или отозванный api_key / Invalid or revoked api_key");
        actor = found.actor;
      }
      if (!permissionScope(actor, "open311:submit")) {
        throw new OtklikError(
          "forbidden",
          "Нужен api_key с правом open311:write / An api_key with the open311:write scope is required",
        );
      }
      const { api_key: _key, jurisdiction_id: _jurisdiction, ...submission } = fields;
      const context: IncidentContext = {
        db: deps.db,
        clock,
        actor,
        ...(settings.jobs ? { jobs: settings.jobs } : {}),
        ...(settings.sla ? { sla: settings.sla } : {}),
      };
      const submitted = await createIncidentFromOpen311(context, submission as { service_code: string });
      return render(c, format, 201, [submitted], { root: "service_requests", item: "request" });
    } catch (error) {
      return renderError(c, format, error, deps);
    }
  });

  app.get(`${OPEN311_BASE}/services/:file`, async (c) => {
    const file = splitFile(c.req.param("file"));
    const format = file?.format ?? "json";
    try {
      if (!file) throw unknownFormat();
      const definition = open311ServiceDefinition(file.name);
      if (!definition)
        throw new OtklikError("not_found", `Нет услуги ${file.name} / No service ${file.name}`);
      return render(c, format, 200, definition, { root: "service_definition" });
    } catch (error) {
      return renderError(c, format, error, deps);
    }
  });

  app.get(`${OPEN311_BASE}/requests/:file`, async (c) => {
    const file = splitFile(c.req.param("file"));
    const format = file?.format ?? "json";
    try {
      if (!file) throw unknownFormat();
      const request = await getOpen311Request(readContext(), file.name, {
        departmentNames: await departmentNames(deps),
      });
      return render(c, format, 200, [request], { root: "service_requests", item: "request" });
    } catch (error) {
      return renderError(c, format, error, deps);
    }
  });

  app.get(`${OPEN311_BASE}/tokens/:file`, async (c) => {
    const file = splitFile(c.req.param("file"));
    const format = file?.format ?? "json";
    try {
      if (!file) throw unknownFormat();
      refuseNul({ token: file.name });
      const found = await open311RequestIdForToken(readContext(), file.name);
      return render(c, format, 200, [found], { root: "service_requests", item: "request" });
    } catch (error) {
      return renderError(c, format, error, deps);
    }
  });
}
