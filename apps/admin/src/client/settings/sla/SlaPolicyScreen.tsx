import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useEffect, useState } from "react";
import { ApiError, errorMessage, localise } from "../../api/api-client.js";
import { FormAlert, FormStatus, TextField } from "../../forms/fields.js";
import type { Language } from "../../i18n/messages.js";
import { useLanguage } from "../../language/language.js";
import { isoToLocalInput, localInputToIso } from "../../newsroom/calendar-model.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import { calendarName, type SlaMessages, slaMessages } from "./sla-messages.js";
import {
  type PolicyVersion,
  type Preview,
  parseDraft,
  policyText,
  SLA_KEY,
  wallClockLabel,
} from "./sla-model.js";
import "./sla.css";

const PREVIEW_DELAY_MS = 300;
const POLICY_PATH = "/api/v1/settings/sla/policy";

function useSettled<Value>(value: Value, delay: number): Value {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** The problems of a refused policy, by path, in the interface's language. */
function Problems({
  error,
  jsonError,
  text,
  language,
}: {
  error: unknown;
  jsonError: string | undefined;
  text: SlaMessages;
  language: Language;
}): ReactElement {
  const details = error instanceof ApiError && error.code === "validation_failed" ? error.details : [];
  return (
    <div id="sla-policy-problems" className="sla-problems" aria-live="polite" data-testid="policy-problems">
      {jsonError ? (
        <p className="field-error">{text.jsonBroken(jsonError)}</p>
      ) : details.length > 0 ? (
        <>
          <p className="field-error">{text.problemsHeading}:</p>
          <ul>
            {details.map((detail) => (
              <li key={`${detail.path.join(".")}-${detail.message}`} className="field-error">
                <code>{detail.path.join(".")}</code>: {localise(detail.message, language)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The preview's incident: kept by the screen, so a saved version (a new editor) previews the same case. */
interface PreviewCase {
  received: string;
  category: string;
  channel: string;
  urgent: boolean;
}

function PolicyEditor({
  current,
  versions,
  previewCase,
  onPreviewCase,
}: {
  current: PolicyVersion;
  versions: PolicyVersion[];
  previewCase: PreviewCase;
  onPreviewCase: (change: Partial<PreviewCase>) => void;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = slaMessages(language);
  const timeZone = useCityTimeZone();
  const [draft, setDraft] = useState(() => policyText(current.policy));
  const [note, setNote] = useState("");
  const [status, setStatus] = useState<string>();
  const { received, category, channel, urgent } = previewCase;

  const settledDraft = useSettled(draft, PREVIEW_DELAY_MS);
  const parsed = parseDraft(settledDraft);
  const jsonError = "error" in parsed ? parsed.error : undefined;
  const receivedAt = localInputToIso(received, timeZone);
  const request =
    "policy" in parsed && receivedAt
      ? {
          policy: parsed.policy,
          receivedAt,
          urgent,
          ...(category.trim() ? { category: category.trim() } : {}),
          ...(channel.trim() ? { channel: channel.trim() } : {}),
        }
      : undefined;
  const preview = useQuery({
    queryKey: [...SLA_KEY, "preview", settledDraft, receivedAt, category.trim(), channel.trim(), urgent],
    queryFn: () => api.post<Preview>(`${POLICY_PATH}/preview`, request),
    enabled: request !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const save = useMutation({
    mutationFn: () => {
      const body = parseDraft(draft);
      if ("error" in body) throw new Error(text.jsonBroken(body.error));
      return api.post<PolicyVersion>(`${POLICY_PATH}/versions`, {
        policy: body.policy,
        expectedVersion: current.version,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
    },
    onSuccess: async (saved) => {
      setStatus(text.savedVersion(saved.version));
      setNote("");
      await queryClient.invalidateQueries({ queryKey: SLA_KEY });
    },
  });

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setStatus(undefined);
    save.mutate();
  }

  const problemsError = save.error instanceof ApiError ? save.error : preview.error;
  return (
    <>
      <form onSubmit={submit} aria-labelledby="sla-editor-heading" noValidate className="sla-editor">
        <h2 id="sla-editor-heading">{text.editorHeading}</h2>
        <div className="field">
          <label htmlFor="sla-policy-json">{text.editorLabel}</label>
          <span id="sla-policy-hint" className="hint">
            {text.editorHint}
          </span>
          <textarea
            id="sla-policy-json"
            className="sla-json"
            value={draft}
            rows={22}
            spellCheck={false}
            lang="en"
            aria-describedby="sla-policy-hint sla-policy-problems"
            aria-invalid={jsonError || preview.isError ? true : undefined}
            onChange={(event) => setDraft(event.target.value)}
          />
        </div>
        <Problems error={problemsError} jsonError={jsonError} text={text} language={language} />
        <TextField
          id="sla-policy-note"
          label={text.note}
          value={note}
          maxLength={500}
          onChange={(event) => setNote(event.target.value)}
        />
        <FormAlert>
          {save.error && !(save.error instanceof ApiError && save.error.code === "validation_failed")
            ? save.error instanceof ApiError
              ? errorMessage(save.error, language)
              : save.error.message
            : undefined}
        </FormAlert>
        <FormStatus>{status}</FormStatus>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {text.saveVersion}
          </button>
        </div>
      </form>
      <section aria-labelledby="sla-preview-heading" className="card sla-preview" data-testid="sla-preview">
        <h2 id="sla-preview-heading">{text.previewHeading}</h2>
        <p className="hint">{text.previewIntro}</p>
        <div className="sla-preview-inputs">
          <TextField
            id="sla-preview-received"
            type="datetime-local"
            label={text.receivedAt}
            value={received}
            onChange={(event) => onPreviewCase({ received: event.target.value })}
          />
          <TextField
            id="sla-preview-category"
            label={text.category}
            hint={text.categoryHint}
            value={category}
            maxLength={64}
            onChange={(event) => onPreviewCase({ category: event.target.value })}
          />
          <TextField
            id="sla-preview-channel"
            label={text.channel}
            value={channel}
            maxLength={32}
            onChange={(event) => onPreviewCase({ channel: event.target.value })}
          />
          <label className="checkbox">
            <input
              id="sla-preview-urgent"
              type="checkbox"
              checked={urgent}
              onChange={(event) => onPreviewCase({ urgent: event.target.checked })}
            />
            {text.urgent}
          </label>
        </div>
        {preview.data ? (
          <table data-testid="preview-table" aria-busy={preview.isFetching}>
            <caption className="visually-hidden">{text.previewCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{text.metric}</th>
                <th scope="col">{text.rule}</th>
                <th scope="col">{text.calendarColumn}</th>
                <th scope="col">{text.due}</th>
              </tr>
            </thead>
            <tbody>
              {preview.data.metrics.map((metric) => (
                <tr key={metric.metric} data-metric={metric.metric}>
                  <th scope="row">{text.metricNames[metric.metric] ?? metric.metric}</th>
                  <td lang="en">{metric.rule}</td>
                  <td>{calendarName(text, metric.calendar)}</td>
                  <td data-due-local={metric.dueAtLocal ?? ""}>
                    {metric.dueAtLocal ? wallClockLabel(metric.dueAtLocal) : text.noDeadline}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : preview.isFetching ? (
          <Loading />
        ) : null}
      </section>
      <section aria-labelledby="sla-versions-heading">
        <h2 id="sla-versions-heading">{text.versionsHeading}</h2>
        <ol className="plain-list sla-versions" data-testid="policy-versions">
          {versions.map((version) => (
            <li key={version.version} data-version={version.version}>
              <p className="queue-meta">
                <strong>{text.versionLabel(version.version)}</strong>
                {version.current ? ` · ${text.currentMark}` : ""}
                {version.version === 1 ? ` · ${text.configured}` : ""}
                {version.createdAt ? (
                  <>
                    {" · "}
                    <time dateTime={version.createdAt}>
                      {formatMoment(version.createdAt, language, timeZone)}
                    </time>
                  </>
                ) : null}
                {version.note ? ` · ${version.note}` : ""}
              </p>
              <button
                type="button"
                aria-label={`${text.openVersion}: ${text.versionLabel(version.version)}`}
                onClick={() => {
                  setDraft(policyText(version.policy));
                  document.getElementById("sla-policy-json")?.focus();
                }}
              >
                {text.openVersion}
              </button>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** The SLA policy: the JSON editor with its validation, a live preview of the deadlines and the versions. */
export default function SlaPolicyScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = slaMessages(language);
  const timeZone = useCityTimeZone();
  const [previewCase, setPreviewCase] = useState<PreviewCase>(() => ({
    received: isoToLocalInput(new Date().toISOString(), timeZone).slice(0, 16),
    category: "",
    channel: "",
    urgent: false,
  }));
  const versions = useQuery({
    queryKey: [...SLA_KEY, "versions"],
    queryFn: () => api.get<{ items: PolicyVersion[] }>(`${POLICY_PATH}/versions`),
  });
  const current = versions.data?.items.find((version) => version.current);
  return (
    <section className="panel wide">
      <PageHeading>{text.policyHeading}</PageHeading>
      <p>{text.policyIntro}</p>
      {versions.isPending ? (
        <Loading />
      ) : versions.isError ? (
        <LoadFailed error={versions.error} onRetry={() => void versions.refetch()} />
      ) : current ? (
        <>
          <p data-testid="current-version">
            <strong>{text.currentVersion(current.version)}</strong>
          </p>
          <PolicyEditor
            key={current.version}
            current={current}
            versions={versions.data.items}
            previewCase={previewCase}
            onPreviewCase={(change) => setPreviewCase((before) => ({ ...before, ...change }))}
          />
        </>
      ) : null}
    </section>
  );
}
