import { type KeyboardEvent, type ReactElement, useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "wouter";
import { useLanguage } from "../language/language.js";
import { useCityTimeZone } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import {
  byCityDay,
  type CalendarView,
  cityDay,
  dayAfterKey,
  periodDays,
  periodRange,
  shiftPeriod,
} from "./calendar-model.js";
import { CALENDAR_CHANNELS, type CalendarChannel, type CalendarEntry, useCalendar } from "./newsroom-api.js";
import { newsroomMessages } from "./newsroom-messages.js";

type Text = ReturnType<typeof newsroomMessages>;
const LOCALES = { ru: "ru-RU", en: "en-GB" } as const;

function entryState(entry: CalendarEntry, text: Text): string {
  if (entry.channel === "site") return text.states[entry.state as keyof Text["states"]] ?? entry.state;
  return text.variantStates[entry.state as keyof Text["variantStates"]] ?? entry.state;
}

/** One release in a cell: time on the city's clock, channel (in month view), title, state in words. */
function Entry({
  entry,
  showChannel,
  text,
  timeFormat,
}: {
  entry: CalendarEntry;
  showChannel: boolean;
  text: Text;
  timeFormat: Intl.DateTimeFormat;
}): ReactElement {
  return (
    <li className={`calendar-entry delivery-${entry.state}`} data-testid={`entry-${entry.channel}`}>
      <time dateTime={entry.at}>{timeFormat.format(new Date(entry.at))}</time>{" "}
      {showChannel && <span className="entry-channel">{text.channels[entry.channel]}: </span>}
      <Link href={`/publications/${entry.publicationId}`}>{entry.title}</Link>{" "}
      <span className="entry-state">({entryState(entry, text)})</span>
    </li>
  );
}

/**
 * The publishing calendar: a week (rows are the site and the four pages) or a month (all channels
 * in each day, filtered by channel). Arrow keys move between days, Page Up/Down between periods.
 */
export default function CalendarScreen(): ReactElement {
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const timeZone = useCityTimeZone();
  const [searchParams, setSearchParams] = useSearchParams();
  const view: CalendarView = searchParams.get("view") === "month" ? "month" : "week";
  const today = cityDay(new Date(), timeZone);
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(searchParams.get("day") ?? "")
    ? (searchParams.get("day") as string)
    : today;
  const [shown, setShown] = useState<readonly CalendarChannel[]>(CALENDAR_CHANNELS);
  const days = useMemo(() => periodDays(view, anchor), [view, anchor]);
  const range = useMemo(() => periodRange(days, timeZone), [days, timeZone]);
  const calendar = useCalendar(range.from, range.to);
  const grid = useRef<HTMLTableElement>(null);
  const focusAfterMove = useRef(false);

  const go = (next: { view?: CalendarView; day?: string }) => {
    const params = new URLSearchParams(searchParams);
    params.set("view", next.view ?? view);
    params.set("day", next.day ?? anchor);
    setSearchParams(params);
  };

  useEffect(() => {
    if (!focusAfterMove.current) return;
    focusAfterMove.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-day="${anchor}"]`)?.focus();
  });

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>): void {
    const target = event.target as HTMLElement;
    const day = target.dataset.day;
    if (!day) return;
    const next = dayAfterKey(view, day, event.key);
    if (!next) return;
    event.preventDefault();
    focusAfterMove.current = true;
    go({ day: next });
  }

  const dayFormat = new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    weekday: "long",
  });
  const shortDay = new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: "UTC",
    day: "numeric",
    month: "short",
  });
  const timeFormat = new Intl.DateTimeFormat(LOCALES[language], {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
  });
  const monthFormat = new Intl.DateTimeFormat(LOCALES[language], {
    timeZone: "UTC",
    month: "long",
    year: "numeric",
  });
  const dateOf = (day: string) => new Date(`${day}T12:00:00Z`);
  const period =
    view === "week"
      ? `${shortDay.format(dateOf(days[0] ?? anchor))} — ${shortDay.format(dateOf(days.at(-1) ?? anchor))}`
      : monthFormat.format(dateOf(anchor));
  const entries = (calendar.data?.items ?? []).filter((entry) => shown.includes(entry.channel));
  const perDay = byCityDay(entries, timeZone);
  const cellProps = (day: string) => ({
    "data-day": day,
    tabIndex: day === anchor ? 0 : -1,
    "aria-current": day === today ? ("date" as const) : undefined,
    onFocus: () => {
      if (day !== anchor) go({ day });
    },
  });

  return (
    <section className="panel" aria-labelledby="calendar-heading">
      <div id="calendar-heading">
        <PageHeading>{text.calendarHeading}</PageHeading>
      </div>
      <div className="calendar-toolbar">
        <fieldset className="segmented">
          <legend>{text.view}</legend>
          <button type="button" aria-pressed={view === "week"} onClick={() => go({ view: "week" })}>
            {text.week}
          </button>
          <button type="button" aria-pressed={view === "month"} onClick={() => go({ view: "month" })}>
            {text.month}
          </button>
        </fieldset>
        <div className="form-actions">
          <button type="button" onClick={() => go({ day: shiftPeriod(view, anchor, -1) })}>
            {text.previousPeriod}
          </button>
          <button type="button" onClick={() => go({ day: today })}>
            {text.today}
          </button>
          <button type="button" onClick={() => go({ day: shiftPeriod(view, anchor, 1) })}>
            {text.nextPeriod}
          </button>
        </div>
        {view === "month" && (
          <fieldset className="channel-filter">
            <legend>{text.channelsFilter}</legend>
            {CALENDAR_CHANNELS.map((channel) => (
              <label key={channel} className="checkbox">
                <input
                  type="checkbox"
                  checked={shown.includes(channel)}
                  onChange={(event) =>
                    setShown((current) =>
                      event.target.checked
                        ? CALENDAR_CHANNELS.filter((one) => one === channel || current.includes(one))
                        : current.filter((one) => one !== channel),
                    )
                  }
                />
                {text.channels[channel]}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      <p className="hint" id="calendar-keys">
        {text.calendarKeys}: {timeZone}.
      </p>
      <h2 data-testid="calendar-period">{period}</h2>
      {calendar.isError && <LoadFailed error={calendar.error} onRetry={() => void calendar.refetch()} />}
      {calendar.isPending && <Loading />}
      <div className="table-scroll">
        {view === "week" ? (
          <table
            ref={grid}
            className="calendar calendar-week"
            aria-label={text.weekTableLabel(period)}
            aria-describedby="calendar-keys"
            onKeyDown={onKeyDown}
            data-testid="calendar"
          >
            <thead>
              <tr>
                <th scope="col">{text.channel}</th>
                {days.map((day) => (
                  <th
                    scope="col"
                    key={day}
                    {...cellProps(day)}
                    aria-label={`${dayFormat.format(dateOf(day))}: ${text.entries(perDay.get(day)?.length ?? 0)}`}
                  >
                    {text.weekdays[(new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7]},{" "}
                    {shortDay.format(dateOf(day))}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {CALENDAR_CHANNELS.map((channel) => (
                <tr key={channel} data-testid={`calendar-row-${channel}`}>
                  <th scope="row">{text.channels[channel]}</th>
                  {days.map((day) => {
                    const own = (perDay.get(day) ?? []).filter((entry) => entry.channel === channel);
                    return (
                      <td key={day}>
                        {own.length > 0 && (
                          <ul className="plain-list">
                            {own.map((entry) => (
                              <Entry
                                key={`${entry.publicationId}-${entry.channel}`}
                                entry={entry}
                                showChannel={false}
                                text={text}
                                timeFormat={timeFormat}
                              />
                            ))}
                          </ul>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <table
            ref={grid}
            className="calendar calendar-month"
            aria-label={text.monthTableLabel(period)}
            aria-describedby="calendar-keys"
            onKeyDown={onKeyDown}
            data-testid="calendar"
          >
            <thead>
              <tr>
                {text.weekdays.map((weekday) => (
                  <th scope="col" key={weekday}>
                    {weekday}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: days.length / 7 }, (_, week) => days.slice(week * 7, week * 7 + 7)).map(
                (week) => (
                  <tr key={week[0]}>
                    {week.map((day) => {
                      const own = perDay.get(day) ?? [];
                      return (
                        <td
                          key={day}
                          className={day.slice(0, 7) === anchor.slice(0, 7) ? undefined : "outside"}
                        >
                          <button
                            type="button"
                            className="day-label"
                            {...cellProps(day)}
                            onClick={() => go({ view: "week", day })}
                            aria-label={`${dayFormat.format(dateOf(day))}: ${
                              own.length > 0 ? text.entries(own.length) : text.nothingThatDay
                            }`}
                          >
                            {Number(day.slice(8))}
                          </button>
                          {own.length > 0 && (
                            <ul className="plain-list">
                              {own.map((entry) => (
                                <Entry
                                  key={`${entry.publicationId}-${entry.channel}`}
                                  entry={entry}
                                  showChannel
                                  text={text}
                                  timeFormat={timeFormat}
                                />
                              ))}
                            </ul>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
