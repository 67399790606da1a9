import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useRef, useState } from "react";
import { ApiError, errorMessage, localise } from "../../api/api-client.js";
import type { Page, User } from "../../api/identity.js";
import type {
  Evidence,
  IncidentDetail,
  IncidentSummary,
  MediaKind,
  ReplyOutcome,
  ReplyWarning,
} from "../../api/incidents.js";
import { REJECT_REASONS } from "../../api/incidents.js";
import { FormAlert, FormStatus, SelectField, TextField, textOf } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone, useSession } from "../../session/session.js";
import { useAllDepartments } from "../../settings/organisation/organisation-queries.js";
import { formatMoment } from "../../time/format-instant.js";
import { type DeskMessages, deskMessages, nameOf } from "../desk-messages.js";
import {
  evidenceKey,
  incidentKey,
  similarityQuery,
  useEvidence,
  useSimilarIncidents,
} from "../desk-queries.js";
import { availableCommands, type CommandType, canAssign, PROOF_KINDS } from "../lifecycle.js";
import { fillTemplate, REPLY_TEMPLATES, replyDate } from "./reply-templates.js";

/** What a failed write says; a stale version or a refused move also reloads the incident. */
function useIncidentWrite<Body, Answer>(incident: IncidentDetail, path: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body) =>
      api.post<Answer>(`/api/v1/incidents/${encodeURIComponent(incident.id)}/${path}`, body),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: incidentKey(incident.id) });
      await queryClient.invalidateQueries({ queryKey: ["incidents", "queue"] });
    },
  });
}

function failure(error: unknown, text: DeskMessages, language: "ru" | "en"): string | undefined {
  if (!error) return undefined;
  const message = errorMessage(error, language);
  return error instanceof ApiError && error.code === "conflict" ? `${message} ${text.staleVersion}` : message;
}

/** (Re)assignment to a department and, optionally, an executor in it. */
export function AssignmentPanel({ incident }: { incident: IncidentDetail }): ReactElement | null {
  const api = useApi();
  const { language } = useLanguage();
  const text = deskMessages(language);
  const { user, permissions } = useSession();
  const departments = useAllDepartments();
  const [departmentId, setDepartmentId] = useState(incident.departmentId ?? "");
  const [notice, setNotice] = useState("");
  const people = useQuery({
    queryKey: ["users", "department", departmentId],
    enabled: departmentId !== "" && permissions.includes("user:read"),
    queryFn: () => api.get<Page<User>>("/api/v1/users", { departmentId, limit: 100 }),
  });
  const assign = useIncidentWrite<Record<string, unknown>, IncidentSummary>(incident, "transitions");
  const allowed =
    (permissions.includes("incident:route") || permissions.includes("incident:reassign")) &&
    canAssign(incident.status, user.roles);
  if (!allowed) return null;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setNotice("");
    const assigneeId = textOf(form, "assigneeId");
    assign.mutate(
      {
        type: "assign",
        departmentKey: departmentId,
        ...(assigneeId ? { assigneeId } : {}),
        expectedVersion: incident.version,
      },
      { onSuccess: () => setNotice(text.assigned) },
    );
  }

  return (
    <section className="card" aria-labelledby="assignment-heading">
      <h2 id="assignment-heading">{text.assignment}</h2>
      <form onSubmit={submit} aria-labelledby="assignment-heading">
        <div className="field">
          <label htmlFor="assign-department">{text.assignTo}</label>
          <select
            id="assign-department"
            name="departmentKey"
            value={departmentId}
            onChange={(event) => setDepartmentId(event.target.value)}
            required
          >
            <option value="">{text.chooseDepartment}</option>
            {(departments.data?.items ?? []).map((department) => (
              <option key={department.id} value={department.id}>
                {department.shortName}
              </option>
            ))}
          </select>
        </div>
        <SelectField
          key={departmentId}
          id="assign-person"
          name="assigneeId"
          label={text.assignee}
          emptyLabel={text.anyAssignee}
          defaultValue={incident.departmentId === departmentId ? (incident.assigneeId ?? "") : ""}
          choices={(people.data?.items ?? [])
            .filter(
              (person) =>
                person.active && person.roles.some((role) => role === "executor" || role === "head"),
            )
            .map((person) => ({ value: person.id, label: person.fullName }))}
        />
        <button type="submit" className="primary" disabled={assign.isPending || departmentId === ""}>
          {text.assign}
        </button>
        <FormAlert>{failure(assign.error, text, language)}</FormAlert>
        <FormStatus>{notice}</FormStatus>
      </form>
    </section>
  );
}

/** Status changes the person may make now, each with its required comment, reason or proof. */
export function StatusPanel({ incident }: { incident: IncidentDetail }): ReactElement | null {
  const { language } = useLanguage();
  const text = deskMessages(language);
  const { user } = useSession();
  const commands = availableCommands(incident.status, user.roles);
  const [command, setCommand] = useState<CommandType | "">("");
  const [resolution, setResolution] = useState<"fixed" | "explained">("explained");
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState("");
  const change = useIncidentWrite<Record<string, unknown>, IncidentSummary>(incident, "transitions");
  const evidence = useEvidence(incident.id);
  const proofs = (evidence.data ?? []).filter((file) =>
    (PROOF_KINDS as readonly string[]).includes(file.kind),
  );
  if (commands.length === 0) return null;
  const rule = commands.find((candidate) => candidate.command === command);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!rule) return;
    const form = new FormData(event.currentTarget);
    const comment = textOf(form, "comment");
    const proofUrl = textOf(form, "proofUrl");
    const chosenProofs = proofs.filter((file) => form.getAll("proofMedia").includes(file.id));
    const found: Record<string, string> = {};
    if (rule.requiresComment && !comment) found.comment = text.commentRequired;
    if (rule.command === "resolve" && resolution === "fixed" && !proofUrl && chosenProofs.length === 0)
      found.proofUrl = text.proofRequired;
    setProblems(found);
    setNotice("");
    if (Object.keys(found).length > 0) return;
    const extra: Record<string, unknown> = {};
    if (rule.command === "resolve") extra.resolution = resolution;
    if (rule.command === "reject") extra.reason = textOf(form, "reason");
    if (rule.command === "forward") extra.addressee = textOf(form, "addressee");
    if (rule.command === "reopen") extra.source = textOf(form, "source");
    const media = [
      ...chosenProofs.map((file) => file.attachment),
      ...(proofUrl ? [{ kind: (textOf(form, "proofKind") ?? "photo") as MediaKind, url: proofUrl }] : []),
    ];
    change.mutate(
      {
        type: rule.command,
        ...extra,
        ...(comment ? { comment } : {}),
        media,
        expectedVersion: incident.version,
      },
      {
        onSuccess: (changed) => {
          setNotice(text.statusChanged(text.statuses[changed.status] ?? changed.status));
          setCommand("");
        },
      },
    );
  }

  const apiProblems = change.error instanceof ApiError ? change.error.details : [];
  const fieldProblem = (name: string) =>
    problems[name] ??
    (() => {
      const detail = apiProblems.find((candidate) => candidate.path[0] === name);
      return detail ? localise(detail.message, language) : undefined;
    })();

  return (
    <section className="card" aria-labelledby="status-heading">
      <h2 id="status-heading">{text.statusChange}</h2>
      <form onSubmit={submit} aria-labelledby="status-heading" noValidate>
        <div className="field">
          <label htmlFor="status-command">{text.command}</label>
          <select
            id="status-command"
            name="command"
            value={command}
            onChange={(event) => {
              setCommand(event.target.value as CommandType);
              setProblems({});
            }}
          >
            <option value="">—</option>
            {commands.map((candidate) => (
              <option key={candidate.command} value={candidate.command}>
                {text.commands[candidate.command]}
              </option>
            ))}
          </select>
        </div>
        {rule?.command === "resolve" && (
          <>
            <div className="field">
              <label htmlFor="status-resolution">{text.resolution}</label>
              <select
                id="status-resolution"
                name="resolution"
                value={resolution}
                onChange={(event) => setResolution(event.target.value as "fixed" | "explained")}
              >
                <option value="explained">{text.resolutions.explained}</option>
                <option value="fixed">{text.resolutions.fixed}</option>
              </select>
            </div>
            {proofs.length > 0 && (
              <fieldset className="field checkbox-group">
                <legend>{text.proofFromUploads}</legend>
                {proofs.map((file) => (
                  <label key={file.id} className="checkbox">
                    <input type="checkbox" name="proofMedia" value={file.id} defaultChecked />
                    <EvidenceLabel file={file} />
                  </label>
                ))}
              </fieldset>
            )}
            <SelectField
              id="status-proof-kind"
              name="proofKind"
              label={text.proofKind}
              choices={PROOF_KINDS.map((kind) => ({ value: kind, label: text.mediaKinds[kind] }))}
            />
            <TextField
              id="status-proof-url"
              name="proofUrl"
              type="url"
              label={text.proofUrl}
              hint={text.proofHint}
              error={fieldProblem("proofUrl") ?? fieldProblem("media")}
            />
          </>
        )}
        {rule?.command === "reject" && (
          <SelectField
            id="status-reason"
            name="reason"
            label={text.rejectReason}
            choices={REJECT_REASONS.map((reason) => ({ value: reason, label: text.rejectReasons[reason] }))}
          />
        )}
        {rule?.command === "forward" && (
          <TextField id="status-addressee" name="addressee" label={text.addressee} required maxLength={300} />
        )}
        {rule?.command === "reopen" && (
          <SelectField
            id="status-source"
            name="source"
            label={text.reopenSource}
            choices={(["citizen", "platform-rework", "operator"] as const).map((source) => ({
              value: source,
              label: text.reopenSources[source],
            }))}
          />
        )}
        {rule && (
          <div className="field">
            <label htmlFor="status-comment">
              {rule.requiresComment ? text.comment : text.commentOptional}
            </label>
            <textarea
              id="status-comment"
              name="comment"
              rows={3}
              maxLength={20_000}
              required={rule.requiresComment}
              aria-invalid={fieldProblem("comment") ? true : undefined}
              aria-describedby={fieldProblem("comment") ? "status-comment-error" : undefined}
            />
            {fieldProblem("comment") && (
              <span id="status-comment-error" className="field-error">
                {fieldProblem("comment")}
              </span>
            )}
          </div>
        )}
        <button type="submit" className="primary" disabled={!rule || change.isPending}>
          {text.apply_}
        </button>
        <FormAlert>{failure(change.error, text, language)}</FormAlert>
        <FormStatus>{notice}</FormStatus>
      </form>
    </section>
  );
}

/** The public reply: a template, the text, the reply check's warnings before anything is sent. */
export function ReplyPanel({ incident }: { incident: IncidentDetail }): ReactElement | null {
  const { language } = useLanguage();
  const text = deskMessages(language);
  const { permissions } = useSession();
  const timeZone = useCityTimeZone();
  const departments = useAllDepartments();
  const [draft, setDraft] = useState("");
  const [warnings, setWarnings] = useState<ReplyWarning[]>([]);
  const [notice, setNotice] = useState("");
  // One key per draft: pressing «send» twice, or a retry after a lost answer, sends one reply.
  const idempotencyKey = useRef(newKey());
  const reply = useIncidentWrite<Record<string, unknown>, ReplyOutcome>(incident, "replies");
  if (!permissions.includes("incident:reply")) return null;

  const resolutionDue =
    incident.sla.find((metric) => metric.metric === "resolution")?.dueAt ?? incident.dueAt;
  const values = {
    number: incident.number,
    department:
      departments.data?.items.find((department) => department.id === incident.departmentId)?.name ??
      undefined,
    dueDate: resolutionDue ? replyDate(resolutionDue, timeZone) : undefined,
  };

  function send(force: boolean): void {
    setNotice("");
    reply.mutate(
      { text: draft, force, idempotencyKey: idempotencyKey.current },
      {
        onSuccess: (outcome) => {
          setWarnings(outcome.warnings.filter(() => !outcome.accepted));
          if (outcome.accepted) {
            setNotice(text.replyQueued);
            setDraft("");
            idempotencyKey.current = newKey();
          }
        },
      },
    );
  }

  return (
    <section className="card" aria-labelledby="reply-heading">
      <h2 id="reply-heading">{text.replyComposer}</h2>
      <form
        aria-labelledby="reply-heading"
        onSubmit={(event) => {
          event.preventDefault();
          send(false);
        }}
      >
        <div className="field">
          <label htmlFor="reply-template">{text.template}</label>
          <select
            id="reply-template"
            defaultValue=""
            onChange={(event) => {
              const template = REPLY_TEMPLATES.find((candidate) => candidate.id === event.target.value);
              if (template) {
                setDraft(fillTemplate(template.text, values));
                setWarnings([]);
                idempotencyKey.current = newKey();
              }
            }}
          >
            <option value="">{text.noTemplate}</option>
            {REPLY_TEMPLATES.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name[language]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reply-text">{text.replyText}</label>
          <span id="reply-text-hint" className="hint">
            {text.replyHint}
          </span>
          <textarea
            id="reply-text"
            rows={5}
            value={draft}
            maxLength={20_000}
            required
            aria-describedby={warnings.length > 0 ? "reply-text-hint reply-warnings" : "reply-text-hint"}
            onChange={(event) => {
              setDraft(event.target.value);
              setWarnings([]);
              idempotencyKey.current = newKey();
            }}
          />
        </div>
        {warnings.length > 0 && (
          <div role="alert" id="reply-warnings" className="warnings" data-testid="reply-warnings">
            <p>{text.replyWarnings}</p>
            <ul>
              {warnings.map((warning) => (
                <li key={warning.code}>{warning[language]}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={reply.isPending || draft.trim() === ""}>
            {text.checkAndSend}
          </button>
          {warnings.length > 0 && (
            <button type="button" onClick={() => send(true)} disabled={reply.isPending}>
              {text.sendAnyway}
            </button>
          )}
        </div>
        <FormAlert>{failure(reply.error, text, language)}</FormAlert>
        <FormStatus>{notice}</FormStatus>
      </form>
    </section>
  );
}

function newKey(): string {
  return `admin-${crypto.randomUUID()}`;
}

/** Internal notes: staff only. */
export function NotesPanel({ incident }: { incident: IncidentDetail }): ReactElement | null {
  const { language } = useLanguage();
  const text = deskMessages(language);
  const { permissions } = useSession();
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState("");
  const note = useIncidentWrite<{ text: string }, unknown>(incident, "notes");
  if (!permissions.includes("incident:note")) return null;
  return (
    <section className="card" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{text.notes}</h2>
      <form
        key={formKey}
        aria-labelledby="notes-heading"
        onSubmit={(event) => {
          event.preventDefault();
          const body = textOf(new FormData(event.currentTarget), "text");
          if (!body) return;
          setNotice("");
          note.mutate(
            { text: body },
            {
              onSuccess: () => {
                setNotice(text.noteAdded);
                setFormKey((key) => key + 1);
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor="note-text">{text.noteText}</label>
          <textarea id="note-text" name="text" rows={3} maxLength={20_000} required />
        </div>
        <button type="submit" disabled={note.isPending}>
          {text.addNote}
        </button>
        <FormAlert>{failure(note.error, text, language)}</FormAlert>
        <FormStatus>{notice}</FormStatus>
      </form>
    </section>
  );
}

/** Open incidents with similar words, to merge into this one. */
export function DuplicatesPanel({ incident }: { incident: IncidentDetail }): ReactElement | null {
  const { language } = useLanguage();
  const text = deskMessages(language);
  const { permissions } = useSession();
  const allowed =
    permissions.includes("incident:triage") && !["closed", "rejected"].includes(incident.status);
  const similar = useSimilarIncidents(allowed ? similarityQuery(incident) : undefined, incident.id);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState("");
  const merge = useIncidentWrite<{ duplicateIds: string[]; version: number }, IncidentSummary>(
    incident,
    "merge",
  );
  if (!allowed) return null;
  const candidates = similar.data ?? [];
  return (
    <section className="card" aria-labelledby="duplicates-heading">
      <h2 id="duplicates-heading">{text.duplicates}</h2>
      <p className="hint">{text.duplicatesHint}</p>
      {candidates.length === 0 ? (
        <p>{similar.isPending ? "…" : text.noDuplicates}</p>
      ) : (
        <form
          aria-labelledby="duplicates-heading"
          onSubmit={(event) => {
            event.preventDefault();
            setNotice("");
            merge.mutate(
              { duplicateIds: [...chosen], version: incident.version },
              {
                onSuccess: () => {
                  setNotice(text.merged(chosen.size));
                  setChosen(new Set());
                },
              },
            );
          }}
        >
          <ul className="plain-list">
            {candidates.map((candidate) => (
              <li key={candidate.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.has(candidate.id)}
                    onChange={() =>
                      setChosen((previous) => {
                        const next = new Set(previous);
                        if (next.has(candidate.id)) next.delete(candidate.id);
                        else next.add(candidate.id);
                        return next;
                      })
                    }
                  />
                  {candidate.number} — {nameOf(text.statuses, candidate.status)}:{" "}
                  {candidate.text.slice(0, 140)}
                </label>
              </li>
            ))}
          </ul>
          <button type="submit" disabled={chosen.size === 0 || merge.isPending}>
            {text.merge}
          </button>
        </form>
      )}
      <FormAlert>{failure(merge.error, text, language)}</FormAlert>
      <FormStatus>{notice}</FormStatus>
    </section>
  );
}

function EvidenceLabel({ file }: { file: Evidence }): ReactElement {
  const { language } = useLanguage();
  const text = deskMessages(language);
  const timeZone = useCityTimeZone();
  return (
    <>
      {text.evidenceItem(
        nameOf(text.mediaKinds, file.kind),
        formatMoment(file.createdAt, language, timeZone),
      )}
    </>
  );
}

/** Photos, videos and acts attached to the incident: upload with previews; photos are proof of a fix. */
export function EvidencePanel({ incident }: { incident: IncidentDetail }): ReactElement | null {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = deskMessages(language);
  const { permissions } = useSession();
  const timeZone = useCityTimeZone();
  const evidence = useEvidence(incident.id);
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState("");
  const [problem, setProblem] = useState("");
  const upload = useMutation({
    mutationFn: (form: FormData) =>
      api.upload<{ media: Evidence; duplicate: boolean }>(
        `/api/v1/incidents/${encodeURIComponent(incident.id)}/media`,
        form,
      ),
    onSuccess: async (answer) => {
      setNotice(answer.duplicate ? text.uploadedAgain : text.uploaded);
      setFormKey((key) => key + 1);
      await queryClient.invalidateQueries({ queryKey: evidenceKey(incident.id) });
      await queryClient.invalidateQueries({ queryKey: incidentKey(incident.id) });
    },
  });
  const mayUpload = permissions.includes("incident:evidence") || permissions.includes("incident:triage");
  // An API without evidence routes answers null: nothing to show, nothing to offer.
  if (evidence.data === null) return null;
  const files = evidence.data ?? [];

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    setNotice("");
    if (!(file instanceof File) || file.size === 0) {
      setProblem(text.chooseFile);
      return;
    }
    setProblem("");
    if (!textOf(form, "kind")) form.delete("kind");
    upload.mutate(form);
  }

  return (
    <section className="card" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">{text.evidence}</h2>
      {files.length === 0 ? (
        <p>{evidence.isPending ? "…" : text.noEvidence}</p>
      ) : (
        <ul className="attachments" data-testid="incident-evidence">
          {files.map((file) => {
            const label = text.evidenceItem(
              nameOf(text.mediaKinds, file.kind),
              formatMoment(file.createdAt, language, timeZone),
            );
            return (
              <li key={file.id}>
                <a
                  href={file.links.published ?? file.links.original}
                  target="_blank"
                  rel="noreferrer noopener"
                >
                  {file.links.thumbnail ? (
                    <img src={file.links.thumbnail} alt={label} loading="lazy" />
                  ) : (
                    label
                  )}
                </a>
              </li>
            );
          })}
        </ul>
      )}
      {mayUpload && (
        <form key={formKey} aria-labelledby="evidence-heading" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="evidence-file">{text.evidenceFile}</label>
            <span id="evidence-file-hint" className="hint">
              {text.evidenceHint}
            </span>
            <input
              id="evidence-file"
              name="file"
              type="file"
              accept="image/*,video/*,application/pdf"
              aria-describedby={problem ? "evidence-file-hint evidence-file-error" : "evidence-file-hint"}
              aria-invalid={problem ? true : undefined}
            />
            {problem && (
              <span id="evidence-file-error" className="field-error">
                {problem}
              </span>
            )}
          </div>
          <SelectField
            id="evidence-kind"
            name="kind"
            label={text.pdfKind}
            emptyLabel="—"
            choices={(["acceptance-act", "document"] as const).map((kind) => ({
              value: kind,
              label: text.mediaKinds[kind],
            }))}
          />
          <button type="submit" disabled={upload.isPending}>
            {text.upload}
          </button>
          <FormAlert>{upload.error ? errorMessage(upload.error, language) : undefined}</FormAlert>
          <FormStatus>{notice}</FormStatus>
        </form>
      )}
    </section>
  );
}
