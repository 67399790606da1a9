import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage } from "../api/api-client.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatMoment } from "../time/format-instant.js";
import { dashboardMessages } from "./dashboard-messages.js";
import "./dashboards.css";

interface ReportRun {
  id: string;
  kind: "yearly" | "monthly";
  from: string;
  to: string;
  status: "queued" | "running" | "done" | "failed";
  stepsDone: number;
  stepsTotal: number;
  step: string | null;
  error: string | null;
  createdAt: string;
  downloads: { docx: string; xlsx: string; csv: string } | null;
}

const POLL_MS = 1000;
const FORMATS = ["docx", "xlsx", "csv"] as const;

function Downloads({ run, title }: { run: ReportRun; title: string }): ReactElement | null {
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  if (!run.downloads) return null;
  return (
    <ul className="downloads">
      {FORMATS.map((format) => (
        <li key={format}>
          <a href={run.downloads?.[format]} download>
            {messages.download} {format.toUpperCase()}
            <span className="visually-hidden">: {title}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function periodText(run: ReportRun, language: "ru" | "en"): string {
  const messages = dashboardMessages(language);
  const year = run.from.slice(0, 4);
  return run.kind === "yearly"
    ? `${messages.yearly}, ${year}`
    : `${messages.monthly}, ${messages.months[Number(run.from.slice(5, 7)) - 1]} ${year}`;
}

/** The run being made: its progress bar (steps done of all), then its files. Polled while it works. */
function RunProgress({ id }: { id: string }): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const run = useQuery({
    queryKey: ["reports", "one", id],
    queryFn: async () => {
      const answer = await api.get<ReportRun>(`/api/v1/reports/${encodeURIComponent(id)}`);
      if (answer.status === "done" || answer.status === "failed") {
        void queryClient.invalidateQueries({ queryKey: ["reports", "list"] });
      }
      return answer;
    },
    refetchInterval: (query) =>
      query.state.data?.status === "done" || query.state.data?.status === "failed" ? false : POLL_MS,
  });
  if (run.isPending) return <Loading />;
  if (run.isError) return <LoadFailed error={run.error} onRetry={() => void run.refetch()} />;
  const data = run.data;
  const title = periodText(data, language);
  return (
    <section className="panel" aria-labelledby="run-heading" data-testid="report-run">
      <h2 id="run-heading">{title}</h2>
      <p>
        {messages.status}: <strong data-testid="report-status">{messages.statuses[data.status]}</strong>
      </p>
      <label htmlFor="report-progress">{messages.generating}</label>
      <progress id="report-progress" max={data.stepsTotal} value={data.stepsDone}>
        {data.stepsDone} / {data.stepsTotal}
      </progress>
      <p role="status" aria-live="polite">
        {messages.progress(data.stepsDone, data.stepsTotal)}
        {data.step && data.status === "running" ? ` — ${messages.reportSteps[data.step] ?? data.step}` : ""}
      </p>
      {data.error && (
        <p role="alert" className="form-alert">
          {data.error}
        </p>
      )}
      <Downloads run={data} title={title} />
    </section>
  );
}

function RecentReports(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const timeZone = useCityTimeZone();
  const list = useQuery({
    queryKey: ["reports", "list"],
    queryFn: () => api.get<{ items: ReportRun[] }>("/api/v1/reports"),
  });
  return (
    <section className="panel" aria-labelledby="recent-heading">
      <h2 id="recent-heading">{messages.recent}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p>{messages.noReports}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{messages.period}</th>
                <th scope="col">{messages.requested}</th>
                <th scope="col">{messages.status}</th>
                <th scope="col">{messages.files}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((run) => (
                <tr key={run.id}>
                  <th scope="row">{periodText(run, language)}</th>
                  <td>
                    <time dateTime={run.createdAt}>{formatMoment(run.createdAt, language, timeZone)}</time>
                  </td>
                  <td>{messages.statuses[run.status]}</td>
                  <td>
                    <Downloads run={run} title={periodText(run, language)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** «Отчёт»: start the yearly or monthly report, watch it being made, download DOCX, XLSX and CSV. */
export default function ReportScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const messages = dashboardMessages(language);
  const [kind, setKind] = useState<"yearly" | "monthly">("yearly");
  const [runId, setRunId] = useState<string | undefined>(undefined);
  const thisYear = new Date().getFullYear();
  const start = useMutation({
    mutationFn: (body: { year: number; month?: number }) =>
      api.post<ReportRun>(`/api/v1/reports/${kind}`, body),
    onSuccess: (run) => setRunId(run.id),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const year = Number(form.get("year"));
    start.mutate(kind === "monthly" ? { year, month: Number(form.get("month")) } : { year });
  };
  return (
    <div className="report">
      <PageHeading>{messages.reportHeading}</PageHeading>
      <p>{messages.reportIntro}</p>
      <form className="panel report-form" onSubmit={submit}>
        <fieldset className="segmented">
          <legend>{messages.kind}</legend>
          {(["yearly", "monthly"] as const).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name="kind"
                value={option}
                checked={kind === option}
                onChange={() => setKind(option)}
              />
              {option === "yearly" ? messages.yearly : messages.monthly}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="report-year">{messages.year}</label>
          <input
            id="report-year"
            name="year"
            type="number"
            min={2000}
            max={thisYear}
            defaultValue={thisYear}
            required
          />
        </div>
        {kind === "monthly" && (
          <div className="field">
            <label htmlFor="report-month">{messages.month}</label>
            <select id="report-month" name="month" defaultValue={String(new Date().getMonth() + 1)}>
              {messages.months.map((name, index) => (
                <option key={name} value={index + 1}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" disabled={start.isPending}>
          {messages.generate}
        </button>
        {start.isError && (
          <p role="alert" className="form-alert">
            {errorMessage(start.error, language)}
          </p>
        )}
      </form>
      {runId && <RunProgress id={runId} />}
      <RecentReports />
    </div>
  );
}
