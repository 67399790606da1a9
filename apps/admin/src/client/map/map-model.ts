/** One incident of `GET /api/v1/incidents/map` (the API's MapIncident). */
export interface MapIncident {
  id: string;
  number: string;
  status: string;
  category: string;
  departmentId: string | null;
  urgent: boolean;
  /** Null: the incident has no coordinates («не на карте»). */
  lat: number | null;
  lon: number | null;
  address: string | null;
  dueAt: string | null;
  slaState: string;
}

export interface MapIncidents {
  items: MapIncident[];
  notOnMap: number;
  truncated: boolean;
}

/** The map's filters, kept in the address bar so that a view of the map is a link. */
export interface MapFilter {
  status?: string;
  category?: string;
  departmentId?: string;
}

const FILTER_KEYS = ["status", "category", "departmentId"] as const;

export function mapFilterFromSearch(search: URLSearchParams): MapFilter {
  const filter: MapFilter = {};
  for (const key of FILTER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filter[key] = value.slice(0, 64);
  }
  return filter;
}

export function searchFromMapFilter(filter: MapFilter): Record<string, string> {
  const search: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) search[key] = value;
  }
  return search;
}

/** Statuses in which nobody works on an incident any more (the package's FINISHED_STATUSES). */
export const FINISHED_STATUSES: readonly string[] = ["resolved", "closed", "rejected", "forwarded"];

/** How a marker shows an incident's state; always said in words too, never by colour alone. */
export type MarkerTone = "overdue" | "open" | "finished";

export function markerTone(incident: MapIncident, now: number): MarkerTone {
  if (FINISHED_STATUSES.includes(incident.status)) return "finished";
  if (incident.slaState === "breached") return "overdue";
  if (incident.dueAt !== null && Date.parse(incident.dueAt) < now && incident.slaState !== "paused")
    return "overdue";
  return "open";
}

/** Real coordinates only: an incident without both, or with impossible ones, is not placed anywhere. */
export function hasPoint(incident: MapIncident): incident is MapIncident & { lat: number; lon: number } {
  return (
    incident.lat !== null &&
    incident.lon !== null &&
    Number.isFinite(incident.lat) &&
    Number.isFinite(incident.lon) &&
    Math.abs(incident.lat) <= 90 &&
    Math.abs(incident.lon) <= 180
  );
}

/** How many incidents are «не на карте / not on the map». */
export function countNotOnMap(items: readonly MapIncident[]): number {
  return items.filter((incident) => !hasPoint(incident)).length;
}

/** How many incidents of each tone a group holds. */
export type ToneCounts = Record<MarkerTone, number>;

/** The box around all located incidents, `[[south, west], [north, east]]`; null when none is located. */
export function boundsOf(items: readonly MapIncident[]): [[number, number], [number, number]] | null {
  const located = items.filter(hasPoint);
  if (located.length === 0) return null;
  let south = 90;
  let north = -90;
  let west = 180;
  let east = -180;
  for (const incident of located) {
    south = Math.min(south, incident.lat);
    north = Math.max(north, incident.lat);
    west = Math.min(west, incident.lon);
    east = Math.max(east, incident.lon);
  }
  return [
    [south, west],
    [north, east],
  ];
}
