import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useEffect, useId, useState } from "react";
import { Link, useLocation, useSearchParams } from "wouter";
import { errorMessage, fieldErrors } from "../../api/api-client.js";
import { FormAlert, FormStatus, TextField } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import {
  type Attachment,
  PUBLICATION_TYPES,
  type Publication,
  type PublicationType,
  pathOf,
  publicationKey,
  usePublication,
  usePublishers,
} from "../newsroom-api.js";
import { newsroomMessages } from "../newsroom-messages.js";
import { ChannelsPanel } from "./ChannelsPanel.js";
import { RevisionsPanel } from "./RevisionsPanel.js";
import { WorkflowPanel } from "./WorkflowPanel.js";

type Text = ReturnType<typeof newsroomMessages>;

/** The Markdown as the site will show it: rendered by the API's own safe renderer, a moment after typing stops. */
function Preview({ body, text }: { body: string; text: Text }): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const [html, setHtml] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api
        .post<{ html: string }>("/api/v1/publications/preview", { body })
        .then((answer) => {
          if (current) {
            setHtml(answer.html);
            setError(undefined);
          }
        })
        .catch((failure: unknown) => current && setError(failure));
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, body]);
  return (
    <section className="preview" aria-labelledby="preview-heading" data-testid="markdown-preview">
      <h3 id="preview-heading">{text.previewHeading}</h3>
      {error ? (
        <p className="form-alert">{errorMessage(error, language)}</p>
      ) : html === undefined ? (
        <Loading />
      ) : html.trim() === "" ? (
        <p>{text.previewEmpty}</p>
      ) : (
        // Safe HTML: the API renders Markdown with raw HTML off and unsafe links refused.
        <div className="rendered" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </section>
  );
}

interface Draft {
  type: PublicationType;
  publisherId: string;
  title: string;
  summary: string;
  body: string;
  coverUrl: string;
  coverAlt: string;
  tags: string;
  attachments: Attachment[];
  fields: string;
  note: string;
}

function draftOf(publication: Publication | undefined, type: PublicationType): Draft {
  return {
    type: publication?.type ?? type,
    publisherId: publication?.publisherId ?? "",
    title: publication?.title ?? "",
    summary: publication?.summary ?? "",
    body: publication?.body ?? "",
    coverUrl: publication?.cover?.url ?? "",
    coverAlt: publication?.cover?.alt ?? "",
    tags: publication?.tags.join(", ") ?? "",
    attachments: publication?.attachments ?? [],
    fields:
      publication && Object.keys(publication.fields).length > 0
        ? JSON.stringify(publication.fields, null, 2)
        : "",
    note: "",
  };
}

/** The text of a publication: title, summary, Markdown with preview, cover with alt text, attachments. */
function PublicationForm({
  publication,
  initialType,
  onSaved,
}: {
  publication: Publication | undefined;
  initialType: PublicationType;
  onSaved: (saved: Publication, created: boolean) => void;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const publishers = usePublishers();
  const [draft, setDraft] = useState<Draft>(() => draftOf(publication, initialType));
  const [showPreview, setShowPreview] = useState(false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const id = useId();
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      publication
        ? api.patch<Publication>(pathOf(publication.id), body)
        : api.post<Publication>("/api/v1/publications", body),
    onSuccess: async (saved) => {
      queryClient.setQueryData(publicationKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: ["newsroom"] });
      onSaved(saved, !publication);
    },
  });
  const apiErrors = fieldErrors(save.error, language);
  const errors = { ...apiErrors, ...localErrors };

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (draft.coverUrl.trim() && !draft.coverAlt.trim()) problems["cover.alt"] = text.coverAltRequired;
    let fields: Record<string, unknown> | undefined;
    if (draft.fields.trim()) {
      try {
        const parsed: unknown = JSON.parse(draft.fields);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
        fields = parsed as Record<string, unknown>;
      } catch {
        problems.fields = text.typeFieldsInvalid;
      }
    }
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) {
      document.getElementById(`${id}-${Object.keys(problems)[0]?.replace(".", "-")}`)?.focus();
      return;
    }
    const body: Record<string, unknown> = {
      title: draft.title,
      summary: draft.summary,
      body: draft.body,
      cover: draft.coverUrl.trim() ? { url: draft.coverUrl.trim(), alt: draft.coverAlt.trim() } : null,
      tags: draft.tags
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
      attachments: draft.attachments.map((attachment) => ({
        url: attachment.url.trim(),
        name: attachment.name.trim(),
        ...(attachment.mediaType ? { mediaType: attachment.mediaType } : {}),
      })),
      publisherId: draft.publisherId,
      ...(fields ? { fields } : {}),
    };
    if (publication) {
      if (draft.note.trim()) body.note = draft.note.trim();
    } else {
      body.type = draft.type;
      if (!body.cover) delete body.cover;
    }
    save.mutate(body);
  }

  const formError = save.error ? errorMessage(save.error, language) : undefined;

  return (
    <form className="card editor-form" aria-label={text.formLabel} onSubmit={submit} noValidate>
      {!publication && (
        <div className="field">
          <label htmlFor={`${id}-type`}>{text.type}</label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(event) => set({ type: event.target.value as PublicationType })}
          >
            {PUBLICATION_TYPES.map((value) => (
              <option key={value} value={value}>
                {text.types[value]}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-publisherId`}>{text.publisher}</label>
        <select
          id={`${id}-publisherId`}
          value={draft.publisherId}
          onChange={(event) => set({ publisherId: event.target.value })}
          aria-invalid={errors.publisherId ? true : undefined}
          aria-describedby={errors.publisherId ? `${id}-publisherId-error` : undefined}
          required
        >
          <option value="">{text.choosePublisher}</option>
          {(publishers.data?.items ?? []).map((publisher) => (
            <option key={publisher.id} value={publisher.id}>
              {publisher.name}
            </option>
          ))}
        </select>
        {errors.publisherId && (
          <span id={`${id}-publisherId-error`} className="field-error">
            {errors.publisherId}
          </span>
        )}
      </div>
      <TextField
        id={`${id}-title`}
        label={text.title}
        value={draft.title}
        onChange={(event) => set({ title: event.target.value })}
        error={errors.title}
        required
        maxLength={300}
      />
      <TextArea
        id={`${id}-summary`}
        label={text.summary}
        value={draft.summary}
        rows={2}
        onChange={(value) => set({ summary: value })}
        error={errors.summary}
      />
      <TextArea
        id={`${id}-body`}
        label={text.body}
        hint={text.bodyHint}
        value={draft.body}
        rows={12}
        onChange={(value) => set({ body: value })}
        error={errors.body}
      />
      <div className="form-actions">
        <button type="button" aria-expanded={showPreview} onClick={() => setShowPreview((shown) => !shown)}>
          {text.preview}
        </button>
      </div>
      {showPreview && <Preview body={draft.body} text={text} />}
      <fieldset className="field-group">
        <legend>{text.cover}</legend>
        <TextField
          id={`${id}-cover-url`}
          label={text.coverUrl}
          hint={text.coverUrlHint}
          value={draft.coverUrl}
          onChange={(event) => set({ coverUrl: event.target.value })}
          error={errors["cover.url"] ?? errors.cover}
        />
        <TextField
          id={`${id}-cover-alt`}
          label={text.coverAlt}
          hint={text.coverAltHint}
          value={draft.coverAlt}
          onChange={(event) => set({ coverAlt: event.target.value })}
          error={errors["cover.alt"]}
          required={draft.coverUrl.trim() !== ""}
          aria-required={draft.coverUrl.trim() !== ""}
        />
        {draft.coverUrl.trim() && /^(https?:\/\/|\/(?!\/))/i.test(draft.coverUrl.trim()) && (
          <img className="cover-preview" src={draft.coverUrl.trim()} alt={draft.coverAlt} />
        )}
      </fieldset>
      <fieldset className="field-group">
        <legend>{text.attachments}</legend>
        {draft.attachments.length === 0 && <p>{text.noAttachments}</p>}
        {draft.attachments.map((attachment, index) => {
          const number = index + 1;
          const change = (patch: Partial<Attachment>) =>
            set({
              attachments: draft.attachments.map((other, at) =>
                at === index ? { ...other, ...patch } : other,
              ),
            });
          return (
            <div className="attachment-row" key={index}>
              <TextField
                id={`${id}-attachment-${index}-name`}
                label={text.attachmentName(number)}
                value={attachment.name}
                onChange={(event) => change({ name: event.target.value })}
                error={errors[`attachments.${index}.name`]}
              />
              <TextField
                id={`${id}-attachment-${index}-url`}
                label={text.attachmentUrl(number)}
                value={attachment.url}
                onChange={(event) => change({ url: event.target.value })}
                error={errors[`attachments.${index}.url`]}
              />
              <button
                type="button"
                onClick={() => set({ attachments: draft.attachments.filter((_, at) => at !== index) })}
              >
                {text.removeAttachment(number)}
              </button>
            </div>
          );
        })}
        <button
          type="button"
          onClick={() => set({ attachments: [...draft.attachments, { name: "", url: "" }] })}
        >
          {text.addAttachment}
        </button>
      </fieldset>
      <TextField
        id={`${id}-tags`}
        label={text.tags}
        hint={text.tagsHint}
        value={draft.tags}
        onChange={(event) => set({ tags: event.target.value })}
        error={errors.tags}
      />
      <TextArea
        id={`${id}-fields`}
        label={text.typeFields}
        hint={text.typeFieldsHint}
        value={draft.fields}
        rows={4}
        onChange={(value) => set({ fields: value })}
        error={errors.fields ?? Object.entries(errors).find(([key]) => key.startsWith("fields."))?.[1]}
        className="code"
      />
      {publication && (
        <TextField
          id={`${id}-note`}
          label={text.note}
          value={draft.note}
          onChange={(event) => set({ note: event.target.value })}
          maxLength={500}
        />
      )}
      {publication && ["approved", "scheduled", "published"].includes(publication.state) && (
        <p className="hint">{text.sinceEdit}</p>
      )}
      <FormAlert>{formError}</FormAlert>
      <div className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? text.saving : text.save}
        </button>
      </div>
    </form>
  );
}

/** A labelled multi-line field with its hint and error, like `TextField`. */
export function TextArea({
  id,
  label,
  hint,
  error,
  value,
  rows,
  onChange,
  className,
  readOnly,
  describedBy,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  rows: number;
  onChange: (value: string) => void;
  className?: string;
  readOnly?: boolean;
  describedBy?: string;
}): ReactElement {
  const described = [hint && `${id}-hint`, error && `${id}-error`, describedBy].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <textarea
        id={id}
        rows={rows}
        value={value}
        readOnly={readOnly}
        className={className}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A new publication (`id` undefined) or an existing one with its workflow, channels and history. */
export default function EditorScreen({ id }: { id: string | undefined }): ReactElement {
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const [, navigate] = useLocation();
  const [searchParams] = useSearchParams();
  const [status, setStatus] = useState<string>();
  const initialType = (PUBLICATION_TYPES as readonly string[]).includes(searchParams.get("type") ?? "")
    ? (searchParams.get("type") as PublicationType)
    : "news";

  if (!id) {
    return (
      <section className="panel">
        <PageHeading>{text.newHeading}</PageHeading>
        <p>
          <Link href="/">{text.backToList}</Link>
        </p>
        <PublicationForm
          publication={undefined}
          initialType={initialType}
          onSaved={(saved) => navigate(`/publications/${saved.id}?created=1`, { replace: true })}
        />
      </section>
    );
  }
  return <ExistingPublication id={id} status={status} setStatus={setStatus} text={text} />;
}

function ExistingPublication({
  id,
  status,
  setStatus,
  text,
}: {
  id: string;
  status: string | undefined;
  setStatus: (status: string) => void;
  text: Text;
}): ReactElement {
  const publication = usePublication(id);
  const [searchParams] = useSearchParams();
  const shownStatus = status ?? (searchParams.get("created") ? text.created : undefined);
  if (publication.isPending) return <Loading />;
  if (publication.isError)
    return <LoadFailed error={publication.error} onRetry={() => void publication.refetch()} />;
  const current = publication.data;
  return (
    <section className="panel">
      <PageHeading>{text.editHeading(current.title)}</PageHeading>
      <p>
        <Link href="/">{text.backToList}</Link>
      </p>
      <FormStatus>{shownStatus}</FormStatus>
      <div className="editor-columns">
        <div>
          <PublicationForm
            key={current.revision}
            publication={current}
            initialType={current.type}
            onSaved={() => setStatus(text.saved)}
          />
        </div>
        <div>
          <WorkflowPanel publication={current} onDone={setStatus} />
          <RevisionsPanel key={current.revision} publication={current} onDone={setStatus} />
        </div>
      </div>
      <ChannelsPanel publication={current} onDone={setStatus} />
    </section>
  );
}
