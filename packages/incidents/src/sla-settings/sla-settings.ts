import { fromZodError, IsoDate, OtklikError } from "@otklik/core";
import { type Executor, withTransaction } from "@otklik/db";
import { actorId, recordAudit, requirePermission } from "@otklik/identity";
import {
  ABAKAN_DUTY_HOURS,
  ABAKAN_SLA_POLICY,
  abakanCalendars,
  type BusinessCalendar,
  createBusinessCalendar,
  type DayOverride,
  evaluateSla,
  russianProductionCalendar,
  SlaPolicy,
  type WeeklyHours,
} from "@otklik/sla";
import { and, asc, desc, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { IncidentContext, SlaSettings } from "../context.js";
import { incidentCreatedEvent } from "../lifecycle/facts.js";
import { calendarDays, slaPolicyVersions, slaSettingsRevision } from "../schema.js";
import { parseProductionCalendarCsv } from "./production-calendar-csv.js";

/** The desk's calendars whose days an administrator keeps: the working calendar and the duty calendar. */
export const DESK_CALENDARS = ["office", "duty"] as const;
export const DeskCalendarName = z.enum(DESK_CALENDARS);
export type DeskCalendarName = z.infer<typeof DeskCalendarName>;

export const CalendarDayKind = z.enum(["working", "non-working", "shortened"]);
export const CalendarDaySource = z.enum(["production-calendar", "regional", "manual"]);

/** A day added by hand: a regional holiday (Khakassia's Day of the Republic, 3 July) or a city's own day. */
export const CalendarDayInput = z.object({
  date: IsoDate,
  kind: CalendarDayKind.default("non-working"),
  note: z.string().trim().max(200).optional(),
  source: z.enum(["regional", "manual"]).default("regional"),
});
export type CalendarDayInput = z.input<typeof CalendarDayInput>;

/** A stored day of a desk calendar. */
export const CalendarDay = z.object({
  calendar: DeskCalendarName,
  date: z.string(),
  kind: CalendarDayKind,
  note: z.string().nullable(),
  source: CalendarDaySource,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

/** A version of the SLA policy. Version 1 is the configured one (file or Abakan's default). */
export const SlaPolicyVersion = z.object({
  version: z.number().int(),
  policy: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string().nullable(),
  current: z.boolean(),
});
export type SlaPolicyVersion = z.infer<typeof SlaPolicyVersion>;

export const SlaPolicyChange = z.object({
  policy: z.unknown(),
  note: z.string().trim().max(500).optional(),
  /** The version the editor started from: a save over a newer one is refused (409). */
  expectedVersion: z.number().int().positive().optional(),
});
export type SlaPolicyChange = z.input<typeof SlaPolicyChange>;

export const SlaPreviewInput = z
  .object({
    /** A draft policy; without it, `version` (or the current version). */
    policy: z.unknown().optional(),
    version: z.number().int().positive().optional(),
    receivedAt: z.iso.datetime({ offset: true }),
    category: z.string().max(64).optional(),
    channel: z.string().max(32).optional(),
    urgent: z.boolean().default(false),
    department: z.string().max(64).optional(),
  })
  .refine((input) => !(input.policy !== undefined && input.version !== undefined), {
    message: "Либо policy, либо version / Either policy or version, not both",
    path: ["version"],
  });
export type SlaPreviewInput = z.input<typeof SlaPreviewInput>;

export interface SlaPreviewMetric {
  metric: string;
  rule: string;
  calendar: string;
  targetMinutes: number;
  dueAt: string | null;
  /** The deadline on the wall clock of the calendar's zone: `YYYY-MM-DD HH:mm`. */
  dueAtLocal: string | null;
}

export interface SlaPreview {
  version: number | null;
  timeZone: string;
  receivedAt: string;
  metrics: SlaPreviewMetric[];
}

/** How the desk's calendars are built from their stored days. */
export interface DeskCalendarOptions {
  /** Default: the configured `office` calendar's zone, else Asia/Krasnoyarsk. */
  timeZone?: string;
  /** The duty calendar's weekly hours (default Abakan's placeholder hours). */
  dutyHours?: WeeklyHours;
  /** The working calendar's weekly hours (default Mon–Fri 08–12, 13–17). */
  officeHours?: WeeklyHours;
}

type DayRow = Pick<CalendarDay, "calendar" | "date" | "kind" | "note">;

/**
 * The desk calendars with stored days: `office` is the Russian production calendar with the days as
 * overrides (they win over the built-in decrees), `duty` the desk's weekly duty hours with them. A
 * calendar without stored days is left as configured.
 */
export function deskCalendars(
  configured: Readonly<Record<string, BusinessCalendar>>,
  days: readonly DayRow[],
  options: DeskCalendarOptions = {},
): Record<string, BusinessCalendar> {
  const timeZone = options.timeZone ?? configured.office?.timeZone ?? "Asia/Krasnoyarsk";
  const overrides = (calendar: string): DayOverride[] =>
    days
      .filter((day) => day.calendar === calendar)
      .map((day) => ({ date: day.date, kind: day.kind, ...(day.note ? { name: day.note } : {}) }));
  const result: Record<string, BusinessCalendar> = { ...configured };
  const office = overrides("office");
  if (office.length > 0) {
    result.office = russianProductionCalendar({
      timeZone,
      overrides: office,
      ...(options.officeHours ? { hours: options.officeHours } : {}),
    });
  }
  const duty = overrides("duty");
  if (duty.length > 0) {
    result.duty = createBusinessCalendar({
      timeZone,
      hours: options.dutyHours ?? ABAKAN_DUTY_HOURS,
      overrides: duty,
    });
  }
  return result;
}

/**
 * The SLA settings an administrator keeps in the database, as the desk reads them: `settings` is a
 * live view for `IncidentContext.sla` (its fields always answer the latest loaded state), `fresh()`
 * loads on first use and re-reads the revision number once `ttlMs` has passed, `reload()` after a
 * change in this process.
 */
export interface SlaSettingsStore {
  readonly settings: SlaSettings;
  /** Version 1: the configured policy. */
  readonly configuredPolicy: SlaPolicy;
  /** The revision loaded last (0: nothing stored yet). */
  readonly revision: number;
  fresh(): Promise<void>;
  reload(): Promise<void>;
  /** Re-reads the revision every `intervalMs` (several processes on PostgreSQL); answers a stop function. */
  startRefreshing(intervalMs: number): () => void;
  /** The calendars built from given days (for a preview). */
  calendarsWith(days: readonly DayRow[]): Record<string, BusinessCalendar>;
}

interface Snapshot {
  revision: number;
  policy: SlaPolicy;
  policyVersion: number;
  policyVersions: ReadonlyMap<number, SlaPolicy>;
  calendars: Readonly<Record<string, BusinessCalendar>>;
}

/**
 * Makes the store of SLA settings over `db`. `configured`: the policy and calendars the city started
 * with (`OTKLIK_SLA_POLICY_FILE`; default Abakan's); `ttlMs`: how long a loaded revision is trusted
 * without a look (default: forever — one process, which reloads after its own changes; set a few
 * seconds when several processes share a PostgreSQL).
 */
export function createSlaSettingsStore(options: {
  db: Executor;
  configured?: SlaSettings | undefined;
  calendars?: DeskCalendarOptions;
  ttlMs?: number;
}): SlaSettingsStore {
  const configured = options.configured ?? { policy: ABAKAN_SLA_POLICY, calendars: abakanCalendars() };
  const ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
  let snapshot: Snapshot = {
    revision: -1,
    policy: configured.policy,
    policyVersion: 1,
    policyVersions: new Map([[1, configured.policy]]),
    calendars: configured.calendars,
  };
  let checkedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;

  async function load(force: boolean): Promise<void> {
    const [state] = await options.db.drizzle.select().from(slaSettingsRevision).limit(1);
    const revision = state?.revision ?? 0;
    checkedAt = Date.now();
    if (!force && revision === snapshot.revision) return;
    const versions = await options.db.drizzle
      .select({ version: slaPolicyVersions.version, policy: slaPolicyVersions.policy })
      .from(slaPolicyVersions)
      .orderBy(asc(slaPolicyVersions.version));
    const days = await options.db.drizzle
      .select({
        calendar: calendarDays.calendar,
        date: calendarDays.date,
        kind: calendarDays.kind,
        note: calendarDays.note,
      })
      .from(calendarDays);
    const policies = new Map<number, SlaPolicy>([[1, configured.policy]]);
    for (const row of versions) policies.set(row.version, SlaPolicy.parse(row.policy));
    const latest = versions.at(-1)?.version ?? 1;
    snapshot = {
      revision,
      policy: policies.get(latest) ?? configured.policy,
      policyVersion: latest,
      policyVersions: policies,
      calendars: deskCalendars(configured.calendars, days as DayRow[], options.calendars),
    };
  }

  function run(force: boolean): Promise<void> {
    loading ??= load(force).finally(() => {
      loading = undefined;
    });
    return loading;
  }

  const settings: SlaSettings = {
    get policy() {
      return snapshot.policy;
    },
    get calendars() {
      return snapshot.calendars;
    },
    get policyVersion() {
      return snapshot.policyVersion;
    },
    get policyVersions() {
      return snapshot.policyVersions;
    },
  };

  return {
    settings,
    configuredPolicy: configured.policy,
    get revision() {
      return Math.max(snapshot.revision, 0);
    },
    async fresh() {
      if (snapshot.revision >= 0 && Date.now() - checkedAt < ttlMs) return;
      await run(false);
    },
    async reload() {
      if (loading) await loading.catch(() => undefined);
      await run(true);
    },
    startRefreshing(intervalMs) {
      const timer = setInterval(() => {
        void run(false).catch(() => undefined);
      }, intervalMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
    calendarsWith(days) {
      return deskCalendars(configured.calendars, days, options.calendars);
    },
  };
}

type SettingsContext = Pick<IncidentContext, "db" | "clock" | "actor">;

async function bumpRevision(db: Executor): Promise<void> {
  await db.drizzle
    .insert(slaSettingsRevision)
    .values({ id: 1, revision: 1 })
    .onConflictDoUpdate({
      target: slaSettingsRevision.id,
      set: { revision: sql`${slaSettingsRevision.revision} + 1` },
    });
}

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown, what?: string): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, what);
  return parsed.data;
}

/**
 * Validates a policy as `@otklik/sla` reads it, and that every calendar it names exists. Problems
 * are `validation_failed` with their paths under `policy` (`["policy", "rules", 0, "name"]`).
 */
export function validateSlaPolicy(
  input: unknown,
  calendars: Readonly<Record<string, BusinessCalendar>>,
): SlaPolicy {
  const parsed = SlaPolicy.safeParse(input);
  if (!parsed.success) {
    const error = fromZodError(parsed.error, "Политика SLA / SLA policy");
    throw new OtklikError("validation_failed", error.message, {
      details: (error.details ?? []).map((detail) => ({ ...detail, path: ["policy", ...detail.path] })),
    });
  }
  const details: { path: (string | number)[]; message: string }[] = [];
  const names = Object.keys(calendars);
  parsed.data.rules.forEach((rule, index) => {
    for (const [metric, target] of Object.entries(rule.targets)) {
      if (target?.calendar && !names.includes(target.calendar)) {
        details.push({
          path: ["policy", "rules", index, "targets", metric, "calendar"],
          message: `Нет календаря «${target.calendar}» (есть ${names.join(", ")}) / No calendar "${target.calendar}" (there are ${names.join(", ")})`,
        });
      }
    }
  });
  if (details.length > 0) {
    throw new OtklikError(
      "validation_failed",
      `Политика SLA: неверные данные / SLA policy: invalid input (${details[0]!.path.join(".")}): ${details[0]!.message}`,
      { details },
    );
  }
  return parsed.data;
}

const versionView = (
  version: number,
  policy: SlaPolicy | Record<string, unknown>,
  row: { note: string | null; createdBy: string | null; createdAt: Date } | null,
  current: number,
): SlaPolicyVersion => ({
  version,
  policy: policy as Record<string, unknown>,
  note: row?.note ?? null,
  createdBy: row?.createdBy ?? null,
  createdAt: row?.createdAt.toISOString() ?? null,
  current: version === current,
});

/** Every version of the SLA policy, newest first, down to the configured version 1 (administrators). */
export async function listSlaPolicyVersions(
  context: SettingsContext,
  store: SlaSettingsStore,
): Promise<SlaPolicyVersion[]> {
  requirePermission(context.actor, "settings:edit");
  const rows = await context.db.drizzle
    .select()
    .from(slaPolicyVersions)
    .orderBy(desc(slaPolicyVersions.version));
  const current = rows[0]?.version ?? 1;
  return [
    ...rows.map((row) => versionView(row.version, row.policy, row, current)),
    versionView(1, store.configuredPolicy, null, current),
  ];
}

/** The current version of the SLA policy (administrators). */
export async function getSlaPolicy(
  context: SettingsContext,
  store: SlaSettingsStore,
): Promise<SlaPolicyVersion> {
  const [current] = await listSlaPolicyVersions(context, store);
  return current!;
}

/**
 * Saves a new version of the SLA policy. Incidents registered from now on are measured by it;
 * those registered before keep the version they were registered under (README, «SLA settings»).
 */
export async function saveSlaPolicy(
  context: SettingsContext,
  store: SlaSettingsStore,
  change: SlaPolicyChange,
): Promise<SlaPolicyVersion> {
  requirePermission(context.actor, "settings:edit");
  const input = parse(SlaPolicyChange, change, "Политика SLA / SLA policy");
  await store.fresh();
  const policy = validateSlaPolicy(input.policy, store.settings.calendars);
  const now = context.clock.now();
  const saved = await withTransaction(context.db, async (tx) => {
    const [latest] = await tx.drizzle
      .select({ version: slaPolicyVersions.version })
      .from(slaPolicyVersions)
      .orderBy(desc(slaPolicyVersions.version))
      .limit(1);
    const current = latest?.version ?? 1;
    if (input.expectedVersion !== undefined && input.expectedVersion !== current) {
      throw new OtklikError(
        "conflict",
        `Политику уже изменили: действует версия ${current}, а не ${input.expectedVersion} / The policy changed meanwhile: version ${current} is current, not ${input.expectedVersion}`,
      );
    }
    const [row] = await tx.drizzle
      .insert(slaPolicyVersions)
      .values({
        version: current + 1,
        policy: policy as unknown as Record<string, unknown>,
        note: input.note ?? null,
        createdBy: actorId(context.actor),
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new OtklikError(
        "conflict",
        "Политику SLA сохранили одновременно / The SLA policy was saved concurrently",
      );
    }
    await bumpRevision(tx);
    await recordAudit(tx, context, {
      action: "sla-policy.update",
      objectType: "sla-policy",
      objectId: String(row.version),
      before: { version: current },
      after: { version: row.version, name: policy.name, note: row.note },
    });
    return versionView(row.version, row.policy, row, row.version);
  });
  await store.reload();
  return saved;
}

const localFormat = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: Date, timeZone: string): string {
  let format = localFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("sv-SE", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    localFormat.set(timeZone, format);
  }
  return format.format(instant);
}

/**
 * Each metric's deadline for an incident received at `receivedAt`, by a draft policy, a saved
 * version or the current one, on the current calendars (administrators). Nothing is stored.
 */
export async function previewSlaPolicy(
  context: SettingsContext,
  store: SlaSettingsStore,
  request: SlaPreviewInput,
): Promise<SlaPreview> {
  requirePermission(context.actor, "settings:edit");
  const input = parse(SlaPreviewInput, request, "Предпросмотр / Preview");
  await store.fresh();
  const settings = store.settings;
  let policy: SlaPolicy;
  let version: number | null;
  if (input.policy !== undefined) {
    policy = validateSlaPolicy(input.policy, settings.calendars);
    version = null;
  } else {
    version = input.version ?? settings.policyVersion ?? 1;
    const found =
      settings.policyVersions?.get(version) ?? (version === 1 ? store.configuredPolicy : undefined);
    if (!found) {
      throw new OtklikError("not_found", `Нет версии ${version} / No version ${version}`);
    }
    policy = found;
  }
  const receivedAt = new Date(input.receivedAt);
  const event = incidentCreatedEvent({
    at: receivedAt,
    urgent: input.urgent,
    ...(input.category ? { category: input.category } : {}),
    ...(input.channel ? { channel: input.channel } : {}),
    ...(input.department ? { departmentKey: input.department } : {}),
  });
  const evaluation = evaluateSla({ policy, events: [event], now: receivedAt, calendars: settings.calendars });
  const timeZone = settings.calendars.office?.timeZone ?? Object.values(settings.calendars)[0]!.timeZone;
  return {
    version,
    timeZone,
    receivedAt: receivedAt.toISOString(),
    metrics: evaluation.metrics.map((metric) => {
      const zone = settings.calendars[metric.calendar]?.timeZone ?? timeZone;
      return {
        metric: metric.metric,
        rule: metric.rule,
        calendar: metric.calendar,
        targetMinutes: metric.targetMinutes,
        dueAt: metric.dueAt?.toISOString() ?? null,
        dueAtLocal: metric.dueAt ? wallClock(metric.dueAt, zone) : null,
      };
    }),
  };
}

function calendarName(name: string): DeskCalendarName {
  const parsed = DeskCalendarName.safeParse(name);
  if (!parsed.success) {
    throw new OtklikError(
      "not_found",
      `Нет календаря «${name}» (есть ${DESK_CALENDARS.join(", ")}) / No calendar "${name}" (there are ${DESK_CALENDARS.join(", ")})`,
    );
  }
  return parsed.data;
}

const dayView = (row: typeof calendarDays.$inferSelect): CalendarDay => ({
  calendar: row.calendar as DeskCalendarName,
  date: row.date,
  kind: row.kind as CalendarDay["kind"],
  note: row.note,
  source: row.source as CalendarDay["source"],
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
});

/** A calendar's stored days, by date; `year` narrows to one year (administrators). */
export async function listCalendarDays(
  context: SettingsContext,
  name: string,
  query: { year?: number } = {},
): Promise<CalendarDay[]> {
  requirePermission(context.actor, "settings:edit");
  const calendar = calendarName(name);
  const year = query.year;
  const rows = await context.db.drizzle
    .select()
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.calendar, calendar),
        ...(year !== undefined
          ? [gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)]
          : []),
      ),
    )
    .orderBy(asc(calendarDays.date));
  return rows.map(dayView);
}

/** One day of a desk calendar as the desk counts it now: built-in rules, weekly hours and stored days. */
export interface EffectiveCalendarDay {
  date: string;
  kind: "working" | "non-working" | "shortened";
  /** The holiday's or stored day's note, when there is one. */
  name: string | null;
  /** Where the day comes from when it is stored; null: the weekly hours or built-in rules. */
  source: CalendarDay["source"] | null;
}

/**
 * A month of a desk calendar as the desk counts it: each day's kind from the calendar in use (the
 * production calendar's built-in decrees included), with the stored day's source (administrators).
 */
export async function describeCalendarMonth(
  context: SettingsContext,
  store: SlaSettingsStore,
  name: string,
  year: number,
  month: number,
): Promise<EffectiveCalendarDay[]> {
  requirePermission(context.actor, "settings:edit");
  const calendarKey = calendarName(name);
  if (
    !Number.isInteger(year) ||
    year < 1900 ||
    year > 2999 ||
    !Number.isInteger(month) ||
    month < 1 ||
    month > 12
  ) {
    throw new OtklikError("validation_failed", "Неверный месяц / Invalid month", {
      details: [{ path: ["month"], message: "Год 1900–2999, месяц 1–12 / Year 1900–2999, month 1–12" }],
    });
  }
  await store.fresh();
  const calendar = store.settings.calendars[calendarKey];
  if (!calendar)
    throw new OtklikError("not_found", `Нет календаря «${calendarKey}» / No calendar "${calendarKey}"`);
  const prefix = `${year}-${String(month).padStart(2, "0")}`;
  const stored = await context.db.drizzle
    .select()
    .from(calendarDays)
    .where(
      and(
        eq(calendarDays.calendar, calendarKey),
        gte(calendarDays.date, `${prefix}-01`),
        lte(calendarDays.date, `${prefix}-31`),
      ),
    );
  const byDate = new Map(stored.map((row) => [row.date, row]));
  const days: EffectiveCalendarDay[] = [];
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  for (let day = 1; day <= length; day += 1) {
    const date = `${prefix}-${String(day).padStart(2, "0")}`;
    const described = calendar.describeDay(date);
    const row = byDate.get(date);
    days.push({
      date,
      kind: described.kind,
      name: row?.note ?? described.name ?? null,
      source: (row?.source as CalendarDay["source"] | undefined) ?? null,
    });
  }
  return days;
}

/** What an import did, per year. */
export interface ProductionCalendarImport {
  calendar: DeskCalendarName;
  years: { year: number; workingDays: number; days: number; keptOwnDays: number }[];
}

/**
 * Imports the data.gov.ru production calendar (CSV) into a calendar: for each year in the file, the
 * days imported before are replaced by the file's; a regional or manual day on the same date stays
 * (the city's own decision wins). A file with any problem imports nothing (422, each problem in
 * `details` with its line and column).
 */
export async function importProductionCalendar(
  context: SettingsContext,
  store: SlaSettingsStore,
  name: string,
  csv: string,
): Promise<ProductionCalendarImport> {
  requirePermission(context.actor, "settings:edit");
  const calendar = calendarName(name);
  const parsed = parseProductionCalendarCsv(csv);
  if (parsed.problems.length > 0 || parsed.years.length === 0) {
    const details =
      parsed.problems.length > 0
        ? parsed.problems.map((problem) => ({
            path: ["file", problem.line, problem.column],
            message: problem.message,
          }))
        : [{ path: ["file"], message: "В файле нет ни одного года / The file holds no year" }];
    throw new OtklikError(
      "validation_failed",
      `Производственный календарь не прочитан (строка ${details[0]!.path[1] ?? "—"}): ${details[0]!.message} / The production calendar could not be read`,
      { details },
    );
  }
  const now = context.clock.now();
  const createdBy = actorId(context.actor);
  const result = await withTransaction(context.db, async (tx) => {
    const years: ProductionCalendarImport["years"] = [];
    for (const year of parsed.years) {
      const from = `${year.year}-01-01`;
      const to = `${year.year}-12-31`;
      await tx.drizzle
        .delete(calendarDays)
        .where(
          and(
            eq(calendarDays.calendar, calendar),
            eq(calendarDays.source, "production-calendar"),
            gte(calendarDays.date, from),
            lte(calendarDays.date, to),
          ),
        );
      const inserted =
        year.days.length === 0
          ? []
          : await tx.drizzle
              .insert(calendarDays)
              .values(
                year.days.map((day) => ({
                  calendar,
                  date: day.date,
                  kind: day.kind,
                  note: day.note,
                  source: "production-calendar",
                  createdBy,
                  createdAt: now,
                })),
              )
              .onConflictDoNothing()
              .returning({ date: calendarDays.date });
      years.push({
        year: year.year,
        workingDays: year.workingDays,
        days: inserted.length,
        keptOwnDays: year.days.length - inserted.length,
      });
    }
    await bumpRevision(tx);
    await recordAudit(tx, context, {
      action: "calendar.import",
      objectType: "calendar",
      objectId: calendar,
      after: { years: years.map((year) => year.year), days: years.reduce((sum, y) => sum + y.days, 0) },
    });
    return { calendar, years };
  });
  await store.reload();
  return result;
}

/**
 * Adds a day to a calendar (a regional holiday, a city's own day), or changes the day stored for
 * that date — also one imported from the production calendar (administrators).
 */
export async function addCalendarDay(
  context: SettingsContext,
  store: SlaSettingsStore,
  name: string,
  day: CalendarDayInput,
): Promise<CalendarDay> {
  requirePermission(context.actor, "settings:edit");
  const calendar = calendarName(name);
  const input = parse(CalendarDayInput, day, "День календаря / Calendar day");
  const now = context.clock.now();
  const saved = await withTransaction(context.db, async (tx) => {
    const [before] = await tx.drizzle
      .select()
      .from(calendarDays)
      .where(and(eq(calendarDays.calendar, calendar), eq(calendarDays.date, input.date)));
    const values = {
      calendar,
      date: input.date,
      kind: input.kind,
      note: input.note ?? null,
      source: input.source,
      createdBy: actorId(context.actor),
      createdAt: now,
    };
    const [row] = await tx.drizzle
      .insert(calendarDays)
      .values(values)
      .onConflictDoUpdate({ target: [calendarDays.calendar, calendarDays.date], set: values })
      .returning();
    await bumpRevision(tx);
    await recordAudit(tx, context, {
      action: "calendar.day-set",
      objectType: "calendar",
      objectId: calendar,
      before: before ? { date: before.date, kind: before.kind, source: before.source } : null,
      after: { date: input.date, kind: input.kind, source: input.source, note: input.note ?? null },
    });
    return dayView(row!);
  });
  await store.reload();
  return saved;
}

/** Removes a stored day: the date follows the calendar's weekly hours and built-in rules again. */
export async function removeCalendarDay(
  context: SettingsContext,
  store: SlaSettingsStore,
  name: string,
  date: string,
): Promise<void> {
  requirePermission(context.actor, "settings:edit");
  const calendar = calendarName(name);
  const day = parse(IsoDate, date, "Дата / Date");
  await withTransaction(context.db, async (tx) => {
    const [removed] = await tx.drizzle
      .delete(calendarDays)
      .where(and(eq(calendarDays.calendar, calendar), eq(calendarDays.date, day)))
      .returning();
    if (!removed) {
      throw new OtklikError(
        "not_found",
        `В календаре «${calendar}» нет дня ${day} / Calendar "${calendar}" holds no day ${day}`,
      );
    }
    await bumpRevision(tx);
    await recordAudit(tx, context, {
      action: "calendar.day-remove",
      objectType: "calendar",
      objectId: calendar,
      before: { date: removed.date, kind: removed.kind, source: removed.source },
    });
  });
  await store.reload();
}
