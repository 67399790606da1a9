import { z } from "zod";

/** What a digest needs to know of an incident (supplied by the incident desk through the app). */
export const DigestIncident = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  departmentId: z.string().nullable(),
  /** Open: not resolved nor closed. */
  open: z.boolean(),
  dueAt: z.date().nullable(),
  breached: z.boolean(),
  createdAt: z.date(),
  resolvedAt: z.date().nullable().default(null),
});
export type DigestIncident = z.infer<typeof DigestIncident>;

/** A department head's daily digest: the department's open incidents, those due today, the breached. */
export interface DailyDigest {
  departmentId: string;
  date: string;
  open: DigestIncident[];
  dueToday: DigestIncident[];
  breached: DigestIncident[];
}

/** The office's weekly digest: figures per department over the week. */
export interface WeeklyDigest {
  weekStart: string;
  total: number;
  onTime: number;
  breached: number;
  departments: { departmentId: string | null; total: number; resolved: number; breached: number }[];
}

/** The local date of an instant in `timeZone` (`YYYY-MM-DD`). */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

/**
 * Groups incidents into one daily digest per department: open ones, those due today (the local date
 * of `now` in `timeZone`) and breached ones. An incident appears in each group it belongs to;
 * departments with nothing open get no digest.
 */
export function groupDailyDigests(args: {
  incidents: readonly DigestIncident[];
  now: Date;
  timeZone: string;
}): DailyDigest[] {
  const today = localDate(args.now, args.timeZone);
  const byDepartment = new Map<string, DailyDigest>();
  for (const incident of args.incidents) {
    if (!incident.open || !incident.departmentId) continue;
    let digest = byDepartment.get(incident.departmentId);
    if (!digest) {
      digest = { departmentId: incident.departmentId, date: today, open: [], dueToday: [], breached: [] };
      byDepartment.set(incident.departmentId, digest);
    }
    digest.open.push(incident);
    if (incident.breached) digest.breached.push(incident);
    else if (incident.dueAt && localDate(incident.dueAt, args.timeZone) === today)
      digest.dueToday.push(incident);
  }
  const byDue = (a: DigestIncident, b: DigestIncident) =>
    (a.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) - (b.dueAt?.getTime() ?? Number.POSITIVE_INFINITY) ||
    a.number.localeCompare(b.number);
  return [...byDepartment.values()]
    .map((digest) => ({
      ...digest,
      open: digest.open.sort(byDue),
      dueToday: digest.dueToday.sort(byDue),
      breached: digest.breached.sort(byDue),
    }))
    .sort((a, b) => a.departmentId.localeCompare(b.departmentId));
}

/** Groups the incidents created in the week starting `weekStart` (local date) into the office's weekly digest. */
export function groupWeeklyDigest(args: {
  incidents: readonly DigestIncident[];
  weekStart: string;
  timeZone: string;
}): WeeklyDigest {
  const end = addDays(args.weekStart, 7);
  const inWeek = args.incidents.filter((incident) => {
    const date = localDate(incident.createdAt, args.timeZone);
    return date >= args.weekStart && date < end;
  });
  const departments = new Map<string | null, WeeklyDigest["departments"][number]>();
  for (const incident of inWeek) {
    const row = departments.get(incident.departmentId) ?? {
      departmentId: incident.departmentId,
      total: 0,
      resolved: 0,
      breached: 0,
    };
    row.total += 1;
    if (!incident.open) row.resolved += 1;
    if (incident.breached) row.breached += 1;
    departments.set(incident.departmentId, row);
  }
  const breached = inWeek.filter((incident) => incident.breached).length;
  return {
    weekStart: args.weekStart,
    total: inWeek.length,
    onTime: inWeek.filter((incident) => !incident.open && !incident.breached).length,
    breached,
    departments: [...departments.values()].sort((a, b) =>
      (a.departmentId ?? "").localeCompare(b.departmentId ?? ""),
    ),
  };
}

function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

/** Text lines of a daily digest, for its template's `{lines}`. */
export function dailyDigestLines(digest: DailyDigest): string {
  const line = (mark: string, incident: DigestIncident) => `${mark} ${incident.number} ${incident.title}`;
  return [
    ...digest.breached.map((incident) => line("!", incident)),
    ...digest.dueToday.map((incident) => line("•", incident)),
  ].join("\n");
}
