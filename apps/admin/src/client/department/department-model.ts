import { FINISHED_STATUSES, type MapIncident, markerTone } from "../map/map-model.js";

/** The day of the city's calendar an instant falls on, `YYYY-MM-DD`. */
export function cityDay(instant: number | string, timeZone: string): string {
  const date = typeof instant === "number" ? new Date(instant) : new Date(instant);
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

export interface DepartmentLists {
  /** Still being worked on. */
  open: MapIncident[];
  /** Open, with a deadline already passed (or the SLA said breached), oldest deadline first. */
  overdue: MapIncident[];
  /** Open, not overdue, with the nearest deadline later today on the city's calendar. */
  dueToday: MapIncident[];
}

const byDue = (a: MapIncident, b: MapIncident) =>
  (a.dueAt ? Date.parse(a.dueAt) : Number.POSITIVE_INFINITY) -
  (b.dueAt ? Date.parse(b.dueAt) : Number.POSITIVE_INFINITY);

/** Splits a department's incidents into what is open, overdue and due today (in the city's time zone). */
export function departmentLists(
  items: readonly MapIncident[],
  now: number,
  timeZone: string,
): DepartmentLists {
  const today = cityDay(now, timeZone);
  const open = items.filter((incident) => !FINISHED_STATUSES.includes(incident.status)).sort(byDue);
  const overdue = open.filter((incident) => markerTone(incident, now) === "overdue");
  const dueToday = open.filter(
    (incident) =>
      markerTone(incident, now) !== "overdue" &&
      incident.dueAt !== null &&
      cityDay(incident.dueAt, timeZone) === today,
  );
  return { open, overdue, dueToday };
}

/** Executors and heads work in their own department; others may look at any (the API scopes the answer anyway). */
export function ownDepartmentOnly(roles: readonly string[]): boolean {
  const reachesAll = roles.some((role) => role === "operator" || role === "analyst" || role === "admin");
  return !reachesAll && roles.some((role) => role === "executor" || role === "head");
}
