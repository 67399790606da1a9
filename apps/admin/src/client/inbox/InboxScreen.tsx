import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactElement, useEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { errorMessage } from "../api/api-client.js";
import type { Page } from "../api/identity.js";
import {
  DISMISS_REASONS,
  type DismissReason,
  type InboxDecision,
  type InboxItem,
  type IncidentDetail,
} from "../api/incidents.js";
import { FormAlert, FormStatus } from "../forms/fields.js";
import { deskMessages, nameOf } from "../incidents/desk-messages.js";
import { keyWords, useInbox, useSimilarIncidents } from "../incidents/desk-queries.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatMoment } from "../time/format-instant.js";

type Mode = "idle" | "continuation" | "dismiss";

/** A key typed into a field is the field's, not a shortcut. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function safeUrl(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The inbox of the social pages: one message at a time, decided by keyboard — N registers a new incident,
 * C joins it to an open one, D and a digit dismiss it with a reason; J/K or the arrows move between messages.
 */
export default function InboxScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = deskMessages(language);
  const timeZone = useCityTimeZone();
  const inbox = useInbox();
  const [currentId, setCurrentId] = useState<string | undefined>();
  const [mode, setMode] = useState<Mode>("idle");
  const [search, setSearch] = useState("");
  const [target, setTarget] = useState("");
  const [outcome, setOutcome] = useState<{ message: string; incidentId?: string }>({ message: "" });
  const searchField = useRef<HTMLInputElement>(null);
  const dismissGroup = useRef<HTMLFieldSetElement>(null);
  const detailHeading = useRef<HTMLHeadingElement>(null);

  const items = inbox.data?.items ?? [];
  const index = Math.max(
    0,
    items.findIndex((item) => item.id === currentId),
  );
  const current: InboxItem | undefined = items[index];
  const similar = useSimilarIncidents(mode === "continuation" ? search : undefined);

  const decide = useMutation({
    mutationFn: ({ item, decision }: { item: InboxItem; decision: InboxDecision }) =>
      api.post<InboxItem>(`/api/v1/inbox/${encodeURIComponent(item.id)}/decide`, decision),
    onSuccess: async (decided, { item }) => {
      // The decided message leaves the list at once; the next one takes its place.
      const position = items.findIndex((candidate) => candidate.id === item.id);
      const rest = items.filter((candidate) => candidate.id !== item.id);
      queryClient.setQueryData<Page<InboxItem>>(["inbox"], (page) =>
        page ? { ...page, items: rest } : page,
      );
      setCurrentId(rest[Math.min(position, rest.length - 1)]?.id);
      setMode("idle");
      if (decided.decision === "incident" && decided.incidentId) {
        const incident = await api
          .get<IncidentDetail>(`/api/v1/incidents/${encodeURIComponent(decided.incidentId)}`)
          .catch(() => undefined);
        setOutcome({
          message: text.decidedIncident(incident?.number ?? decided.incidentId),
          incidentId: decided.incidentId,
        });
      } else if (decided.decision === "continuation" && decided.incidentId) {
        setOutcome({ message: text.decidedContinuation, incidentId: decided.incidentId });
      } else {
        setOutcome({ message: text.decidedDismissed });
      }
      await queryClient.invalidateQueries({ queryKey: ["incidents"] });
      detailHeading.current?.focus();
    },
  });

  function run(decision: InboxDecision): void {
    if (!current || decide.isPending) return;
    setOutcome({ message: "" });
    decide.mutate({ item: current, decision });
  }

  function startContinuation(): void {
    if (!current) return;
    setMode("continuation");
    setSearch(keyWords(current.text));
    setTarget("");
  }

  // Focus follows the chosen mode: the search field for a continuation, the reasons for a dismissal.
  useEffect(() => {
    if (mode === "continuation") searchField.current?.focus();
    if (mode === "dismiss") dismissGroup.current?.querySelector("button")?.focus();
  }, [mode]);

  // The shortcuts, read from the whole page while the inbox is open.
  const latest = useRef({ items, index, mode, current });
  latest.current = { items, index, mode, current };
  useEffect(() => {
    function onKey(event: KeyboardEvent): void {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const state = latest.current;
      if (event.key === "Escape" && state.mode !== "idle") {
        setMode("idle");
        event.preventDefault();
        return;
      }
      if (typingInField(event.target)) return;
      const move = (step: number) => {
        const next = state.items[Math.min(state.items.length - 1, Math.max(0, state.index + step))];
        if (next) {
          setCurrentId(next.id);
          setMode("idle");
        }
      };
      switch (event.key) {
        case "ArrowDown":
        case "j":
        case "J":
          move(1);
          break;
        case "ArrowUp":
        case "k":
        case "K":
          move(-1);
          break;
        case "n":
        case "N":
          run({ decision: "incident" });
          break;
        case "c":
        case "C":
          startContinuation();
          break;
        case "d":
        case "D":
          if (state.current) setMode("dismiss");
          break;
        default: {
          const reason = DISMISS_REASONS[Number(event.key) - 1];
          if (state.mode === "dismiss" && reason) run({ decision: "dismissed", reason });
          else return;
        }
      }
      event.preventDefault();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  const itemLabel = (item: InboxItem) =>
    `${nameOf(text.channels, item.channel)} · ${item.authorName ?? text.anonymous} · ${formatMoment(item.receivedAt, language, timeZone)}`;

  return (
    <section className="panel wide inbox">
      <PageHeading>{text.inboxHeading}</PageHeading>
      <p>{text.inboxIntro}</p>
      <section aria-labelledby="shortcuts-heading" className="shortcuts">
        <h2 id="shortcuts-heading" className="visually-hidden">
          {text.shortcuts}
        </h2>
        <ul>
          {text.shortcutList.map(([keys, meaning]) => (
            <li key={keys}>
              <kbd>{keys}</kbd> {meaning}
            </li>
          ))}
        </ul>
      </section>
      <FormStatus>
        {outcome.message}
        {outcome.incidentId && (
          <>
            {" "}
            <Link href={`~/incidents/${outcome.incidentId}`}>{text.openIncident}</Link>
          </>
        )}
      </FormStatus>
      <FormAlert>{decide.error ? errorMessage(decide.error, language) : undefined}</FormAlert>
      {inbox.isPending ? (
        <Loading />
      ) : inbox.isError ? (
        <LoadFailed error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : items.length === 0 ? (
        <p data-testid="inbox-empty">{text.inboxEmpty}</p>
      ) : (
        <div className="inbox-columns">
          <nav aria-label={text.inboxList}>
            <ol className="inbox-list" data-testid="inbox-list">
              {items.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    aria-current={item.id === current?.id ? "true" : undefined}
                    onClick={() => {
                      setCurrentId(item.id);
                      setMode("idle");
                    }}
                  >
                    <span className="inbox-meta">{itemLabel(item)}</span>
                    <span className="inbox-snippet">{item.text.slice(0, 120)}</span>
                  </button>
                </li>
              ))}
            </ol>
          </nav>
          {current && (
            <article
              className="card inbox-item"
              aria-labelledby="inbox-item-heading"
              data-testid="inbox-current"
            >
              <h2 id="inbox-item-heading" ref={detailHeading} tabIndex={-1}>
                {itemLabel(current)}
              </h2>
              <blockquote className="original pre-wrap">{current.text}</blockquote>
              <p className="hint">
                {current.edited && `${text.edited}. `}
                {current.deleted && `${text.deleted}. `}
                {safeUrl(current.url) && (
                  <a href={safeUrl(current.url)} rel="noreferrer noopener" target="_blank">
                    {text.openOriginal}
                  </a>
                )}
              </p>
              <div className="form-actions">
                <button
                  type="button"
                  className="primary"
                  onClick={() => run({ decision: "incident" })}
                  disabled={decide.isPending}
                >
                  {text.newIncident} <kbd>N</kbd>
                </button>
                <button type="button" onClick={startContinuation} aria-expanded={mode === "continuation"}>
                  {text.continuation} <kbd>C</kbd>
                </button>
                <button type="button" onClick={() => setMode("dismiss")} aria-expanded={mode === "dismiss"}>
                  {text.dismiss} <kbd>D</kbd>
                </button>
              </div>
              {mode === "continuation" && (
                <form
                  className="sub-form"
                  aria-label={text.continuationOf}
                  onSubmit={(event) => {
                    event.preventDefault();
                    if (target) run({ decision: "continuation", incidentId: target });
                  }}
                >
                  <div className="field">
                    <label htmlFor="inbox-search">{text.findIncident}</label>
                    <input
                      id="inbox-search"
                      ref={searchField}
                      type="search"
                      value={search}
                      maxLength={200}
                      onChange={(event) => setSearch(event.target.value)}
                    />
                  </div>
                  <fieldset className="field">
                    <legend>{text.chooseIncident}</legend>
                    {(similar.data ?? []).length === 0 ? (
                      <p>{similar.isFetching ? text.loadingMore : text.noDuplicates}</p>
                    ) : (
                      (similar.data ?? []).map((incident) => (
                        <label key={incident.id} className="checkbox">
                          <input
                            type="radio"
                            name="incidentId"
                            value={incident.id}
                            checked={target === incident.id}
                            onChange={() => setTarget(incident.id)}
                          />
                          {incident.number} — {incident.text.slice(0, 100)}
                        </label>
                      ))
                    )}
                  </fieldset>
                  <div className="form-actions">
                    <button type="submit" className="primary" disabled={!target || decide.isPending}>
                      {text.join}
                    </button>
                    <button type="button" onClick={() => setMode("idle")}>
                      {text.cancel}
                    </button>
                  </div>
                </form>
              )}
              {mode === "dismiss" && (
                <fieldset className="field sub-form" ref={dismissGroup}>
                  <legend>{text.dismissReason}</legend>
                  {DISMISS_REASONS.map((reason: DismissReason, position) => (
                    <button
                      key={reason}
                      type="button"
                      onClick={() => run({ decision: "dismissed", reason })}
                      disabled={decide.isPending}
                    >
                      <kbd>{position + 1}</kbd> {text.dismissReasons[reason]}
                    </button>
                  ))}
                </fieldset>
              )}
            </article>
          )}
        </div>
      )}
    </section>
  );
}
