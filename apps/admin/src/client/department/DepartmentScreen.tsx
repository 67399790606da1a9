import { useQuery } from "@tanstack/react-query";
import { type ChangeEvent, type ReactElement, useMemo } from "react";
import { Link, useSearchParams } from "wouter";
import { useLanguage } from "../language/language.js";
import { IncidentList, useDepartmentNames, useMapIncidents } from "../map/MapScreen.js";
import { type MapMessages, mapMessages } from "../map/map-messages.js";
import { useApi, useCityTimeZone, useSession } from "../session/session.js";
import { useAllDepartments } from "../settings/organisation/organisation-queries.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { departmentLists, ownDepartmentOnly } from "./department-model.js";
import "../map/map.css";

interface DeadlineShares {
  shareWithinTwoHours: number | null;
  shareWithinPlatformDeadline: number | null;
}

/** The dashboards' figures for one department over the last 30 days (for those with `report:read`). */
function useDepartmentFigures(departmentId: string | undefined, enabled: boolean) {
  const api = useApi();
  const query = { departmentId };
  const deadlines = useQuery({
    queryKey: ["dashboards", "reply-deadlines", "department", departmentId],
    enabled: enabled && departmentId !== undefined,
    queryFn: () =>
      api.get<{ overall: DeadlineShares }>("/api/v1/dashboards/reply-deadlines", {
        ...query,
        bucket: "month",
      }),
  });
  const replyTimes = useQuery({
    queryKey: ["dashboards", "first-reply-times", "department", departmentId],
    enabled: enabled && departmentId !== undefined,
    queryFn: () => api.get<{ medianMinutes: number | null }>("/api/v1/dashboards/first-reply-times", query),
  });
  return { deadlines, replyTimes };
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }): ReactElement {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function Figures({
  departmentId,
  counts,
  text,
}: {
  departmentId: string;
  counts: { open: number; overdue: number; dueToday: number };
  text: MapMessages;
}): ReactElement {
  const { language } = useLanguage();
  const { permissions } = useSession();
  const canReport = permissions.includes("report:read");
  const { deadlines, replyTimes } = useDepartmentFigures(departmentId, canReport);
  const percent = (share: number | null | undefined) =>
    share === null || share === undefined
      ? text.noFigure
      : new Intl.NumberFormat(language === "ru" ? "ru-RU" : "en-GB", {
          style: "percent",
          maximumFractionDigits: 1,
        }).format(share);
  const pending = (loading: boolean, value: string) => (loading ? "…" : value);
  return (
    <section aria-labelledby="department-figures-heading">
      <h2 id="department-figures-heading">{text.figuresHeading}</h2>
      <dl className="department-figures">
        <Figure label={text.openCount} value={String(counts.open)} testId="figure-open" />
        <Figure label={text.overdueCount} value={String(counts.overdue)} testId="figure-overdue" />
        <Figure label={text.dueTodayCount} value={String(counts.dueToday)} testId="figure-due-today" />
        {canReport && (
          <>
            <Figure
              label={text.withinTwoHours}
              value={pending(deadlines.isPending, percent(deadlines.data?.overall.shareWithinTwoHours))}
              testId="figure-two-hours"
            />
            <Figure
              label={text.withinDeadline}
              value={pending(
                deadlines.isPending,
                percent(deadlines.data?.overall.shareWithinPlatformDeadline),
              )}
              testId="figure-deadline"
            />
            <Figure
              label={text.medianFirstReply}
              value={pending(
                replyTimes.isPending,
                replyTimes.data?.medianMinutes == null
                  ? text.noFigure
                  : text.minutes(replyTimes.data.medianMinutes),
              )}
              testId="figure-median"
            />
          </>
        )}
      </dl>
      {!canReport && <p className="hint">{text.figuresForHeads}</p>}
    </section>
  );
}

/**
 * One department's desk: its figures, what is overdue and what is due today on the city's calendar,
 * and all its open incidents. Executors and heads see their own department; desk-wide roles choose one.
 */
export default function DepartmentScreen(): ReactElement {
  const { language } = useLanguage();
  const text = mapMessages(language);
  const { user } = useSession();
  const timeZone = useCityTimeZone();
  const [searchParams, setSearchParams] = useSearchParams();
  const fixed = ownDepartmentOnly(user.roles);
  const asked = searchParams.get("departmentId")?.trim() || undefined;
  const departmentId = fixed ? (user.departmentId ?? undefined) : (asked ?? user.departmentId ?? undefined);
  const departments = useAllDepartments();
  const names = useDepartmentNames();
  const incidents = useMapIncidents({ departmentId, open: "true" });
  const now = Date.now();
  // The lists are taken again with every refresh of the data (every minute), not at every render.
  const lists = useMemo(
    () => departmentLists(incidents.data?.items ?? [], now, timeZone),
    [incidents.data, timeZone],
  );
  const name = departmentId ? (names.get(departmentId) ?? "…") : "";
  const today = new Intl.DateTimeFormat(language === "ru" ? "ru-RU" : "en-GB", {
    timeZone,
    day: "numeric",
    month: "long",
  }).format(now);

  return (
    <section className="panel department-screen">
      <PageHeading>{departmentId ? text.departmentOf(name) : text.departmentHeading}</PageHeading>
      {!fixed && (
        <div className="field">
          <label htmlFor="department-choice">{text.chooseDepartment}</label>
          <select
            id="department-choice"
            value={departmentId ?? ""}
            onChange={(event: ChangeEvent<HTMLSelectElement>) =>
              setSearchParams(event.target.value ? { departmentId: event.target.value } : {})
            }
          >
            <option value="">—</option>
            {(departments.data?.items ?? []).map((department) => (
              <option key={department.id} value={department.id}>
                {department.shortName}
              </option>
            ))}
          </select>
        </div>
      )}
      {departmentId === undefined ? (
        <p>{text.noDepartmentChosen}</p>
      ) : incidents.isError ? (
        <LoadFailed error={incidents.error} onRetry={() => void incidents.refetch()} />
      ) : incidents.isPending ? (
        <Loading />
      ) : (
        <>
          <Figures
            departmentId={departmentId}
            counts={{
              open: lists.open.length,
              overdue: lists.overdue.length,
              dueToday: lists.dueToday.length,
            }}
            text={text}
          />
          <p className="hint">{text.timeZoneNote(timeZone)}</p>
          <section aria-labelledby="department-overdue-heading" data-testid="department-overdue">
            <h2 id="department-overdue-heading">{text.overdueHeading}</h2>
            {lists.overdue.length === 0 ? (
              <p>{text.noneOverdue}</p>
            ) : (
              <IncidentList
                items={lists.overdue}
                text={text}
                departmentNames={names}
                caption={text.overdueHeading}
              />
            )}
          </section>
          <section aria-labelledby="department-today-heading" data-testid="department-due-today">
            <h2 id="department-today-heading">{text.dueTodayHeading(today)}</h2>
            {lists.dueToday.length === 0 ? (
              <p>{text.noneDueToday}</p>
            ) : (
              <IncidentList
                items={lists.dueToday}
                text={text}
                departmentNames={names}
                caption={text.dueTodayHeading(today)}
              />
            )}
          </section>
          <p>
            <Link href={`~/incidents?departmentId=${encodeURIComponent(departmentId)}`}>
              {text.allIncidents}
            </Link>
            {" · "}
            <Link href={`~/map?departmentId=${encodeURIComponent(departmentId)}`}>{text.onTheMap}</Link>
          </p>
        </>
      )}
    </section>
  );
}
