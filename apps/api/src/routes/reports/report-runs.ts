import { type Clock, newId, OtklikError } from "@otklik/core";
import { type Database, type Jobs, type MigrationSet, migrationSet } from "@otklik/db";
import { type Actor, isInScope, requirePermission } from "@otklik/identity";
import { deterministicUuid } from "@otklik/incidents";
import type { Logger } from "pino";
import type { Period } from "./period.js";
import { renderCharts, reportCsv, reportDocx, reportXlsx } from "./report-documents.js";
import { collectReportFigures, REPORT_STEPS, type ReportFigures, type ReportStep } from "./report-figures.js";

/**
 * The report runs' table (`api_report_runs`), in `apps/api/drizzle-reports/`: a migration set of its own,
 * so the API's other tables keep their own history.
 */
export const reportMigrations: MigrationSet = migrationSet("api-reports", import.meta.url, "drizzle-reports");

/** The durable queue the reports are made on (pg-boss, in the same database). */
export const REPORT_QUEUE = "api.report-generation";

export interface ReportJob {
  runId: string;
}

export type ReportKind = "yearly" | "monthly";
export type ReportStatus = "queued" | "running" | "done" | "failed";
export type ReportFormat = "docx" | "xlsx" | "csv";

export const REPORT_FORMATS: Record<ReportFormat, { contentType: string; extension: string }> = {
  docx: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
  },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extension: "xlsx",
  },
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv" },
};

/** A report run as the API shows it. */
export interface ReportRunView {
  id: string;
  kind: ReportKind;
  from: string;
  to: string;
  timeZone: string;
  departmentId: string | null;
  status: ReportStatus;
  stepsDone: number;
  stepsTotal: number;
  step: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  downloads: Record<ReportFormat, string> | null;
}

interface RunRow {
  id: string;
  kind: ReportKind;
  period_start: string | Date;
  period_end: string | Date;
  time_zone: string;
  department_id: string | null;
  scope_department_id: string | null;
  requested_by: string;
  actor: Actor;
  status: ReportStatus;
  steps_done: number;
  steps_total: number;
  step: string | null;
  error: string | null;
  attempts: number;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const RUN_COLUMNS = `id, kind, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
  time_zone, department_id, scope_department_id, requested_by, actor, status, steps_done, steps_total, step, error,
  attempts, created_at, started_at, finished_at`;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toView(row: RunRow): ReportRunView {
  const base = `/api/v1/reports/${row.id}/files`;
  return {
    id: row.id,
    kind: row.kind,
    from: String(row.period_start),
    to: String(row.period_end),
    timeZone: row.time_zone,
    departmentId: row.department_id,
    status: row.status,
    stepsDone: row.steps_done,
    stepsTotal: row.steps_total,
    step: row.step,
    error: row.error,
    createdAt: iso(row.created_at) ?? "",
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    downloads:
      row.status === "done" ? { docx: `${base}/docx`, xlsx: `${base}/xlsx`, csv: `${base}/csv` } : null,
  };
}

/** Who may see a run: `report:read`, and a head only their own department's runs. */
function assertCanRead(actor: Actor, row: RunRow | undefined): RunRow {
  const scope = requirePermission(actor, "report:read");
  if (!row || !isInScope(scope, row.scope_department_id)) {
    throw new OtklikError("not_found", "Отчёт не найден / Report not found");
  }
  return row;
}

/** The report's title: «…за 2026 год», «…за январь 2026 года». */
export function reportTitle(kind: ReportKind, from: string): { ru: string; en: string } {
  const year = from.slice(0, 4);
  if (kind === "yearly") {
    return {
      ru: `Отчёт о реализации информационной политики за ${year} год`,
      en: `Report on the information policy, ${year}`,
    };
  }
  const month = Number(from.slice(5, 7)) - 1;
  const ru = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
  ][month];
  const en = new Intl.DateTimeFormat("en-GB", { month: "long", timeZone: "UTC" }).format(
    new Date(`${from}T00:00:00Z`),
  );
  return {
    ru: `Отчёт о реализации информационной политики за ${ru} ${year} года`,
    en: `Report on the information policy, ${en} ${year}`,
  };
}

/**
 * Records a report request and queues its job in the same transaction (when this process runs jobs;
 * otherwise a worker process picks the run up at its start, see {@link startReportWorkers}).
 */
export async function requestReport(
  context: { db: Database; clock: Clock; actor: Actor; jobs?: Jobs | undefined },
  input: { kind: ReportKind; period: Period },
): Promise<ReportRunView> {
  const scope = requirePermission(context.actor, "report:read");
  if (context.actor.kind !== "user" && context.actor.kind !== "system") {
    throw new OtklikError("forbidden", "Отчёт заказывает сотрудник / Reports are requested by staff");
  }
  const id = newId("rep", context.clock.now());
  const requestedBy = context.actor.kind === "user" ? context.actor.userId : context.actor.name;
  const scopeDepartmentId = scope.reach === "department" ? scope.departmentId : null;
  // An `api` process sends without working queues itself (its runner is not started); a worker works it.
  const jobs = context.jobs;
  const row = await context.db.transaction(async (tx) => {
    const [inserted] = await tx.query<RunRow>(
      `INSERT INTO api_report_runs (id, kind, period_start, period_end, time_zone, department_id, scope_department_id,
         requested_by, actor, status, steps_total, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', $10, $11) RETURNING ${RUN_COLUMNS}`,
      [
        id,
        input.kind,
        input.period.from,
        input.period.to,
        input.period.timeZone,
        input.period.departmentId ?? scopeDepartmentId ?? null,
        scopeDepartmentId,
        requestedBy,
        JSON.stringify(context.actor),
        REPORT_STEPS.length,
        context.clock.now(),
      ],
    );
    if (jobs)
      await jobs.send<ReportJob>(REPORT_QUEUE, { runId: id }, { tx, id: deterministicUuid(`report:${id}`) });
    return inserted as RunRow;
  });
  if (jobs?.started) jobs.notify(REPORT_QUEUE);
  return toView(row);
}

export async function getReportRun(
  context: { db: Database; actor: Actor },
  id: string,
): Promise<ReportRunView> {
  const [row] = await context.db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM api_report_runs WHERE id = $1`, [
    id,
  ]);
  return toView(assertCanRead(context.actor, row));
}

/** The newest runs the caller may see (a head: their department's). */
export async function listReportRuns(
  context: { db: Database; actor: Actor },
  limit = 20,
): Promise<ReportRunView[]> {
  const scope = requirePermission(context.actor, "report:read");
  const rows = await context.db.query<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM api_report_runs
      WHERE ($1::boolean OR scope_department_id = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
    [scope.reach === "all", scope.reach === "department" ? scope.departmentId : null, limit],
  );
  return rows.map(toView);
}

/** A finished run's file; 409 while it is being made. */
export async function readReportFile(
  context: { db: Database; actor: Actor },
  id: string,
  format: ReportFormat,
): Promise<{ body: Uint8Array<ArrayBuffer>; fileName: string }> {
  const [row] = await context.db.query<RunRow & { file: Uint8Array | null }>(
    `SELECT ${RUN_COLUMNS}, ${format} AS file FROM api_report_runs WHERE id = $1`,
    [id],
  );
  const run = assertCanRead(context.actor, row);
  if (run.status !== "done" || !row?.file) {
    throw new OtklikError(
      "conflict",
      `Отчёт ещё не готов (${run.status}) / The report is not ready yet (${run.status})`,
    );
  }
  return {
    body: Uint8Array.from(row.file),
    fileName: `otklik-${run.kind}-report-${String(run.period_start)}-${String(run.period_end)}.${REPORT_FORMATS[format].extension}`,
  };
}

async function progress(db: Database, id: string, stepsDone: number, step: ReportStep | null): Promise<void> {
  await db.query("UPDATE api_report_runs SET steps_done = $2, step = $3 WHERE id = $1", [
    id,
    stepsDone,
    step,
  ]);
}

/**
 * Makes one report: figures, charts, DOCX, XLSX, CSV, writing progress after each step. A run done already
 * is left alone (a job delivered twice); a run interrupted (the process died) starts over from its figures.
 */
export async function generateReport(context: { db: Database; clock: Clock }, runId: string): Promise<void> {
  const [row] = await context.db.query<RunRow>(
    `UPDATE api_report_runs SET status = 'running', attempts = attempts + 1, steps_done = 0, step = $2, error = NULL,
            started_at = $3
      WHERE id = $1 AND status <> 'done' RETURNING ${RUN_COLUMNS}`,
    [runId, REPORT_STEPS[0], context.clock.now()],
  );
  if (!row) return;
  let done = 0;
  const stepDone = async (step: ReportStep) => {
    done = REPORT_STEPS.indexOf(step) + 1;
    await progress(context.db, runId, done, REPORT_STEPS[done] ?? null);
  };
  try {
    const period: Period = {
      from: String(row.period_start),
      to: String(row.period_end),
      timeZone: row.time_zone,
      departments:
        row.scope_department_id !== null
          ? row.department_id === row.scope_department_id
            ? [row.scope_department_id]
            : []
          : row.department_id
            ? [row.department_id]
            : null,
      departmentId: row.department_id,
    };
    const figures: ReportFigures = await collectReportFigures(
      { db: context.db, clock: context.clock, actor: row.actor },
      { kind: row.kind, period, title: reportTitle(row.kind, period.from) },
      stepDone,
    );
    const charts = await renderCharts(figures);
    await stepDone("charts");
    const docx = await reportDocx(figures, charts);
    await stepDone("docx");
    const xlsx = await reportXlsx(figures);
    await stepDone("xlsx");
    const csv = Buffer.from(reportCsv(figures), "utf8");
    await context.db.query(
      `UPDATE api_report_runs SET status = 'done', steps_done = steps_total, step = NULL, figures = $2, docx = $3,
              xlsx = $4, csv = $5, finished_at = $6 WHERE id = $1`,
      [runId, JSON.stringify(figures), docx, xlsx, csv, context.clock.now()],
    );
  } catch (error) {
    await context.db.query(
      "UPDATE api_report_runs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1",
      [
        runId,
        `Не удалось сформировать отчёт / The report failed: ${(error as Error).message}`.slice(0, 2000),
        context.clock.now(),
      ],
    );
    throw error;
  }
}

/**
 * Works the report queue in this process and queues the runs requested while no runner was up (a
 * process without workers on PostgreSQL records the run; the worker process picks it up here).
 */
export async function startReportWorkers(args: {
  db: Database;
  clock: Clock;
  jobs: Jobs;
  logger?: Logger;
}): Promise<number> {
  await args.jobs.createQueue(REPORT_QUEUE, {
    retryLimit: 2,
    retryDelaySeconds: 30,
    expireInSeconds: 15 * 60,
  });
  await args.jobs.work<ReportJob>(REPORT_QUEUE, async (job) => {
    await generateReport({ db: args.db, clock: args.clock }, job.data.runId);
    args.logger?.info({ runId: job.data.runId }, "report generated");
  });
  const waiting = await args.db.query<{ id: string }>(
    "SELECT id FROM api_report_runs WHERE status IN ('queued', 'running')",
  );
  for (const { id } of waiting) {
    await args.jobs.send<ReportJob>(REPORT_QUEUE, { runId: id }, { id: deterministicUuid(`report:${id}`) });
  }
  return waiting.length;
}
