import { useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, type ReactNode, useMemo, useState } from "react";
import { useSearchParams } from "wouter";
import type { Department, Page } from "../api/identity.js";
import type { Language } from "../i18n/messages.js";
import { deskMessages } from "../incidents/desk-messages.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import {
  type DashboardFilter,
  type FirstReplyTimes,
  type HeatMap,
  type IncidentsPerDay,
  type OpenAndOverdue,
  type PublicationsPerWeek,
  type ReplyDeadlines,
  seriesUrl,
  useSeries,
} from "./dashboard-data.js";
import { dashboardMessages } from "./dashboard-messages.js";
import { UplotChart } from "./UplotChart.js";
import "./dashboards.css";

const LOCALES: Record<Language, string> = { ru: "ru-RU", en: "en-GB" };

/** A calendar day as «02.03» (the API's days are the city's already, so no zone is applied). */
function dayLabel(day: string, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    day: "2-digit",
    month: "2-digit",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
}

function percent(value: number | null, language: Language): string {
  if (value === null) return "—";
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 }).format(value * 100)} %`;
}

function minutes(value: number | null, language: Language, unit: string): string {
  if (value === null) return "—";
  return `${new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

/** A chart with its heading, the same data as a table behind «Таблица данных», and its CSV. */
function ChartPanel({
  id,
  title,
  csv,
  chart,
  table,
  controls,
  summary,
}: {
  id: string;
  title: string;
  csv: string;
  chart: ReactNode;
  table: ReactNode;
  controls?: ReactNode;
  summary?: ReactNode;
}): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  return (
    <section
      className="panel dashboard-panel"
      aria-labelledby={`${id}-heading`}
      data-testid={`dashboard-${id}`}
    >
      <div className="dashboard-panel-head">
        <h2 id={`${id}-heading`}>{title}</h2>
        <a href={csv} download>
          {messages.downloadCsv}
          <span className="visually-hidden">: {title}</span>
        </a>
      </div>
      {controls}
      {summary}
      {chart}
      <details>
        <summary>
          {messages.dataTable}
          <span className="visually-hidden">: {title}</span>
        </summary>
        <div className="table-scroll">{table}</div>
      </details>
    </section>
  );
}

function SeriesState<T>({
  state,
  children,
}: {
  state: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: T | undefined;
    refetch: () => unknown;
  };
  children: (data: T) => ReactNode;
}): ReactElement {
  if (state.isPending) return <Loading />;
  if (state.isError || state.data === undefined)
    return <LoadFailed error={state.error} onRetry={() => void state.refetch()} />;
  return <>{children(state.data)}</>;
}

function PerDay({ filter }: { filter: DashboardFilter }): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const desk = deskMessages(language);
  const [by, setBy] = useState<"channel" | "category">("channel");
  const state = useSeries<IncidentsPerDay>("incidents-per-day", filter);
  return (
    <SeriesState state={state}>
      {(data) => {
        const list = by === "channel" ? data.byChannel : data.byCategory;
        const name = (key: string) =>
          by === "channel"
            ? (messages.channels[key] ?? key)
            : ((desk.categories as Record<string, string>)[key] ?? key);
        const series = list.map((item) => ({ label: name(item.key), values: item.counts }));
        return (
          <ChartPanel
            id="per-day"
            title={messages.perDayHeading}
            csv={seriesUrl("incidents-per-day", filter, { format: "csv" })}
            controls={
              <fieldset className="segmented">
                <legend>{messages.breakdown}</legend>
                {(["channel", "category"] as const).map((option) => (
                  <label key={option}>
                    <input
                      type="radio"
                      name="per-day-breakdown"
                      value={option}
                      checked={by === option}
                      onChange={() => setBy(option)}
                    />
                    {option === "channel" ? messages.byChannel : messages.byCategory}
                  </label>
                ))}
              </fieldset>
            }
            chart={
              <UplotChart
                kind="line"
                x={data.days}
                series={series}
                label={messages.chartOf(
                  `${messages.perDayHeading}, ${by === "channel" ? messages.byChannel : messages.byCategory}`,
                )}
              />
            }
            table={
              <table>
                <caption className="visually-hidden">{messages.perDayHeading}</caption>
                <thead>
                  <tr>
                    <th scope="col">{messages.date}</th>
                    {list.map((item) => (
                      <th scope="col" key={item.key}>
                        {name(item.key)}
                      </th>
                    ))}
                    <th scope="col">{messages.total}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.days.map((day, index) => (
                    <tr key={day}>
                      <th scope="row">
                        <time dateTime={day}>{dayLabel(day, language)}</time>
                      </th>
                      {list.map((item) => (
                        <td key={item.key}>{item.counts[index]}</td>
                      ))}
                      <td>{data.totals[index]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
        );
      }}
    </SeriesState>
  );
}

function Deadlines({ filter }: { filter: DashboardFilter }): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const [bucket, setBucket] = useState<"day" | "week" | "month">("week");
  const [measure, setMeasure] = useState<"two" | "platform">("two");
  const state = useSeries<ReplyDeadlines>("reply-deadlines", filter, { bucket });
  const shareOf = (shares: ReplyDeadlines["overall"]) =>
    measure === "two" ? shares.shareWithinTwoHours : shares.shareWithinPlatformDeadline;
  return (
    <SeriesState state={state}>
      {(data) => (
        <ChartPanel
          id="deadlines"
          title={messages.deadlinesHeading}
          csv={seriesUrl("reply-deadlines", filter, { bucket, format: "csv" })}
          controls={
            <div className="chart-controls">
              <label>
                {messages.measure}{" "}
                <select
                  value={measure}
                  onChange={(event) => setMeasure(event.target.value as "two" | "platform")}
                >
                  <option value="two">{messages.withinTwoHours}</option>
                  <option value="platform">{messages.withinPlatform}</option>
                </select>
              </label>
              <label>
                {messages.step}{" "}
                <select value={bucket} onChange={(event) => setBucket(event.target.value as typeof bucket)}>
                  {(["day", "week", "month"] as const).map((option) => (
                    <option key={option} value={option}>
                      {messages.steps[option]}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          }
          summary={
            <p>
              {messages.overall}: {messages.withinTwoHours} —{" "}
              {percent(data.overall.shareWithinTwoHours, language)}; {messages.withinPlatform} —{" "}
              {percent(data.overall.shareWithinPlatformDeadline, language)}
            </p>
          }
          chart={
            <UplotChart
              kind="line"
              x={data.periods}
              percent
              series={data.departments.map((department) => ({
                label: department.departmentName,
                values: department.periods.map(shareOf),
              }))}
              label={messages.chartOf(
                `${messages.deadlinesHeading}, ${measure === "two" ? messages.withinTwoHours : messages.withinPlatform}`,
              )}
            />
          }
          table={
            <table>
              <caption className="visually-hidden">{messages.deadlinesHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{messages.department}</th>
                  <th scope="col">{messages.periodStart}</th>
                  <th scope="col">{messages.withinTwoHours}</th>
                  <th scope="col">{messages.withinPlatform}</th>
                </tr>
              </thead>
              <tbody>
                {data.departments.flatMap((department) =>
                  data.periods.map((start, index) => {
                    const shares = department.periods[index];
                    if (!shares) return null;
                    return (
                      <tr key={`${department.departmentId}-${start}`}>
                        <th scope="row">{department.departmentName}</th>
                        <td>
                          <time dateTime={start}>{dayLabel(start, language)}</time>
                        </td>
                        <td>
                          {percent(shares.shareWithinTwoHours, language)} (
                          {messages.share(shares.withinTwoHours, shares.twoHoursDue)})
                        </td>
                        <td>
                          {percent(shares.shareWithinPlatformDeadline, language)} (
                          {messages.share(shares.withinPlatformDeadline, shares.platformDue)})
                        </td>
                      </tr>
                    );
                  }),
                )}
              </tbody>
            </table>
          }
        />
      )}
    </SeriesState>
  );
}

function ReplyTimes({ filter }: { filter: DashboardFilter }): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const state = useSeries<FirstReplyTimes>("first-reply-times", filter);
  return (
    <SeriesState state={state}>
      {(data) => (
        <ChartPanel
          id="reply-times"
          title={messages.replyTimesHeading}
          csv={seriesUrl("first-reply-times", filter, { format: "csv" })}
          summary={
            <dl className="figures">
              <div>
                <dt>{messages.median}</dt>
                <dd data-testid="median">{minutes(data.medianMinutes, language, messages.minutes)}</dd>
              </div>
              <div>
                <dt>{messages.p90}</dt>
                <dd data-testid="p90">{minutes(data.p90Minutes, language, messages.minutes)}</dd>
              </div>
              <div>
                <dt>{messages.unanswered}</dt>
                <dd>{data.unanswered}</dd>
              </div>
            </dl>
          }
          chart={
            <UplotChart
              kind="bars"
              categories={data.buckets.map((bucket) => bucket.label[language])}
              series={[{ label: messages.incidents, values: data.buckets.map((bucket) => bucket.count) }]}
              label={messages.chartOf(messages.replyTimesHeading)}
            />
          }
          table={
            <table>
              <caption className="visually-hidden">{messages.replyTimesHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{messages.interval}</th>
                  <th scope="col">{messages.incidents}</th>
                </tr>
              </thead>
              <tbody>
                {data.buckets.map((bucket) => (
                  <tr key={bucket.fromMinutes}>
                    <th scope="row">{bucket.label[language]}</th>
                    <td>{bucket.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </SeriesState>
  );
}

function Load({ filter }: { filter: DashboardFilter }): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const state = useSeries<OpenAndOverdue>("open-overdue", filter);
  return (
    <SeriesState state={state}>
      {(data) => (
        <ChartPanel
          id="load"
          title={messages.loadHeading}
          csv={seriesUrl("open-overdue", filter, { format: "csv" })}
          chart={
            data.departments.length === 0 ? (
              <p>{messages.nothing}</p>
            ) : (
              <UplotChart
                kind="bars"
                categories={data.departments.map((row) => row.departmentName)}
                series={[
                  { label: messages.open, values: data.departments.map((row) => row.open) },
                  { label: messages.overdue, values: data.departments.map((row) => row.overdue) },
                ]}
                label={messages.chartOf(messages.loadHeading)}
              />
            )
          }
          table={
            <table>
              <caption className="visually-hidden">{messages.loadHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{messages.department}</th>
                  <th scope="col">{messages.open}</th>
                  <th scope="col">{messages.overdue}</th>
                </tr>
              </thead>
              <tbody>
                {data.departments.map((row) => (
                  <tr key={row.departmentId ?? "none"}>
                    <th scope="row">{row.departmentName}</th>
                    <td>{row.open}</td>
                    <td>{row.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </SeriesState>
  );
}

function Publications({ filter }: { filter: DashboardFilter }): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const state = useSeries<PublicationsPerWeek>("publications-per-week", filter);
  return (
    <SeriesState state={state}>
      {(data) => (
        <ChartPanel
          id="publications"
          title={messages.publicationsHeading}
          csv={seriesUrl("publications-per-week", filter, { format: "csv" })}
          chart={
            <UplotChart
              kind="line"
              x={data.weeks}
              series={data.byChannel.map((item) => ({
                label: messages.channels[item.key] ?? item.key,
                values: item.counts,
              }))}
              label={messages.chartOf(messages.publicationsHeading)}
            />
          }
          table={
            <table>
              <caption className="visually-hidden">{messages.publicationsHeading}</caption>
              <thead>
                <tr>
                  <th scope="col">{messages.weekFrom}</th>
                  {data.byChannel.map((item) => (
                    <th scope="col" key={item.key}>
                      {messages.channels[item.key] ?? item.key}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.weeks.map((week, index) => (
                  <tr key={week}>
                    <th scope="row">
                      <time dateTime={week}>{dayLabel(week, language)}</time>
                    </th>
                    {data.byChannel.map((item) => (
                      <td key={item.key}>{item.counts[index]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        />
      )}
    </SeriesState>
  );
}

/** The heat map is itself a table: each cell's number is written in it, its colour only repeats it. */
function Heat({ filter, timeZone }: { filter: DashboardFilter; timeZone: string }): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const state = useSeries<HeatMap>("heat-map", filter);
  return (
    <SeriesState state={state}>
      {(data) => (
        <section
          className="panel dashboard-panel"
          aria-labelledby="heat-heading"
          data-testid="dashboard-heat"
        >
          <div className="dashboard-panel-head">
            <h2 id="heat-heading">{messages.heatHeading}</h2>
            <a href={seriesUrl("heat-map", filter, { format: "csv" })} download>
              {messages.downloadCsv}
              <span className="visually-hidden">: {messages.heatHeading}</span>
            </a>
          </div>
          <div className="table-scroll">
            <table className="heat-map">
              <caption>{messages.heatCaption(timeZone)}</caption>
              <thead>
                <tr>
                  <th scope="col">
                    <span className="visually-hidden">{messages.weekday}</span>
                  </th>
                  {Array.from({ length: 24 }, (_, hour) => (
                    <th scope="col" key={hour}>
                      {String(hour).padStart(2, "0")}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.cells.map((line, weekday) => (
                  <tr key={messages.weekdays[weekday]}>
                    <th scope="row">{messages.weekdays[weekday]}</th>
                    {line.map((value, hour) => {
                      const level = data.max === 0 ? 0 : Math.ceil((value / data.max) * 4);
                      return (
                        <td key={hour} className={`heat-${level}`}>
                          {value}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </SeriesState>
  );
}

function useDepartments() {
  const api = useApi();
  return useQuery({
    queryKey: ["departments", "all"],
    queryFn: () => api.get<Page<Department>>("/api/v1/departments", { limit: 100 }),
    staleTime: 5 * 60_000,
  });
}

/** Period and department, kept in the address so a dashboard view is a link. */
function Filters({
  filter,
  onApply,
}: {
  filter: DashboardFilter;
  onApply: (next: DashboardFilter) => void;
}): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const departments = useDepartments();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const text = String(form.get(name) ?? "").trim();
      return text === "" ? undefined : text;
    };
    onApply({ from: value("from"), to: value("to"), departmentId: value("departmentId") });
  };
  return (
    <form className="panel dashboard-filters" onSubmit={submit} aria-label={messages.filters}>
      <div className="field">
        <label htmlFor="dashboard-from">{messages.from}</label>
        <input id="dashboard-from" name="from" type="date" defaultValue={filter.from ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="dashboard-to">{messages.to}</label>
        <input id="dashboard-to" name="to" type="date" defaultValue={filter.to ?? ""} />
      </div>
      <div className="field">
        <label htmlFor="dashboard-department">{messages.department}</label>
        <select id="dashboard-department" name="departmentId" defaultValue={filter.departmentId ?? ""}>
          <option value="">{messages.allDepartments}</option>
          {(departments.data?.items ?? []).map((department) => (
            <option key={department.id} value={department.id}>
              {department.shortName || department.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">{messages.apply}</button>
    </form>
  );
}

/** «Дашборды»: the desk's and the newsroom's figures for a period and a department, each with a table and CSV. */
export default function DashboardsScreen(): ReactElement {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const timeZone = useCityTimeZone();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo<DashboardFilter>(
    () => ({
      from: searchParams.get("from") ?? undefined,
      to: searchParams.get("to") ?? undefined,
      departmentId: searchParams.get("departmentId") ?? undefined,
    }),
    [searchParams],
  );
  const apply = (next: DashboardFilter) => {
    const parameters = new URLSearchParams();
    for (const [name, value] of Object.entries(next)) if (value) parameters.set(name, value);
    setSearchParams(parameters);
  };
  const period = useSeries<IncidentsPerDay>("incidents-per-day", filter).data?.period;
  return (
    <div className="dashboards">
      <PageHeading>{messages.dashboardsHeading}</PageHeading>
      <Filters key={JSON.stringify(filter)} filter={filter} onApply={apply} />
      <p className="hint" role="status">
        {period ? `${dayLabel(period.from, language)} — ${dayLabel(period.to, language)}. ` : ""}
        {messages.periodNote(timeZone)}
      </p>
      <PerDay filter={filter} />
      <Deadlines filter={filter} />
      <ReplyTimes filter={filter} />
      <Load filter={filter} />
      <Publications filter={filter} />
      <Heat filter={filter} timeZone={timeZone} />
    </div>
  );
}
