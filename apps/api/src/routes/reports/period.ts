import { z } from "@hono/zod-openapi";
import { OtklikError } from "@otklik/core";
import type { Actor, DepartmentScope } from "@otklik/identity";
import { requirePermission } from "@otklik/identity";

/** The longest period a dashboard or report covers: two years and a day (a leap year's report fits twice). */
export const MAX_PERIOD_DAYS = 732;
/** Without `from`/`to`, dashboards show the last 30 days of the city's calendar, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Дата в виде ГГГГ-ММ-ДД / A date as YYYY-MM-DD" })
  .refine((value) => isCalendarDate(value), { error: "Такой даты нет / No such date" });

/** `?from&to&departmentId&format`: the period on the city's calendar (both days included). */
export const AnalyticsQuery = z
  .object({
    from: CalendarDate.optional().openapi({
      description: "Первый день периода (по календарю города) / The period's first day (city calendar)",
      example: "2026-01-01",
    }),
    to: CalendarDate.optional().openapi({
      description: "Последний день периода, включительно / The period's last day, included",
      example: "2026-01-31",
    }),
    departmentId: z.string().min(1).max(64).optional().openapi({
      description:
        "Только это управление; у начальника управления — всегда своё / Only this department; a head always sees their own",
    }),
    format: z
      .enum(["json", "csv"], { error: "Формат: json или csv / Format: json or csv" })
      .default("json")
      .openapi({
        description:
          "`csv` — те же данные в CSV (UTF-8 с BOM, открывается в Excel) / `csv`: the same data as CSV (UTF-8 with BOM, opens in Excel)",
      }),
  })
  .superRefine((query, context) => {
    if (query.from && query.to) {
      const days = daysBetween(query.from, query.to);
      if (days < 0) {
        context.addIssue({
          code: "custom",
          path: ["to"],
          message: "Конец периода раньше начала / The period ends before it starts",
        });
      } else if (days + 1 > MAX_PERIOD_DAYS) {
        context.addIssue({
          code: "custom",
          path: ["to"],
          message: `Период длиннее ${MAX_PERIOD_DAYS} дней / The period is longer than ${MAX_PERIOD_DAYS} days`,
        });
      }
    }
  });
export type AnalyticsQuery = z.output<typeof AnalyticsQuery>;

/** Which departments' records a figure counts: `null` every one, `[]` none, `[id]` one. */
export type DepartmentFilter = string[] | null;

/** A period of whole days on the city's calendar and whose figures to count. */
export interface Period {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, included. */
  to: string;
  timeZone: string;
  departments: DepartmentFilter;
  /** The department asked for, as asked (null: all the caller may see). */
  departmentId: string | null;
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Whole days from `from` to `to` (0 when equal). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus `days` days, `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const count = daysBetween(from, to) + 1;
  return Array.from({ length: Math.max(0, count) }, (_, index) => addDays(from, index));
}

/** Today on the city's calendar. */
export function cityToday(now: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

/**
 * The departments a caller's figures cover: the department asked for within the caller's reach.
 * Like the incident queue, a head asking for another department gets nothing rather than an error.
 */
export function departmentFilter(scope: DepartmentScope, departmentId: string | undefined): DepartmentFilter {
  if (scope.reach === "all") return departmentId ? [departmentId] : null;
  if (scope.departmentId === null) return [];
  if (departmentId && departmentId !== scope.departmentId) return [];
  return [scope.departmentId];
}

/** Checks `report:read` and turns a validated query into the period and departments to count. */
export function resolvePeriod(
  actor: Actor,
  query: Pick<AnalyticsQuery, "from" | "to" | "departmentId">,
  now: Date,
  timeZone: string,
): Period {
  const scope = requirePermission(actor, "report:read");
  const today = cityToday(now, timeZone);
  const to = query.to ?? (query.from ? minDate(addDays(query.from, DEFAULT_PERIOD_DAYS - 1), today) : today);
  const from = query.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (daysBetween(from, to) < 0) {
    throw new OtklikError(
      "validation_failed",
      "Конец периода раньше начала / The period ends before it starts",
      {
        details: [
          { path: ["from"], message: "Конец периода раньше начала / The period ends before it starts" },
        ],
      },
    );
  }
  return {
    from,
    to,
    timeZone,
    departments: departmentFilter(scope, query.departmentId),
    departmentId: query.departmentId ?? null,
  };
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
