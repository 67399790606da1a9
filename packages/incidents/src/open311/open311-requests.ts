// Open311 GeoReport v2 over the database: submitting a request, listing and reading requests, tokens.
import { fromZodError, notFound, OtklikError } from "@otklik/core";
import { withTransaction } from "@otklik/db";
import { requirePermission } from "@otklik/identity";
import { and, asc, desc, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import { z } from "zod";
import { CATEGORY_NAMES, type CategoryCode } from "../classification/categories.js";
import type { IncidentContext } from "../context.js";
import { createIncidentInTransaction } from "../intake/create-incident.js";
import { formatRegistrationNumber, parseRegistrationNumber } from "../numbers/registration-number.js";
import { incidents, replies } from "../schema.js";
import { evaluateIncidentSla, slaSettings } from "../sla/sla-evaluation.js";
import { addressLine, type IncidentRow } from "../storage/incident-record.js";
import {
  incidentStatusesFor,
  isOpen311ServiceCode,
  OPEN311_SERVICE_NOTICE,
  type Open311Request,
  open311Status,
  open311StatusNote,
} from "./open311-services.js";

/** Empty form fields count as absent. */
const optionalText = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.string().trim().max(max).optional(),
  );
const optionalNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.coerce.number().min(min).max(max).optional(),
  );

/** `POST requests`: the spec's form fields (`api_key` is checked by the caller and not stored). */
export const Open311Submission = z
  .object({
    service_code: z
      .string()
      .trim()
      .min(1, { error: "Укажите service_code / service_code is required" })
      .max(40),
    lat: optionalNumber(-90, 90),
    long: optionalNumber(-180, 180),
    address_string: optionalText(500),
    address_id: optionalText(200),
    description: optionalText(4000),
    media_url: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z
        .url({ protocol: /^https?$/, error: "media_url: ссылка http(s) / an http(s) URL" })
        .max(2000)
        .optional(),
    ),
    first_name: optionalText(100),
    last_name: optionalText(100),
    email: optionalText(254),
    phone: optionalText(40),
    device_id: optionalText(200),
    account_id: optionalText(200),
  })
  .refine((input) => (input.lat === undefined) === (input.long === undefined), {
    error: "lat и long указываются вместе / lat and long go together",
    path: ["long"],
  })
  .refine(
    (input) =>
      input.lat !== undefined || input.address_string !== undefined || input.address_id !== undefined,
    {
      error:
        "Нужно место: lat и long, address_string или address_id / A location is required: lat & long, address_string or address_id",
      path: ["address_string"],
    },
  );
export type Open311Submission = z.input<typeof Open311Submission>;

/** The answer to `POST requests`, one element of the spec's array. */
export interface Open311Submitted {
  service_request_id: string;
  token: string;
  service_notice: string;
  account_id: string | null;
}

/**
 * Registers a service request of an Open311 client (`open311:submit`, the `open311:write` token scope) as
 * an incident of channel `open311`, in the category the client chose. Personal data is kept as the desk
 * keeps it for every channel: the author's name only. E-mail, phone and device id are not stored (no
 * consent is recorded through this channel); `account_id` is answered back, not stored.
 */
export async function createIncidentFromOpen311(
  context: IncidentContext,
  rawInput: Open311Submission,
): Promise<Open311Submitted> {
  requirePermission(context.actor, "open311:submit");
  const parsed = Open311Submission.safeParse(rawInput);
  if (!parsed.success) throw fromZodError(parsed.error);
  const input = parsed.data;
  if (!isOpen311ServiceCode(input.service_code)) {
    throw new OtklikError(
      "validation_failed",
      `Нет услуги ${input.service_code} / No service ${input.service_code}`,
      { details: [{ path: ["service_code"], message: "unknown" }] },
    );
  }
  const category: CategoryCode = input.service_code;
  const authorName = [input.first_name, input.last_name].filter(Boolean).join(" ") || null;
  const now = context.clock.now();
  const { incident } = await withTransaction(context.db, (tx) =>
    createIncidentInTransaction(tx, context, {
      channel: "open311",
      authorName,
      text: input.description ?? `Обращение: ${CATEGORY_NAMES[category].ru}`,
      attachments: input.media_url ? [{ type: "photo", url: input.media_url }] : [],
      addressText: input.address_string ?? input.address_id ?? null,
      location:
        input.lat !== undefined && input.long !== undefined ? { lat: input.lat, lon: input.long } : null,
      createdAt: now,
      category,
    }),
  );
  return {
    service_request_id: incident.number,
    token: incident.trackingToken,
    service_notice: OPEN311_SERVICE_NOTICE,
    account_id: input.account_id ?? null,
  };
}

const commaList = z
  .string()
  .max(20_000)
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== ""),
  );
const w3cDate = z.iso.datetime({
  offset: true,
  error: "Дата в формате W3C (2026-11-27T10:00:00+07:00) / A W3C datetime",
});

/** `GET requests`: the spec's filters. `service_request_id` overrides every other filter. */
export const Open311Query = z.object({
  service_request_id: commaList.optional(),
  service_code: commaList.optional(),
  start_date: w3cDate.optional(),
  end_date: w3cDate.optional(),
  status: commaList
    .pipe(z.array(z.enum(["open", "closed"], { error: "status: open или closed / open or closed" })))
    .optional(),
});
export type Open311Query = z.input<typeof Open311Query>;

/** Without dates, the last 90 days; never more than 1000 requests at once. */
export const OPEN311_DEFAULT_DAYS = 90;
export const OPEN311_MAX_REQUESTS = 1000;

/** Names of departments for `agency_responsible`, by identity department id (the caller knows them). */
export interface Open311ReadOptions {
  departmentNames?: ReadonlyMap<string, string>;
}

type ReadContext = Pick<IncidentContext, "db" | "clock" | "sla">;

/**
 * The public list of service requests, newest first. Public like the spec wants it, so it shows no
 * personal data: `description` is given for requests that came through Open311 itself, not for
 * citizens' messages from other channels.
 */
export async function listOpen311Requests(
  context: ReadContext,
  rawQuery: Open311Query,
  options: Open311ReadOptions = {},
): Promise<Open311Request[]> {
  const parsed = Open311Query.safeParse(rawQuery);
  if (!parsed.success) throw fromZodError(parsed.error);
  const query = parsed.data;
  let rows: IncidentRow[];
  if (query.service_request_id !== undefined) {
    const numbers = query.service_request_id.flatMap((id) => {
      const number = parseRegistrationNumber(id);
      return number ? [formatRegistrationNumber(number)] : [];
    });
    rows =
      numbers.length === 0
        ? []
        : await context.db.drizzle
            .select()
            .from(incidents)
            .where(inArray(incidents.number, numbers.slice(0, OPEN311_MAX_REQUESTS)))
            .orderBy(desc(incidents.createdAt), desc(incidents.id));
  } else {
    const end = query.end_date ? new Date(query.end_date) : context.clock.now();
    const start = query.start_date
      ? new Date(query.start_date)
      : new Date(end.getTime() - OPEN311_DEFAULT_DAYS * 86_400_000);
    if (start > end) {
      throw new OtklikError("validation_failed", "start_date позже end_date / start_date is after end_date", {
        details: [{ path: ["start_date"], message: "after end_date" }],
      });
    }
    const statuses = query.status ? [...new Set(query.status.flatMap(incidentStatusesFor))] : undefined;
    rows = await context.db.drizzle
      .select()
      .from(incidents)
      .where(
        and(
          isNull(incidents.mergedIntoId),
          gte(incidents.createdAt, start),
          lte(incidents.createdAt, end),
          query.service_code ? inArray(incidents.category, query.service_code) : undefined,
          statuses ? inArray(incidents.status, statuses) : undefined,
        ),
      )
      .orderBy(desc(incidents.createdAt), desc(incidents.id))
      .limit(OPEN311_MAX_REQUESTS);
  }
  return toOpen311Requests(context, rows, options);
}

/** One service request by its id (the registration number «2026-004215»); unknown is «not found». */
export async function getOpen311Request(
  context: ReadContext,
  id: string,
  options: Open311ReadOptions = {},
): Promise<Open311Request> {
  const number = parseRegistrationNumber(id);
  const [row] = number
    ? await context.db.drizzle
        .select()
        .from(incidents)
        .where(eq(incidents.number, formatRegistrationNumber(number)))
    : [];
  if (!row) throw notFound(`Заявка ${id} / Service request ${id}`);
  const [request] = await toOpen311Requests(context, [row], options);
  return request as Open311Request;
}

/** `GET tokens/{token}`: the service request id behind a token (the incident's tracking token). */
export async function open311RequestIdForToken(
  context: Pick<IncidentContext, "db">,
  token: string,
): Promise<{ token: string; service_request_id: string }> {
  const [row] = await context.db.drizzle
    .select({ number: incidents.number })
    .from(incidents)
    .where(eq(incidents.trackingToken, token));
  if (!row) throw notFound(`Токен ${token} / Token ${token}`);
  return { token, service_request_id: row.number };
}

async function toOpen311Requests(
  context: ReadContext,
  rows: IncidentRow[],
  options: Open311ReadOptions,
): Promise<Open311Request[]> {
  if (rows.length === 0) return [];
  const publicReplies = await context.db.drizzle
    .select({ incidentId: replies.incidentId, text: replies.text })
    .from(replies)
    .where(
      and(
        inArray(
          replies.incidentId,
          rows.map((row) => row.id),
        ),
        eq(replies.visibility, "public"),
      ),
    )
    .orderBy(asc(replies.createdAt));
  const latestReply = new Map(publicReplies.map((reply) => [reply.incidentId, reply.text]));
  const now = context.clock.now();
  const settings = slaSettings(context);
  return rows.map((row) => {
    const resolution = evaluateIncidentSla(settings, row.slaEvents, now).metrics.find(
      (metric) => metric.metric === "resolution",
    );
    const expected = resolution && resolution.stoppedAt === null ? resolution.dueAt : null;
    const names = CATEGORY_NAMES[row.category as CategoryCode];
    const media = row.attachments.find((attachment) => attachment.type === "photo") ?? row.attachments[0];
    return {
      service_request_id: row.number,
      status: open311Status(row.status),
      status_notes: latestReply.get(row.id) ?? open311StatusNote(row.status),
      service_name: names?.ru ?? row.category,
      service_code: row.category,
      description: row.channel === "open311" ? row.textOriginal : null,
      agency_responsible: row.departmentId ? (options.departmentNames?.get(row.departmentId) ?? null) : null,
      service_notice: OPEN311_SERVICE_NOTICE,
      requested_datetime: row.createdAt.toISOString(),
      updated_datetime: row.updatedAt.toISOString(),
      expected_datetime: expected ? expected.toISOString() : null,
      address: addressLine(row),
      address_id: null,
      zipcode: null,
      lat: row.lat,
      long: row.lon,
      media_url: media?.url ?? null,
    };
  });
}
