// The SLA settings screens' data and arithmetic: the API's shapes, the month grid (weeks from Monday), the
// draft policy's JSON. Pure, no React.

export const SLA_KEY = ["settings", "sla"] as const;
export const CALENDARS_KEY = ["settings", "calendars"] as const;

export const DESK_CALENDARS = ["office", "duty"] as const;
export type DeskCalendar = (typeof DESK_CALENDARS)[number];
export type DayKind = "working" | "non-working" | "shortened";
export type DaySource = "production-calendar" | "regional" | "manual";

export interface PolicyVersion {
  version: number;
  policy: Record<string, unknown>;
  note: string | null;
  createdBy: string | null;
  createdAt: string | null;
  current: boolean;
}

export interface PreviewMetric {
  metric: string;
  rule: string;
  calendar: string;
  targetMinutes: number;
  dueAt: string | null;
  dueAtLocal: string | null;
}

export interface Preview {
  version: number | null;
  timeZone: string;
  receivedAt: string;
  metrics: PreviewMetric[];
}

export interface StoredDay {
  calendar: DeskCalendar;
  date: string;
  kind: DayKind;
  note: string | null;
  source: DaySource;
  createdBy: string | null;
  createdAt: string;
}

export interface EffectiveDay {
  date: string;
  kind: DayKind;
  name: string | null;
  source: DaySource | null;
}

export interface ImportResult {
  calendar: DeskCalendar;
  years: { year: number; workingDays: number; days: number; keptOwnDays: number }[];
}

/** The draft as JSON, or where it breaks: the editor shows the message and skips the preview. */
export function parseDraft(text: string): { policy: unknown } | { error: string } {
  try {
    return { policy: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** A policy as the editor shows it: two-space JSON. */
export function policyText(policy: unknown): string {
  return JSON.stringify(policy, null, 2);
}

/** The weeks of a month, Monday first; `null` pads the days of the months around it. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const firstWeekday = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7; // Monday 0
  const cells: (string | null)[] = Array.from({ length: firstWeekday }, () => null);
  for (let day = 1; day <= length; day += 1) {
    cells.push(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`);
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let start = 0; start < cells.length; start += 7) weeks.push(cells.slice(start, start + 7));
  return weeks;
}

/** The month before or after. */
export function shiftMonth(year: number, month: number, by: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** `2026-07-03 11:00` (the API's wall clock) as `03.07.2026 11:00`. */
export function wallClockLabel(local: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(local);
  return match ? `${match[3]}.${match[2]}.${match[1]} ${match[4]}` : local;
}

/** `2026-07-03` as `03.07.2026`. */
export function dateLabel(date: string): string {
  const [year, month, day] = date.split("-");
  return `${day}.${month}.${year}`;
}
