import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../api/api-client.js";
import { FormAlert, FormStatus } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { usePeople } from "../settings/organisation/organisation-queries.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatMoment } from "../time/format-instant.js";
import {
  LOCALES,
  type Locale,
  NOTIFICATION_KINDS,
  type NotificationKind,
  TEMPLATES_KEY,
  type Template,
  type TemplatePreview,
  templateVariables,
} from "./notifications-api.js";
import { kindName, notificationsMessages } from "./notifications-messages.js";
import "./notifications.css";

const PREVIEW_DELAY_MS = 300;

/** The text, once it has not changed for `delay` ms: the preview follows typing without a request per key. */
function useSettled(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

const versionsKey = (kind: string, locale: string) => [...TEMPLATES_KEY, "versions", kind, locale];

function TemplateEditor({ template, onClose }: { template: Template; onClose: () => void }): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const timeZone = useCityTimeZone();
  const people = usePeople();
  const heading = useRef<HTMLHeadingElement>(null);
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [status, setStatus] = useState<string>();
  const { kind, locale } = template;
  const path = `/api/v1/notification-templates/${encodeURIComponent(kind)}`;
  const settledSubject = useSettled(subject, PREVIEW_DELAY_MS);
  const settledBody = useSettled(body, PREVIEW_DELAY_MS);
  const draft = useMemo(
    () => ({ subject: settledSubject, body: settledBody }),
    [settledSubject, settledBody],
  );
  const filled = draft.subject.trim() !== "" && draft.body.trim() !== "";
  const preview = useQuery({
    queryKey: [...TEMPLATES_KEY, "preview", kind, locale, draft],
    queryFn: () => api.post<TemplatePreview>(`${path}/preview`, { locale, draft }),
    enabled: filled,
    placeholderData: keepPreviousData,
  });
  const versions = useQuery({
    queryKey: versionsKey(kind, locale),
    queryFn: () => api.get<{ items: Template[] }>(`${path}/${locale}/versions`),
  });
  const save = useMutation({
    mutationFn: () => api.put<Template>(`${path}/${locale}`, { subject, body }),
    onSuccess: async (saved) => {
      setStatus(text.savedVersion(saved.version));
      await queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
    },
  });

  useEffect(() => {
    heading.current?.focus();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setStatus(undefined);
    save.mutate();
  }

  const title = text.editing(kindName(text, kind), text.languages[locale]);
  const variables = templateVariables(`${template.subject} ${template.body}`);
  const author = (id: string | null) =>
    id === null ? text.builtIn : (people.data?.items.find((person) => person.id === id)?.fullName ?? id);
  return (
    <section className="card template-editor" aria-labelledby="template-editor-heading">
      <h2 id="template-editor-heading" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      <form onSubmit={submit} aria-labelledby="template-editor-heading" noValidate>
        <p id="template-variables" className="hint">
          {variables.length > 0
            ? text.variablesHint(variables.map((name) => `{${name}}`).join(", "))
            : text.noVariables}
        </p>
        <div className="field">
          <label htmlFor="template-subject">{text.subject}</label>
          <input
            id="template-subject"
            value={subject}
            maxLength={300}
            lang={locale}
            aria-describedby="template-variables"
            onChange={(event) => setSubject(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="template-body">{text.body}</label>
          <textarea
            id="template-body"
            value={body}
            rows={5}
            maxLength={10_000}
            lang={locale}
            aria-describedby="template-variables"
            onChange={(event) => setBody(event.target.value)}
          />
        </div>
        <FormAlert>{save.error ? errorMessage(save.error, language) : undefined}</FormAlert>
        <FormStatus>{status}</FormStatus>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {text.saveVersion}
          </button>
          <button type="button" onClick={onClose}>
            {text.close}
          </button>
        </div>
      </form>
      <section
        aria-labelledby="template-preview-heading"
        className="template-preview"
        data-testid="template-preview"
      >
        <h3 id="template-preview-heading">{text.preview}</h3>
        <p className="hint">{text.previewIntro}</p>
        {preview.isError ? (
          <p className="field-error" data-testid="preview-error">
            {text.previewFailed}: {errorMessage(preview.error, language)}
          </p>
        ) : !filled && !preview.data ? null : preview.data ? (
          <div lang={locale} aria-busy={preview.isFetching}>
            <p className="preview-subject" data-testid="preview-subject">
              <strong>{preview.data.subject}</strong>
            </p>
            <p className="pre-wrap" data-testid="preview-body">
              {preview.data.body}
            </p>
          </div>
        ) : (
          <Loading />
        )}
      </section>
      <section aria-labelledby="template-versions-heading">
        <h3 id="template-versions-heading">{text.versionsHeading}</h3>
        {versions.isPending ? (
          <Loading />
        ) : versions.isError ? (
          <LoadFailed error={versions.error} onRetry={() => void versions.refetch()} />
        ) : (
          <ol className="plain-list template-versions" data-testid="template-versions">
            {versions.data.items.map((version) => (
              <li key={version.version} className="template-version">
                <p className="queue-meta">
                  <strong>{text.versionLabel(version.version)}</strong> · {text.createdBy}:{" "}
                  {author(version.updatedBy)}
                  {version.updatedBy !== null && (
                    <>
                      {" "}
                      ·{" "}
                      <time dateTime={version.createdAt}>
                        {formatMoment(version.createdAt, language, timeZone)}
                      </time>
                    </>
                  )}
                </p>
                <p lang={locale}>
                  <strong>{version.subject}</strong>
                </p>
                <p className="pre-wrap" lang={locale}>
                  {version.body}
                </p>
                <button
                  type="button"
                  aria-label={`${text.useVersion}: ${text.versionLabel(version.version)}`}
                  onClick={() => {
                    setSubject(version.subject);
                    setBody(version.body);
                    document.getElementById("template-subject")?.focus();
                  }}
                >
                  {text.useVersion}
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

/** Templates by kind and language, each editable with a live preview and its version history. */
export default function TemplatesScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const [editing, setEditing] = useState<{ kind: NotificationKind; locale: Locale } | null>(null);
  const templates = useQuery({
    queryKey: TEMPLATES_KEY,
    queryFn: () => api.get<{ items: Template[] }>("/api/v1/notification-templates"),
  });
  const find = (kind: string, locale: string) =>
    templates.data?.items.find((template) => template.kind === kind && template.locale === locale);
  const current = editing ? find(editing.kind, editing.locale) : undefined;

  return (
    <section className="panel wide">
      <PageHeading>{text.templatesHeading}</PageHeading>
      <p>{text.templatesIntro}</p>
      {templates.isPending ? (
        <Loading />
      ) : templates.isError ? (
        <LoadFailed error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <>
          {current && (
            <TemplateEditor
              key={`${current.kind}-${current.locale}`}
              template={current}
              onClose={() => {
                const opened = editing;
                setEditing(null);
                requestAnimationFrame(() =>
                  document.getElementById(`template-${opened?.kind}-${opened?.locale}`)?.focus(),
                );
              }}
            />
          )}
          <section
            className="table-scroll"
            aria-label={text.templatesCaption}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (WCAG 2.1.1)
            tabIndex={0}
          >
            <table data-testid="templates">
              <caption className="visually-hidden">{text.templatesCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{text.kind}</th>
                  {LOCALES.map((locale) => (
                    <th scope="col" key={locale}>
                      {text.languages[locale]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {NOTIFICATION_KINDS.map((kind) => (
                  <tr key={kind} data-kind={kind}>
                    <th scope="row">{kindName(text, kind)}</th>
                    {LOCALES.map((locale) => {
                      const template = find(kind, locale);
                      return (
                        <td key={locale}>
                          {template ? (
                            <>
                              <span lang={locale}>{template.subject}</span>{" "}
                              <span className="queue-meta">({text.versionLabel(template.version)})</span>{" "}
                              <button
                                type="button"
                                id={`template-${kind}-${locale}`}
                                className="quiet"
                                aria-label={`${text.edit}: ${kindName(text, kind)}, ${text.languages[locale]}`}
                                onClick={() => setEditing({ kind, locale })}
                              >
                                {text.edit}
                              </button>
                            </>
                          ) : (
                            "—"
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </section>
  );
}
