import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { ApiError, errorMessage, localise } from "../../api/api-client.js";
import { FormAlert, FormStatus, SelectField, TextField, textOf } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { cityDay } from "../../newsroom/calendar-model.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { calendarName, type SlaMessages, slaMessages } from "./sla-messages.js";
import {
  CALENDARS_KEY,
  type DayKind,
  DESK_CALENDARS,
  type DeskCalendar,
  dateLabel,
  type EffectiveDay,
  type ImportResult,
  monthWeeks,
  SLA_KEY,
  type StoredDay,
  shiftMonth,
} from "./sla-model.js";
import "./sla.css";

const path = (calendar: DeskCalendar) => `/api/v1/settings/calendars/${calendar}`;

function MonthView({
  calendar,
  year,
  month,
  onMove,
  text,
}: {
  calendar: DeskCalendar;
  year: number;
  month: number;
  onMove: (by: number) => void;
  text: SlaMessages;
}): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const days = useQuery({
    queryKey: [...CALENDARS_KEY, calendar, "month", year, month],
    queryFn: () => api.get<{ days: EffectiveDay[] }>(`${path(calendar)}/month`, { year, month }),
  });
  const title = new Intl.DateTimeFormat(language === "ru" ? "ru-RU" : "en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, 1)));
  const byDate = new Map(days.data?.days.map((day) => [day.date, day]));
  return (
    <section aria-labelledby="month-heading" data-testid="month-view">
      <div className="month-nav">
        <button type="button" onClick={() => onMove(-1)} aria-label={text.previousMonth}>
          ←
        </button>
        <h2 id="month-heading" aria-live="polite">
          {text.monthHeading(title)}
        </h2>
        <button type="button" onClick={() => onMove(1)} aria-label={text.nextMonth}>
          →
        </button>
      </div>
      <ul className="calendar-legend" aria-label={text.legend}>
        <li>
          <span className="legend-swatch day-non-working" aria-hidden="true" />
          {text.kindMarks["non-working"]} — {text.kinds["non-working"]}
        </li>
        <li>
          <span className="legend-swatch day-shortened" aria-hidden="true" />
          {text.kindMarks.shortened} — {text.kinds.shortened}
        </li>
        <li>
          <span className="legend-swatch day-stored" aria-hidden="true" />
          {text.sources.regional} / {text.sources.manual} / {text.sources["production-calendar"]}
        </li>
      </ul>
      {days.isPending ? (
        <Loading />
      ) : days.isError ? (
        <LoadFailed error={days.error} onRetry={() => void days.refetch()} />
      ) : (
        <table className="month-grid" aria-busy={days.isFetching}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {text.weekdays.map((weekday, index) => (
                <th key={weekday} scope="col">
                  <abbr title={text.weekdayNames[index]}>{weekday}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthWeeks(year, month).map((week) => (
              <tr key={week.find(Boolean) ?? "empty"}>
                {week.map((date, index) => {
                  if (!date) return <td key={`pad-${index}`} />;
                  const day = byDate.get(date);
                  const kind: DayKind = day?.kind ?? "working";
                  const stored = day?.source ?? null;
                  return (
                    <td
                      key={date}
                      data-date={date}
                      data-kind={kind}
                      className={`day-${kind}${stored ? " day-stored" : ""}`}
                    >
                      <span>{Number(date.slice(8))}</span>
                      <span className="day-mark" aria-hidden="true">
                        {text.kindMarks[kind]}
                      </span>
                      <span className="visually-hidden">
                        {`, ${text.kinds[kind]}${day?.name ? `: ${localise(day.name, language)}` : ""}${stored ? ` (${text.sources[stored]})` : ""}`}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ImportForm({ calendar, text }: { calendar: DeskCalendar; text: SlaMessages }): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const [status, setStatus] = useState<string>();
  const [missing, setMissing] = useState(false);
  const upload = useMutation({
    mutationFn: async (file: File) =>
      api.post<ImportResult>(`${path(calendar)}/import`, { csv: await file.text() }),
    onSuccess: async (result) => {
      setStatus(
        text.imported(
          result.years
            .map((year) => text.importedYear(year.year, year.days, year.workingDays, year.keptOwnDays))
            .join("; "),
        ),
      );
      await queryClient.invalidateQueries({ queryKey: CALENDARS_KEY });
      await queryClient.invalidateQueries({ queryKey: SLA_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setStatus(undefined);
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    upload.mutate(file);
  }
  const details = upload.error instanceof ApiError ? upload.error.details : [];
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{text.importHeading}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="import-heading">
        <TextField
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          label={text.file}
          hint={text.importHint}
          {...(missing ? { error: text.noFile } : {})}
        />
        <FormAlert>
          {upload.error ? (
            <>
              {text.fileProblems}: {errorMessage(upload.error, language)}
              {details.length > 0 && (
                <ul>
                  {details.map((detail) => (
                    <li key={detail.path.join(".")}>
                      {text.line(detail.path[1] ?? "—", String(detail.path[2] ?? ""))}:{" "}
                      {localise(detail.message, language)}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : undefined}
        </FormAlert>
        <FormStatus>{status}</FormStatus>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={upload.isPending}>
            {text.importButton}
          </button>
        </div>
      </form>
    </section>
  );
}

function AddDayForm({
  calendar,
  text,
  onAdded,
}: {
  calendar: DeskCalendar;
  text: SlaMessages;
  onAdded: (date: string) => void;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const [status, setStatus] = useState<string>();
  const add = useMutation({
    mutationFn: (body: Record<string, string>) => api.post<StoredDay>(`${path(calendar)}/days`, body),
    onSuccess: async (day, _body) => {
      setStatus(text.added(dateLabel(day.date)));
      onAdded(day.date);
      await queryClient.invalidateQueries({ queryKey: CALENDARS_KEY });
      await queryClient.invalidateQueries({ queryKey: SLA_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setStatus(undefined);
    const form = new FormData(event.currentTarget);
    const note = textOf(form, "note");
    add.mutate({
      date: textOf(form, "date") ?? "",
      kind: textOf(form, "kind") ?? "non-working",
      source: textOf(form, "source") ?? "regional",
      ...(note ? { note } : {}),
    });
  }
  const dateError =
    add.error instanceof ApiError
      ? add.error.details.find((detail) => detail.path[0] === "date")?.message
      : undefined;
  return (
    <section aria-labelledby="add-day-heading">
      <h2 id="add-day-heading">{text.addHeading}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="add-day-heading">
        <p className="hint">{text.addHint}</p>
        <TextField
          id="add-day-date"
          name="date"
          type="date"
          label={text.date}
          required
          {...(dateError ? { error: localise(dateError, language) } : {})}
        />
        <SelectField
          id="add-day-kind"
          name="kind"
          label={text.kind}
          defaultValue="non-working"
          choices={(["non-working", "shortened", "working"] as const).map((kind) => ({
            value: kind,
            label: text.kinds[kind],
          }))}
        />
        <TextField id="add-day-note" name="note" label={text.dayNote} maxLength={200} />
        <SelectField
          id="add-day-source"
          name="source"
          label={text.source}
          defaultValue="regional"
          choices={(["regional", "manual"] as const).map((source) => ({
            value: source,
            label: text.sources[source],
          }))}
        />
        <FormAlert>{add.error && !dateError ? errorMessage(add.error, language) : undefined}</FormAlert>
        <FormStatus>{status}</FormStatus>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={add.isPending}>
            {text.addButton}
          </button>
        </div>
      </form>
    </section>
  );
}

function StoredDays({
  calendar,
  year,
  text,
}: {
  calendar: DeskCalendar;
  year: number;
  text: SlaMessages;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const [status, setStatus] = useState<string>();
  const days = useQuery({
    queryKey: [...CALENDARS_KEY, calendar, "days", year],
    queryFn: () => api.get<{ items: StoredDay[] }>(`${path(calendar)}/days`, { year }),
  });
  const remove = useMutation({
    mutationFn: (date: string) => api.delete<void>(`${path(calendar)}/days/${date}`),
    onSuccess: async (_result, date) => {
      setStatus(text.removed(dateLabel(date)));
      await queryClient.invalidateQueries({ queryKey: CALENDARS_KEY });
      await queryClient.invalidateQueries({ queryKey: SLA_KEY });
      document.getElementById("stored-days-heading")?.focus();
    },
  });
  return (
    <section aria-labelledby="stored-days-heading">
      <h2 id="stored-days-heading" tabIndex={-1}>
        {text.daysHeading(year)}
      </h2>
      <FormAlert>{remove.error ? errorMessage(remove.error, language) : undefined}</FormAlert>
      <FormStatus>{status}</FormStatus>
      {days.isPending ? (
        <Loading />
      ) : days.isError ? (
        <LoadFailed error={days.error} onRetry={() => void days.refetch()} />
      ) : days.data.items.length === 0 ? (
        <p>{text.noDays}</p>
      ) : (
        <section
          className="table-scroll"
          aria-labelledby="stored-days-heading"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (WCAG 2.1.1)
          tabIndex={0}
        >
          <table data-testid="stored-days">
            <caption className="visually-hidden">{text.daysHeading(year)}</caption>
            <thead>
              <tr>
                <th scope="col">{text.date}</th>
                <th scope="col">{text.kind}</th>
                <th scope="col">{text.dayNote}</th>
                <th scope="col">{text.source}</th>
                <th scope="col">{text.actions}</th>
              </tr>
            </thead>
            <tbody>
              {days.data.items.map((day) => (
                <tr key={day.date} data-date={day.date}>
                  <th scope="row">{dateLabel(day.date)}</th>
                  <td>{text.kinds[day.kind]}</td>
                  <td>{day.note ? localise(day.note, language) : "—"}</td>
                  <td>{text.sources[day.source]}</td>
                  <td>
                    <button
                      type="button"
                      className="quiet"
                      aria-label={text.removeLabel(dateLabel(day.date))}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(day.date)}
                    >
                      {text.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

/** The desk's calendars: a month view, the production calendar's import, regional days added and removed. */
export default function CalendarsScreen(): ReactElement {
  const { language } = useLanguage();
  const text = slaMessages(language);
  const timeZone = useCityTimeZone();
  const today = cityDay(new Date(), timeZone);
  const [calendar, setCalendar] = useState<DeskCalendar>("office");
  const [shown, setShown] = useState(() => ({
    year: Number(today.slice(0, 4)),
    month: Number(today.slice(5, 7)),
  }));
  return (
    <section className="panel wide">
      <PageHeading>{text.calendarsHeading}</PageHeading>
      <p>{text.calendarsIntro}</p>
      <fieldset className="calendar-choice">
        <legend>{text.whichCalendar}</legend>
        {DESK_CALENDARS.map((name) => (
          <label key={name} className="checkbox">
            <input
              type="radio"
              name="calendar"
              value={name}
              checked={calendar === name}
              onChange={() => setCalendar(name)}
            />
            {calendarName(text, name)} (<span lang="en">{name}</span>)
          </label>
        ))}
      </fieldset>
      <MonthView
        calendar={calendar}
        year={shown.year}
        month={shown.month}
        onMove={(by) => setShown(shiftMonth(shown.year, shown.month, by))}
        text={text}
      />
      <div className="calendar-forms">
        <AddDayForm
          key={`add-${calendar}`}
          calendar={calendar}
          text={text}
          onAdded={(date) => setShown({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) })}
        />
        <ImportForm key={`import-${calendar}`} calendar={calendar} text={text} />
      </div>
      <StoredDays calendar={calendar} year={shown.year} text={text} />
    </section>
  );
}
