import type { Query } from "../api/api-client.js";
import type { QueueRow, SlaState } from "../api/incidents.js";

/**
 * The queue's filters. `status`, `departmentId`, `category`, `channel`, `slaState` and `q` go to the API
 * (`GET /api/v1/incidents`); the period and «due within the hour» are applied here, because the API has no
 * such parameters (the queue is sorted by due time, so «due within the hour» is a prefix of it).
 */
export interface QueueFilter {
  status?: string;
  departmentId?: string;
  category?: string;
  channel?: string;
  slaState?: string;
  q?: string;
  /** Received on or after this day (YYYY-MM-DD, the city's calendar). */
  from?: string;
  /** Received on or before this day (YYYY-MM-DD, the city's calendar). */
  to?: string;
  /** Only incidents whose nearest deadline is within the next hour (and not yet passed). */
  dueWithinHour?: boolean;
}

const SERVER_KEYS = ["status", "departmentId", "category", "channel", "slaState", "q"] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filter from the address bar, ignoring what is malformed (a hand-edited link). */
export function filterFromSearch(search: URLSearchParams): QueueFilter {
  const filter: QueueFilter = {};
  for (const key of SERVER_KEYS) {
    const value = search.get(key)?.trim();
    if (value) filter[key] = value.slice(0, 200);
  }
  const from = search.get("from");
  const to = search.get("to");
  if (from && DAY.test(from)) filter.from = from;
  if (to && DAY.test(to)) filter.to = to;
  if (search.get("due") === "1h") filter.dueWithinHour = true;
  return filter;
}

/** The filter as address-bar parameters, so a view is a link that can be bookmarked and shared. */
export function searchFromFilter(filter: QueueFilter): Record<string, string> {
  const search: Record<string, string> = {};
  for (const key of SERVER_KEYS) {
    const value = filter[key];
    if (value) search[key] = value;
  }
  if (filter.from) search.from = filter.from;
  if (filter.to) search.to = filter.to;
  if (filter.dueWithinHour) search.due = "1h";
  return search;
}

/** The API's part of the filter. */
export function apiQuery(filter: QueueFilter): Query {
  const query: Query = {};
  for (const key of SERVER_KEYS) query[key] = filter[key];
  if (filter.dueWithinHour && !filter.slaState) query.slaState = "running";
  return query;
}

/** Whether the filter needs rows the browser narrows down itself. */
export function hasClientFilters(filter: QueueFilter): boolean {
  return Boolean(filter.from || filter.to || filter.dueWithinHour);
}

const HOUR = 3_600_000;

/** The instant a day (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(year, month - 1, date);
  // The zone's offset at that moment (twice, in case the first guess crosses a change of offset).
  let instant = guess;
  for (let round = 0; round < 2; round += 1)
    instant = guess - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** Minutes `timeZone` is ahead of UTC at `instant`. */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  const local = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return Math.round((local - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The day (YYYY-MM-DD) an instant falls on in `timeZone`. */
export function cityDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

/** The browser's part of the filter: the period (by receipt, on the city's calendar) and «due within the hour». */
export function matchesClientFilter(
  incident: QueueRow,
  filter: QueueFilter,
  now: number,
  timeZone: string,
): boolean {
  if (filter.from || filter.to) {
    const received = new Date(incident.receivedAt).getTime();
    if (filter.from && received < startOfDay(filter.from, timeZone).getTime()) return false;
    if (filter.to && received >= startOfDay(filter.to, timeZone).getTime() + 24 * HOUR) return false;
  }
  if (filter.dueWithinHour) {
    if (!incident.dueAt || incident.slaState !== "running") return false;
    const due = new Date(incident.dueAt).getTime();
    if (due < now || due > now + HOUR) return false;
  }
  return true;
}

/**
 * Whether more pages must be read before the browser's filter is complete: a period needs the whole
 * queue; «due within the hour» needs the queue until its deadlines pass the hour (it is sorted by due time).
 */
export function needsMorePages(filter: QueueFilter, loaded: readonly QueueRow[], now: number): boolean {
  if (filter.from || filter.to) return true;
  if (filter.dueWithinHour) {
    const last = loaded.at(-1);
    return !last || (last.dueAt !== null && new Date(last.dueAt).getTime() <= now + HOUR);
  }
  return false;
}

export type SavedViewId = "my-department" | "due-next-hour" | "breached";

/** The ready-made views: the person's department, due within the hour, breached. */
export function savedViewFilter(view: SavedViewId, departmentId: string | null): QueueFilter {
  switch (view) {
    case "my-department":
      return departmentId ? { departmentId } : {};
    case "due-next-hour":
      return { dueWithinHour: true };
    case "breached":
      return { slaState: "breached" };
  }
}

/** Which ready-made view the filter is, if any. */
export function currentView(filter: QueueFilter, departmentId: string | null): SavedViewId | undefined {
  const key = JSON.stringify(searchFromFilter(filter));
  const views: SavedViewId[] = ["my-department", "due-next-hour", "breached"];
  return views.find((view) => JSON.stringify(searchFromFilter(savedViewFilter(view, departmentId))) === key);
}

export type DeadlineTone = "breached" | "soon" | "running" | "paused" | "met" | "none";

/** The live countdown of a row: minutes left (negative once passed) and how to colour it. */
export function deadline(
  incident: Pick<QueueRow, "dueAt" | "slaState">,
  now: number,
): { tone: DeadlineTone; minutes: number | null } {
  if (incident.slaState === "paused") return { tone: "paused", minutes: null };
  if (incident.slaState === "met" && !incident.dueAt) return { tone: "met", minutes: null };
  if (!incident.dueAt) return { tone: incident.slaState === "breached" ? "breached" : "none", minutes: null };
  const minutes = (new Date(incident.dueAt).getTime() - now) / 60_000;
  if (incident.slaState === "breached" || minutes < 0) return { tone: "breached", minutes };
  if (minutes <= 60) return { tone: "soon", minutes };
  return { tone: "running", minutes };
}

/** «2 д 03 ч», «1 ч 05 мин», «4 мин 09 с» — the larger two units of a span. */
export function formatSpan(totalSeconds: number, language: "ru" | "en"): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const two = (value: number) => String(value).padStart(2, "0");
  const unit =
    language === "ru" ? { d: "д", h: "ч", m: "мин", s: "с" } : { d: "d", h: "h", m: "min", s: "s" };
  if (days > 0) return `${days} ${unit.d} ${two(hours)} ${unit.h}`;
  if (hours > 0) return `${hours} ${unit.h} ${two(minutes)} ${unit.m}`;
  return `${minutes} ${unit.m} ${two(rest)} ${unit.s}`;
}

/** Runs `task` over `items` with at most `concurrency` at once; answers each outcome in order. */
export async function settleAll<Item, Result>(
  items: readonly Item[],
  concurrency: number,
  task: (item: Item) => Promise<Result>,
): Promise<PromiseSettledResult<Result>[]> {
  const outcomes: PromiseSettledResult<Result>[] = new Array(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      try {
        outcomes[index] = { status: "fulfilled", value: await task(items[index] as Item) };
      } catch (reason) {
        outcomes[index] = { status: "rejected", reason };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return outcomes;
}

/** One page of the queue as the API answers it. */
export interface QueuePage {
  items: QueueRow[];
  nextCursor: string | null;
}

const FAR_FUTURE = "9999-12-31T00:00:00.000Z";

/** The queue's order, as the API sorts it: nearest deadline first (none last), then id. */
export function compareQueueOrder(a: QueueRow, b: QueueRow): number {
  const dueA = a.dueAt ? new Date(a.dueAt).getTime() : Date.parse(FAR_FUTURE);
  const dueB = b.dueAt ? new Date(b.dueAt).getTime() : Date.parse(FAR_FUTURE);
  if (dueA !== dueB) return dueA - dueB;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether an incident belongs in the API's answer for `query` (the server's part of the filter). */
export function matchesApiQuery(incident: QueueRow, query: Query): boolean {
  if (incident.mergedIntoId) return false;
  for (const key of ["status", "departmentId", "category", "channel", "slaState"] as const) {
    const wanted = query[key];
    if (wanted !== undefined && wanted !== "" && incident[key] !== wanted) return false;
  }
  return true;
}

/**
 * Applies live changes (the API's event stream) to the loaded pages of one queue, in place of a reload:
 * a changed row is replaced — moved when its deadline moved —, a new one inserted where the API would
 * sort it, a row that left the filter (or was merged) removed. A row whose place is past what is loaded
 * is left for the page that will bring it. With a text search the browser cannot tell a new match, so it
 * only updates or removes the rows it has. Pages untouched keep their identity (React skips them).
 */
export function applyLiveChanges(
  pages: readonly QueuePage[],
  changes: readonly QueueRow[],
  query: Query,
): QueuePage[] {
  if (changes.length === 0) return pages.slice();
  // The last change of an incident is the one that counts.
  const latest = new Map<string, QueueRow>();
  for (const incident of changes) {
    latest.delete(incident.id);
    latest.set(incident.id, incident);
  }
  // One pass over the loaded rows takes every changed incident out of its page (a burst of changes, such as
  // a hundred deadlines passing together, over 10,000 rows: one pass, not one per change).
  const had = new Set<string>();
  const next = pages.map((page) => {
    if (!page.items.some((item) => latest.has(item.id))) return page;
    return {
      ...page,
      items: page.items.filter((item) => {
        if (!latest.has(item.id)) return true;
        had.add(item.id);
        return false;
      }),
    };
  });
  const lastPage = next.at(-1);
  const complete = !lastPage || lastPage.nextCursor === null;
  // Pages that receive rows are copied once, then rows go in by binary search (each page is in the queue's order).
  const copied = new Set<number>();
  const itemsToChange = (index: number): QueueRow[] => {
    const page = next[index] as QueuePage;
    if (!copied.has(index)) {
      copied.add(index);
      next[index] = { ...page, items: page.items.slice() };
    }
    return (next[index] as QueuePage).items;
  };
  for (const incident of latest.values()) {
    if (!matchesApiQuery(incident, query)) continue;
    if (query.q && !had.has(incident.id)) continue;
    for (let index = 0; index < next.length; index += 1) {
      const items = (next[index] as QueuePage).items;
      const lastItem = items.at(-1);
      // A page whose last row comes before the change holds no row after it.
      const position =
        lastItem && compareQueueOrder(incident, lastItem) < 0 ? firstAfter(items, incident) : -1;
      if (position === 0 && index > 0) {
        // Between two pages: at the end of the earlier one, where a row that stayed in place was.
        itemsToChange(index - 1).push(incident);
        break;
      }
      if (position >= 0 || (index === next.length - 1 && complete)) {
        itemsToChange(index).splice(position >= 0 ? position : items.length, 0, incident);
        break;
      }
    }
  }
  return next;
}

/**
 * Takes the rows of `ids` out of the loaded pages of a queue: incidents that left what the person may see (the
 * live stream's `gone`: assigned from their department to another). Pages without them keep their identity.
 */
export function dropRows(pages: readonly QueuePage[], ids: ReadonlySet<string>): QueuePage[] {
  return pages.map((page) =>
    page.items.some((item) => ids.has(item.id))
      ? { ...page, items: page.items.filter((item) => !ids.has(item.id)) }
      : page,
  );
}

/** The index of the first row of `items` (in the queue's order) that comes after `incident`. */
function firstAfter(items: readonly QueueRow[], incident: QueueRow): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareQueueOrder(incident, items[middle] as QueueRow) < 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

export type { SlaState };
