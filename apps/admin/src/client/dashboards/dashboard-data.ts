import { useQuery } from "@tanstack/react-query";
import { withQuery } from "../api/api-client.js";
import { useApi } from "../session/session.js";

export interface DashboardFilter {
  from?: string;
  to?: string;
  departmentId?: string;
}

export interface PeriodView {
  from: string;
  to: string;
  timeZone: string;
  departmentId: string | null;
}

export interface KeyedSeries {
  key: string;
  counts: number[];
  total: number;
}

export interface IncidentsPerDay {
  period: PeriodView;
  days: string[];
  totals: number[];
  byChannel: KeyedSeries[];
  byCategory: KeyedSeries[];
}

export interface DeadlineShares {
  twoHoursDue: number;
  withinTwoHours: number;
  shareWithinTwoHours: number | null;
  platformDue: number;
  withinPlatformDeadline: number;
  shareWithinPlatformDeadline: number | null;
}

export interface ReplyDeadlines {
  period: PeriodView;
  bucket: "day" | "week" | "month";
  periods: string[];
  departments: {
    departmentId: string | null;
    departmentName: string;
    periods: DeadlineShares[];
    overall: DeadlineShares;
  }[];
  overall: DeadlineShares;
}

export interface FirstReplyTimes {
  period: PeriodView;
  replied: number;
  unanswered: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  buckets: {
    fromMinutes: number;
    toMinutes: number | null;
    label: { ru: string; en: string };
    count: number;
  }[];
}

export interface OpenAndOverdue {
  period: PeriodView;
  departments: { departmentId: string | null; departmentName: string; open: number; overdue: number }[];
}

export interface PublicationsPerWeek {
  period: PeriodView;
  weeks: string[];
  byChannel: KeyedSeries[];
}

export interface HeatMap {
  period: PeriodView;
  cells: number[][];
  max: number;
  total: number;
}

export type SeriesName =
  | "incidents-per-day"
  | "reply-deadlines"
  | "first-reply-times"
  | "open-overdue"
  | "publications-per-week"
  | "heat-map";

const query = (filter: DashboardFilter, extra: Record<string, string> = {}) => ({
  from: filter.from,
  to: filter.to,
  departmentId: filter.departmentId,
  ...extra,
});

/** The address of a series; with `format=csv` it is the CSV download. */
export function seriesUrl(
  name: SeriesName,
  filter: DashboardFilter,
  extra: Record<string, string> = {},
): string {
  return withQuery(`/api/v1/dashboards/${name}`, query(filter, extra));
}

/** One dashboard series for the filter (cached a minute: figures of a period change slowly). */
export function useSeries<T>(name: SeriesName, filter: DashboardFilter, extra: Record<string, string> = {}) {
  const api = useApi();
  return useQuery({
    queryKey: ["dashboards", name, query(filter, extra)],
    queryFn: () => api.get<T>(`/api/v1/dashboards/${name}`, query(filter, extra)),
    staleTime: 60_000,
  });
}
