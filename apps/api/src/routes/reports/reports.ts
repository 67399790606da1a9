import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { OtklikError, systemClock } from "@otklik/core";
import type { Jobs } from "@otklik/db";
import { requirePermission } from "@otklik/identity";
import type { Context } from "hono";
import type { ApiDependencies, ApiEnvironment } from "../../http/context.js";
import { errorResponses } from "../../openapi/schemas.js";
import { SESSION } from "../identity/route-support.js";
import { addDays, cityToday, departmentFilter, type Period } from "./period.js";
import { REPORT_STEPS } from "./report-figures.js";
import {
  getReportRun,
  listReportRuns,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportKind,
  readReportFile,
  requestReport,
} from "./report-runs.js";

const TAGS = ["Reports"];
const json = <Schema>(schema: Schema) => ({ "application/json": { schema } });

const Year = z
  .number({ error: "Год — целое число / The year is a whole number" })
  .int({ error: "Год — целое число / The year is a whole number" })
  .min(2000, { error: "Год не раньше 2000 / The year is 2000 or later" })
  .max(2100, { error: "Год не позже 2100 / The year is 2100 or earlier" })
  .openapi({ example: 2026 });
const DepartmentId = z.string().min(1).max(64).optional().openapi({
  description:
    "Только это управление (начальник — всегда своё) / Only this department (a head: always their own)",
});

const YearlyRequest = z
  .strictObject({ year: Year, departmentId: DepartmentId })
  .openapi("YearlyReportRequest");
const MonthlyRequest = z
  .strictObject({
    year: Year,
    month: z
      .number({ error: "Месяц — число от 1 до 12 / The month is a number from 1 to 12" })
      .int({ error: "Месяц — число от 1 до 12 / The month is a number from 1 to 12" })
      .min(1, { error: "Месяц — число от 1 до 12 / The month is a number from 1 to 12" })
      .max(12, { error: "Месяц — число от 1 до 12 / The month is a number from 1 to 12" })
      .openapi({ example: 1 }),
    departmentId: DepartmentId,
  })
  .openapi("MonthlyReportRequest");

const ReportRunSchema = z
  .object({
    id: z.string().openapi({ example: "rep_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
    kind: z.enum(["yearly", "monthly"]),
    from: z.string().openapi({ example: "2026-01-01" }),
    to: z.string().openapi({ example: "2026-12-31" }),
    timeZone: z.string(),
    departmentId: z.string().nullable(),
    status: z.enum(["queued", "running", "done", "failed"]),
    stepsDone: z.number().int(),
    stepsTotal: z.number().int().openapi({ example: REPORT_STEPS.length }),
    step: z
      .string()
      .nullable()
      .openapi({ description: `Текущий шаг / The step in progress: ${REPORT_STEPS.join(", ")}` }),
    error: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    downloads: z
      .object({ docx: z.string(), xlsx: z.string(), csv: z.string() })
      .nullable()
      .openapi({ description: "Ссылки на файлы, когда отчёт готов / Links to the files once done" }),
  })
  .openapi("ReportRun");

const RunIdParameter = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" }, example: "rep_01JDQ8Z4X9M2N7K3T5V6W8Y0AB" }),
});

const DESCRIPTION =
  "Отчёт формируется фоновой задачей; ход — `GET /api/v1/reports/{id}` (шаги выполнено / всего), файлы DOCX, XLSX и CSV — " +
  "по ссылкам `downloads`. Начальник управления получает отчёт по своему управлению. " +
  "/ The report is made by a durable background job; follow it at `GET /api/v1/reports/{id}` (steps done / total), download " +
  "DOCX, XLSX and CSV from `downloads`. A head's report covers their department.";

const yearlyRoute = createRoute({
  method: "post",
  path: "/api/v1/reports/yearly",
  tags: TAGS,
  summary: "Start the yearly report on information policy (DOCX, XLSX, CSV)",
  description: DESCRIPTION,
  security: SESSION,
  request: { body: { required: true, content: json(YearlyRequest) } },
  responses: {
    202: { description: "Queued", content: json(ReportRunSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const monthlyRoute = createRoute({
  method: "post",
  path: "/api/v1/reports/monthly",
  tags: TAGS,
  summary: "Start the monthly report (DOCX, XLSX, CSV)",
  description: DESCRIPTION,
  security: SESSION,
  request: { body: { required: true, content: json(MonthlyRequest) } },
  responses: {
    202: { description: "Queued", content: json(ReportRunSchema) },
    ...errorResponses(401, 403, 422),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/v1/reports",
  tags: TAGS,
  summary: "The newest yearly and monthly reports the caller may see (at most 20)",
  security: SESSION,
  responses: {
    200: { description: "The reports", content: json(z.object({ items: z.array(ReportRunSchema) })) },
    ...errorResponses(401, 403),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/v1/reports/{id}",
  tags: TAGS,
  summary: "A report's progress (steps done / total) and, once done, its download links",
  security: SESSION,
  request: { params: RunIdParameter },
  responses: {
    200: { description: "The report", content: json(ReportRunSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const fileRoute = createRoute({
  method: "get",
  path: "/api/v1/reports/{id}/files/{format}",
  tags: TAGS,
  summary: "Download a finished report as DOCX (with charts), XLSX or CSV (UTF-8 with BOM)",
  security: SESSION,
  request: {
    params: RunIdParameter.extend({
      format: z
        .enum(["docx", "xlsx", "csv"], { error: "Формат: docx, xlsx или csv / Format: docx, xlsx or csv" })
        .openapi({ param: { name: "format", in: "path" } }),
    }),
  },
  responses: {
    200: {
      description: "The file",
      content: Object.fromEntries(
        Object.values(REPORT_FORMATS).map((format) => [
          format.contentType,
          { schema: z.string().openapi({ format: "binary" }) },
        ]),
      ),
    },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

function futurePeriod(): OtklikError {
  return new OtklikError(
    "validation_failed",
    "Отчёт за будущий период сформировать нельзя / A report cannot cover a period that has not begun",
    {
      details: [
        {
          path: ["year"],
          message:
            "Отчёт за будущий период сформировать нельзя / A report cannot cover a period that has not begun",
        },
      ],
    },
  );
}

/** The yearly and monthly reports: requested, made by a durable job, followed and downloaded. */
export function registerReportRoutes(
  app: OpenAPIHono<ApiEnvironment>,
  deps: ApiDependencies,
  settings: { jobs?: Jobs | undefined },
): void {
  const clock = () => deps.clock ?? systemClock;
  const timeZone = deps.settings.timeZone;

  async function start(
    c: Context<ApiEnvironment>,
    kind: ReportKind,
    from: string,
    to: string,
    departmentId: string | undefined,
  ) {
    const actor = c.get("actor");
    const scope = requirePermission(actor, "report:read");
    if (from > cityToday(clock().now(), timeZone)) throw futurePeriod();
    const period: Period = {
      from,
      to,
      timeZone,
      departments: departmentFilter(scope, departmentId),
      departmentId: departmentId ?? null,
    };
    return requestReport({ db: deps.db, clock: clock(), actor, jobs: settings.jobs }, { kind, period });
  }

  app.openapi(yearlyRoute, async (c) => {
    const { year, departmentId } = c.req.valid("json");
    return c.json(await start(c, "yearly", `${year}-01-01`, `${year}-12-31`, departmentId), 202);
  });
  app.openapi(monthlyRoute, async (c) => {
    const { year, month, departmentId } = c.req.valid("json");
    const from = `${year}-${String(month).padStart(2, "0")}-01`;
    const nextMonth = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, "0")}-01`;
    return c.json(await start(c, "monthly", from, addDays(nextMonth, -1), departmentId), 202);
  });
  app.openapi(listRoute, async (c) =>
    c.json({ items: await listReportRuns({ db: deps.db, actor: c.get("actor") }) }, 200),
  );
  app.openapi(getRoute, async (c) =>
    c.json(await getReportRun({ db: deps.db, actor: c.get("actor") }, c.req.valid("param").id), 200),
  );
  app.openapi(fileRoute, async (c) => {
    const { id, format } = c.req.valid("param");
    const file = await readReportFile({ db: deps.db, actor: c.get("actor") }, id, format as ReportFormat);
    return c.body(file.body, 200, {
      "content-type": REPORT_FORMATS[format as ReportFormat].contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "private, no-store",
    });
  });
}
