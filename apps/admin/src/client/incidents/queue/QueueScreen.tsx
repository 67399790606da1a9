import { useQueryClient } from "@tanstack/react-query";
import {
  type FormEvent,
  memo,
  type ReactElement,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from "react";
import { Link, useSearchParams } from "wouter";
import { errorMessage } from "../../api/api-client.js";
import { CHANNELS, type QueueRow, SLA_STATES } from "../../api/incidents.js";
import { FormStatus, SelectField, TextField, textOf } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone, useSession } from "../../session/session.js";
import { useAllDepartments } from "../../settings/organisation/organisation-queries.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { formatMoment, formatShortMoment } from "../../time/format-instant.js";
import { type DeskMessages, deskMessages, nameOf } from "../desk-messages.js";
import { useIncidentQueue, useLiveIncidents, useMinute, useNow } from "../desk-queries.js";
import { IncidentFilterFields } from "../incident-filter-fields.js";
import {
  currentView,
  deadline,
  filterFromSearch,
  formatSpan,
  hasClientFilters,
  matchesClientFilter,
  needsMorePages,
  type QueueFilter,
  type SavedViewId,
  savedViewFilter,
  searchFromFilter,
  settleAll,
} from "../queue-model.js";
import { deleteView, type StoredView, saveView, storedViews } from "../saved-views.js";
import { rowWindow, useViewState } from "./row-window.js";

const ROW_HEIGHT = 44;
/** Start reading the next page when the rows shown come within this many of the end of what is loaded. */
const PREFETCH_ROWS = 40;
/** Rows drawn beyond the view, above and below. */
const OVERSCAN_ROWS = 4;
/**
 * Up to this many rows are read in the background after the first page, so that scrolling never waits for
 * the network (10,000 rows of the queue are about 6 MB of JSON, read in pages of 1,000); past it, on scroll.
 */
const BACKGROUND_ROWS = 20_000;
/** A flung table's rows are drawn this long after the scroll stops. */
const SETTLE_MS = 50;
/**
 * A table flung into the end of the rows read so far, while the next page is being read, stays flung (no rows)
 * until the page is in, at most this long: it is about to move on, and rows drawn for the few frames in between
 * would cost those frames the work of a whole view of rows.
 */
const HOLD_MS = 1000;

/** «осталось 1 ч 05 мин» / «просрочено на 12 мин 03 с», coloured by state, from one ticking clock. */
function Countdown({
  incident,
  now,
  text,
  language,
}: {
  incident: QueueRow;
  now: number;
  text: DeskMessages;
  language: "ru" | "en";
}): ReactElement {
  const { tone, minutes } = deadline(incident, now);
  const span = minutes === null ? "" : formatSpan(Math.abs(minutes) * 60, language);
  return (
    <span className={`deadline tone-${tone}`}>
      <span className="tone-label">{text.tones[tone]}</span>
      {minutes !== null && incident.dueAt && (
        <time dateTime={incident.dueAt}>{minutes < 0 ? text.overdueBy(span) : text.leftSpan(span)}</time>
      )}
    </span>
  );
}

interface RowProps {
  incident: QueueRow;
  index: number;
  selected: boolean;
  selectable: boolean;
  now: number;
  departmentName: string;
  text: DeskMessages;
  language: "ru" | "en";
  timeZone: string;
  onToggle: (id: string) => void;
}

const TableRow = memo(function TableRow({
  incident,
  index,
  selected,
  selectable,
  now,
  departmentName,
  text,
  language,
  timeZone,
  onToggle,
}: RowProps): ReactElement {
  return (
    <tr
      aria-rowindex={index + 2}
      data-testid={`incident-${incident.number}`}
      className={selected ? "selected" : undefined}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
    >
      <td className="col-select">
        {selectable && (
          <input
            type="checkbox"
            checked={selected}
            onChange={() => onToggle(incident.id)}
            aria-label={text.select(incident.number)}
          />
        )}
      </td>
      <th scope="row" className="col-number">
        <Link href={`/${incident.id}`}>{incident.number}</Link>
        {incident.urgent && <span className="badge urgent">{text.urgent}</span>}
      </th>
      <td className="col-text" title={incident.text}>
        {incident.text}
      </td>
      <td>{nameOf(text.categories, incident.category)}</td>
      <td>{departmentName}</td>
      <td>{text.statuses[incident.status] ?? incident.status}</td>
      <td>
        {nameOf(text.channels, incident.channel)}
        {incident.sourceNetwork && incident.sourceNetwork !== incident.channel
          ? ` · ${nameOf(text.channels, incident.sourceNetwork)}`
          : ""}
      </td>
      <td>
        <time dateTime={incident.receivedAt}>
          {formatShortMoment(incident.receivedAt, language, timeZone)}
        </time>
      </td>
      <td>
        <Countdown incident={incident} now={now} text={text} language={language} />
      </td>
    </tr>
  );
});

/** True when `rows` only adds rows after those of `previous` (a page read on), each row the same object. */
function appendsTo(previous: readonly QueueRow[], rows: readonly QueueRow[]): boolean {
  if (previous.length > rows.length) return false;
  for (let index = 0; index < previous.length; index += 1) if (previous[index] !== rows[index]) return false;
  return true;
}

interface BodyProps {
  rows: readonly QueueRow[];
  /** The table's scrolling region, once mounted. */
  scrollElement: HTMLElement | null;
  selected: ReadonlySet<string>;
  selectable: boolean;
  departmentNames: ReadonlyMap<string, string>;
  text: DeskMessages;
  language: "ru" | "en";
  timeZone: string;
  onToggle: (id: string) => void;
  /** Told whether the rows in view are near the end of those loaded (to read the next page). */
  onNearEnd: (near: boolean) => void;
  /** The next page is being read. */
  readingMore: boolean;
}

/**
 * The table's rows, virtualised. Its own component, so that a scroll re-renders these rows only, not the
 * screen around them; the countdowns' clock ticks here, and stands still while the table is scrolled (the
 * rows in view change every frame then; the countdowns catch up when the scroll stops).
 */
const QueueBody = memo(function QueueBody({
  rows,
  scrollElement,
  selected,
  selectable,
  departmentNames,
  text,
  language,
  timeZone,
  onToggle,
  onNearEnd,
  readingMore,
}: BodyProps): ReactElement {
  const ticking = useNow(1000);
  const view = useViewState(scrollElement);
  // Few rows beyond the view: each is work in the frame that shows it.
  const shown = rowWindow(view.offset, view.height, rows.length, ROW_HEIGHT, OVERSCAN_ROWS);
  const scrolling = view.scrolling;
  const clock = useRef(ticking);
  if (!scrolling) clock.current = ticking;

  // Flung: the view moved by more than its height since the rows were last drawn, so none of them is still
  // in view and the new ones pass too fast to be read; no rows are drawn then (the ruled background and where
  // the view is, in its middle), and the rows are drawn once the scroll slows down, or SETTLE_MS after it stops.
  // A render that did not move the view (a page read, a live change) keeps the table flung while it was
  // flung less than SETTLE_MS ago: drawing a view of rows for one frame, between two flung frames, would cost
  // that frame the work of all its rows.
  // Flung into the end of the rows read so far while the next page is on its way, it stays flung until the
  // page is in (HOLD_MS at most), and SETTLE_MS after.
  const nearEnd = shown.last >= rows.length - PREFETCH_ROWS;
  const offset = view.offset;
  const drawnOffset = useRef(offset);
  /** When a flung view last moved; when it was last drawn flung; whether it was held at the end. */
  const flungAt = useRef<number | undefined>(undefined);
  const flungDrawnAt = useRef<number | undefined>(undefined);
  const held = useRef(false);
  const renderedAt = performance.now();
  const moved = offset !== drawnOffset.current;
  const holding =
    readingMore && nearEnd && flungAt.current !== undefined && renderedAt - flungAt.current < HOLD_MS;
  const flung =
    holding ||
    (moved
      ? scrolling && Math.abs(offset - drawnOffset.current) > view.height
      : held.current ||
        (flungDrawnAt.current !== undefined && renderedAt - flungDrawnAt.current < SETTLE_MS));
  const [, settle] = useReducer((count: number) => count + 1, 0);
  useLayoutEffect(() => {
    drawnOffset.current = offset;
    held.current = holding;
    if (!flung) {
      flungAt.current = undefined;
      flungDrawnAt.current = undefined;
      return;
    }
    const at = performance.now();
    if (moved || flungAt.current === undefined) flungAt.current = at;
    flungDrawnAt.current = at;
    const wait = holding ? flungAt.current + HOLD_MS - at : SETTLE_MS;
    const timer = setTimeout(settle, Math.max(0, wait) + 1);
    return () => clearTimeout(timer);
  });
  const now = clock.current;

  // A live change above the rows in view must not push them down: keep the first row in view where it was.
  // Rows only added after the others (the next page read) move nothing: no need to read the scroll position
  // (a forced layout in the middle of a scroll).
  const shownRows = useRef(rows);
  useLayoutEffect(() => {
    const previous = shownRows.current;
    shownRows.current = rows;
    const region = scrollElement;
    if (!region || previous === rows || appendsTo(previous, rows) || region.scrollTop <= 0) return;
    const first = Math.floor(region.scrollTop / ROW_HEIGHT);
    const anchor = previous[first];
    if (!anchor || rows[first]?.id === anchor.id) return;
    const moved = rows.findIndex((incident) => incident.id === anchor.id);
    if (moved >= 0) region.scrollTop += (moved - first) * ROW_HEIGHT;
  }, [rows, scrollElement]);

  useEffect(() => onNearEnd(nearEnd), [nearEnd, onNearEnd]);

  if (flung) {
    // Flung past faster than a row can be read: no rows at all, only the ruled background and, in the middle of
    // the view, where the view is. A frame then changes one line of text, not some thirty rows.
    const middle = Math.min(rows.length - 1, Math.floor((offset + view.height / 2) / ROW_HEIGHT));
    const incident = rows[Math.max(0, middle)];
    return (
      <tbody className="flung" style={{ height: rows.length * ROW_HEIGHT }} data-testid="queue-flung">
        {incident && (
          <tr
            className="flung-marker"
            style={{ transform: `translateY(${Math.max(0, offset + view.height / 2 - ROW_HEIGHT)}px)` }}
          >
            <td>
              <span aria-hidden="true">{text.flungPosition(middle + 1, rows.length, incident.number)}</span>
            </td>
          </tr>
        )}
      </tbody>
    );
  }
  return (
    <tbody style={{ height: rows.length * ROW_HEIGHT }}>
      {rows.slice(shown.first, shown.last + 1).map((incident, place) => {
        const index = shown.first + place;
        return (
          <TableRow
            key={incident.id}
            incident={incident}
            index={index}
            selected={selected.has(incident.id)}
            selectable={selectable}
            now={now}
            departmentName={
              incident.departmentId ? (departmentNames.get(incident.departmentId) ?? "…") : text.noDepartment
            }
            text={text}
            language={language}
            timeZone={timeZone}
            onToggle={onToggle}
          />
        );
      })}
    </tbody>
  );
});

// Memoised: the screen re-renders on each page read and each live change; the filter form has no reason to follow.
const FilterForm = memo(function FilterForm({
  filter,
  text,
  departments,
  onApply,
}: {
  filter: QueueFilter;
  text: DeskMessages;
  departments: { value: string; label: string }[];
  onApply: (filter: QueueFilter) => void;
}): ReactElement {
  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onApply({
      status: textOf(form, "status"),
      departmentId: textOf(form, "departmentId"),
      category: textOf(form, "category"),
      channel: textOf(form, "channel"),
      slaState: textOf(form, "slaState"),
      q: textOf(form, "q"),
      from: textOf(form, "from"),
      to: textOf(form, "to"),
      dueWithinHour: filter.dueWithinHour,
    });
  }
  return (
    <form
      key={JSON.stringify(filter)}
      onSubmit={submit}
      aria-labelledby="queue-filter-heading"
      className="filter-form"
    >
      <h2 id="queue-filter-heading" className="visually-hidden">
        {text.filters}
      </h2>
      <IncidentFilterFields idPrefix="queue" filter={filter} text={text} departments={departments} />
      <SelectField
        id="queue-channel"
        name="channel"
        label={text.channel}
        emptyLabel={text.any}
        defaultValue={filter.channel}
        choices={CHANNELS.map((channel) => ({ value: channel, label: nameOf(text.channels, channel) }))}
      />
      <SelectField
        id="queue-sla"
        name="slaState"
        label={text.slaState}
        emptyLabel={text.any}
        defaultValue={filter.slaState}
        choices={SLA_STATES.map((state) => ({ value: state, label: text.slaStates[state] }))}
      />
      <TextField id="queue-from" name="from" type="date" label={text.periodFrom} defaultValue={filter.from} />
      <TextField id="queue-to" name="to" type="date" label={text.periodTo} defaultValue={filter.to} />
      <TextField
        id="queue-q"
        name="q"
        type="search"
        label={text.text}
        hint={text.textHint}
        defaultValue={filter.q}
        maxLength={200}
        autoComplete="off"
      />
      <div className="form-actions">
        <button type="submit" className="primary">
          {text.apply}
        </button>
        <button type="button" onClick={() => onApply({})}>
          {text.reset}
        </button>
      </div>
    </form>
  );
});

/** The incident queue: filters, ready-made and saved views, a virtualised table with live countdowns, bulk assignment. */
export default function QueueScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = deskMessages(language);
  const { user, permissions } = useSession();
  const timeZone = useCityTimeZone();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(searchParams), [searchParams]);
  const liveState = useLiveIncidents();
  const queue = useIncidentQueue(filter, liveState === "live");
  const departments = useAllDepartments();
  // The minute is enough here («due within the hour»): the screen does not re-render every second.
  const minute = useMinute();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [views, setViews] = useState<StoredView[]>(storedViews);
  const [notice, setNotice] = useState("");
  const [bulkError, setBulkError] = useState("");
  const [assigning, setAssigning] = useState(false);
  const scrollRef = useRef<HTMLElement | null>(null);
  // The region as state too: the table's rows follow its scrolling from the commit that mounts it.
  const [scrollElement, setScrollElement] = useState<HTMLElement | null>(null);
  const attachScroll = useCallback((element: HTMLElement | null) => {
    scrollRef.current = element;
    setScrollElement(element);
  }, []);

  const canAssign = permissions.includes("incident:route") || permissions.includes("incident:reassign");
  const departmentNames = useMemo(
    () => new Map((departments.data?.items ?? []).map((department) => [department.id, department.shortName])),
    [departments.data],
  );
  const departmentChoices = useMemo(
    () =>
      (departments.data?.items ?? []).map((department) => ({
        value: department.id,
        label: department.shortName,
      })),
    [departments.data],
  );

  const loaded = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data]);
  const clientFiltered = hasClientFilters(filter);
  const rows = useMemo(
    () =>
      clientFiltered
        ? loaded.filter((incident) => matchesClientFilter(incident, filter, minute, timeZone))
        : loaded,
    [loaded, clientFiltered, filter, minute, timeZone],
  );

  const [nearEnd, setNearEnd] = useState(false);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = queue;
  const wantMore = clientFiltered
    ? needsMorePages(filter, loaded, minute)
    : loaded.length < BACKGROUND_ROWS || nearEnd;
  useEffect(() => {
    if (wantMore && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [wantMore, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // A new filter starts a new selection and scrolls back to the top.
  const filterKey = JSON.stringify(searchFromFilter(filter));
  useEffect(() => {
    setSelected(new Set());
    scrollRef.current?.scrollTo({ top: 0 });
    void filterKey;
  }, [filterKey]);

  const applyLatest = useRef((next: QueueFilter) => setSearchParams(searchFromFilter(next)));
  applyLatest.current = (next: QueueFilter) => setSearchParams(searchFromFilter(next));
  // One function for the screen's life, so the memoised filter form is not re-rendered by a scroll.
  const apply = useCallback((next: QueueFilter) => applyLatest.current(next), []);
  const view = currentView(filter, user.departmentId);
  const toggle = useMemo(
    () => (id: string) =>
      setSelected((previous) => {
        const next = new Set(previous);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );

  async function assignSelected(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const departmentKey = textOf(new FormData(event.currentTarget), "departmentKey");
    setNotice("");
    setBulkError("");
    if (!departmentKey) {
      setBulkError(text.chooseDepartment);
      return;
    }
    const chosen = loaded.filter((incident) => selected.has(incident.id));
    setAssigning(true);
    const outcomes = await settleAll(chosen, 4, (incident) =>
      api.post(`/api/v1/incidents/${encodeURIComponent(incident.id)}/transitions`, {
        type: "assign",
        departmentKey,
        expectedVersion: incident.version,
      }),
    );
    setAssigning(false);
    const failures = outcomes.flatMap((outcome, index) =>
      outcome.status === "rejected"
        ? [`${chosen[index]?.number}: ${errorMessage(outcome.reason, language)}`]
        : [],
    );
    setNotice(text.bulkDone(outcomes.length - failures.length, failures.length));
    setBulkError(failures.join("; "));
    setSelected(
      new Set(chosen.filter((_, index) => outcomes[index]?.status === "rejected").map((item) => item.id)),
    );
    await queryClient.invalidateQueries({ queryKey: ["incidents"] });
  }

  function saveCurrent(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = event.currentTarget;
    const name = textOf(new FormData(form), "name");
    if (!name) return;
    setViews(saveView({ name: name.slice(0, 60), search: searchFromFilter(filter) }));
    form.reset();
  }

  const readyViews: SavedViewId[] = user.departmentId
    ? ["my-department", "due-next-hour", "breached"]
    : ["due-next-hour", "breached"];
  const allShownSelected = rows.length > 0 && rows.every((incident) => selected.has(incident.id));

  return (
    <section className="panel wide queue">
      <PageHeading>{text.queueHeading}</PageHeading>
      <nav aria-label={text.views} className="views">
        <ul>
          <li>
            <button type="button" aria-pressed={filterKey === "{}"} onClick={() => apply({})}>
              {text.allIncidents}
            </button>
          </li>
          {readyViews.map((id) => (
            <li key={id}>
              <button
                type="button"
                aria-pressed={view === id}
                onClick={() => apply(savedViewFilter(id, user.departmentId))}
              >
                {text.viewNames[id]}
              </button>
            </li>
          ))}
          {views.map((stored) => (
            <li key={stored.name} className="stored-view">
              <button
                type="button"
                aria-pressed={JSON.stringify(stored.search) === filterKey}
                onClick={() => setSearchParams(stored.search)}
              >
                {stored.name}
              </button>
              <button
                type="button"
                className="quiet"
                aria-label={text.deleteView(stored.name)}
                onClick={() => setViews(deleteView(stored.name))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <FilterForm filter={filter} text={text} departments={departmentChoices} onApply={apply} />
      <form onSubmit={saveCurrent} className="inline-form" aria-label={text.saveView}>
        <TextField id="queue-view-name" name="name" label={text.viewName} maxLength={60} autoComplete="off" />
        <button type="submit">{text.saveView}</button>
      </form>

      {canAssign && (
        <form
          className="bulk-bar"
          aria-label={text.bulkAssign}
          onSubmit={(event) => void assignSelected(event)}
        >
          <span>{text.selected(selected.size)}</span>
          <SelectField
            id="bulk-department"
            name="departmentKey"
            label={text.bulkDepartment}
            emptyLabel={text.chooseDepartment}
            choices={departmentChoices}
          />
          <button type="submit" className="primary" disabled={selected.size === 0 || assigning}>
            {text.bulkAssign}
          </button>
        </form>
      )}
      <FormStatus>{notice}</FormStatus>
      {bulkError && (
        <p role="alert" className="form-alert">
          {bulkError}
        </p>
      )}

      <p className="queue-meta">
        <span data-testid="queue-count">{text.shown(rows.length)}</span>
        {" · "}
        <span>
          {queue.isFetchingNextPage
            ? text.loadingMore
            : queue.hasNextPage
              ? text.moreAvailable
              : text.allLoaded}
        </span>
        {" · "}
        <span
          role="status"
          aria-live="polite"
          className={`live-status live-${liveState}`}
          data-testid="live-status"
        >
          {text.live[liveState]}
        </span>
        {queue.dataUpdatedAt > 0 && (
          <>
            {" · "}
            {text.updatedAt}{" "}
            <time dateTime={new Date(queue.dataUpdatedAt).toISOString()}>
              {formatMoment(new Date(queue.dataUpdatedAt).toISOString(), language, timeZone).slice(-8)}
            </time>
          </>
        )}
      </p>
      {clientFiltered && <p className="hint">{text.clientFilterNote}</p>}

      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <LoadFailed error={queue.error} onRetry={() => void queue.refetch()} />
      ) : rows.length === 0 && !queue.hasNextPage ? (
        <p>{text.nothing}</p>
      ) : (
        <section
          className="queue-scroll"
          ref={attachScroll}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
          tabIndex={0}
          aria-label={text.tableLabel}
        >
          <table className="queue-table" aria-rowcount={rows.length + 1} data-testid="incident-queue">
            <caption className="visually-hidden">{text.tableLabel}</caption>
            <thead>
              <tr aria-rowindex={1}>
                <th scope="col" className="col-select">
                  {canAssign && (
                    <input
                      type="checkbox"
                      aria-label={text.selectAll}
                      checked={allShownSelected}
                      onChange={() =>
                        setSelected(
                          allShownSelected ? new Set() : new Set(rows.map((incident) => incident.id)),
                        )
                      }
                    />
                  )}
                </th>
                <th scope="col" className="col-number">
                  {text.number}
                </th>
                <th scope="col" className="col-text">
                  {text.text}
                </th>
                <th scope="col">{text.category}</th>
                <th scope="col">{text.department}</th>
                <th scope="col">{text.status}</th>
                <th scope="col">{text.channel}</th>
                <th scope="col">{text.received}</th>
                <th scope="col" aria-sort="ascending">
                  {text.deadline}
                </th>
              </tr>
            </thead>
            <QueueBody
              rows={rows}
              scrollElement={scrollElement}
              selected={selected}
              selectable={canAssign}
              departmentNames={departmentNames}
              text={text}
              language={language}
              timeZone={timeZone}
              onToggle={toggle}
              onNearEnd={setNearEnd}
              readingMore={isFetchingNextPage}
            />
          </table>
        </section>
      )}
    </section>
  );
}
