import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { Link } from "wouter";
import { errorMessage } from "../api/api-client.js";
import { FormAlert, FormStatus } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { formatMoment } from "../time/format-instant.js";
import { TextArea } from "./editor/EditorScreen.js";
import type { HearingComment } from "./newsroom-api.js";
import { newsroomMessages } from "./newsroom-messages.js";

interface Queued {
  comment: HearingComment;
  hearing: { id: string; title: string; state: string };
}

const QUEUE_KEY = ["newsroom", "hearing-queue"] as const;

function QueuedComment({ item, onDone }: { item: Queued; onDone: (message: string) => void }): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const timeZone = useCityTimeZone();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string>();
  const { comment, hearing } = item;
  const moderate = useMutation({
    mutationFn: (body: { verdict: "approve" } | { verdict: "reject"; reason: string }) =>
      api.post(`/api/v1/hearing-comments/${encodeURIComponent(comment.id)}/moderate`, body),
    onSuccess: async (_, body) => {
      onDone(body.verdict === "approve" ? text.approvedComment : text.rejectedComment);
      await queryClient.invalidateQueries({ queryKey: QUEUE_KEY });
    },
  });

  function reject(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError(text.rejectReasonRequired);
      document.getElementById(`reason-${comment.id}`)?.focus();
      return;
    }
    setReasonError(undefined);
    moderate.mutate({ verdict: "reject", reason: reason.trim() });
  }

  const headingId = `comment-${comment.id}`;
  return (
    <li className="card" aria-labelledby={headingId} data-testid="pending-comment">
      <h2 id={headingId}>
        <Link href={`/publications/${hearing.id}`}>{hearing.title}</Link>
        {" — "}
        {comment.paragraph === null ? text.wholeDraft : text.paragraph(comment.paragraph + 1)}
      </h2>
      <blockquote className="pre-wrap">{comment.text}</blockquote>
      <p className="queue-meta">
        {text.author}: {comment.authorName ?? text.anonymous} · {text.received}:{" "}
        {formatMoment(comment.receivedAt, language, timeZone)}
      </p>
      <div className="form-actions">
        <button
          type="button"
          disabled={moderate.isPending}
          onClick={() => moderate.mutate({ verdict: "approve" })}
        >
          {text.approveComment}
        </button>
        <button type="button" aria-expanded={rejecting} onClick={() => setRejecting((open) => !open)}>
          {text.rejectComment}
        </button>
      </div>
      {rejecting && (
        <form className="sub-form" aria-label={text.rejectComment} onSubmit={reject} noValidate>
          <TextArea
            id={`reason-${comment.id}`}
            label={text.rejectReason}
            value={reason}
            rows={2}
            onChange={setReason}
            error={reasonError}
          />
          <button type="submit" disabled={moderate.isPending}>
            {text.confirmReject}
          </button>
        </form>
      )}
      <FormAlert>{moderate.error ? errorMessage(moderate.error, language) : undefined}</FormAlert>
    </li>
  );
}

/** The premoderation queue of every hearing's comments, oldest first. */
export default function HearingsScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const [status, setStatus] = useState<string>();
  const queue = useQuery({
    queryKey: QUEUE_KEY,
    queryFn: () => api.get<{ items: Queued[] }>("/api/v1/hearing-comments/pending", { limit: 100 }),
    refetchInterval: 30_000,
  });
  return (
    <section className="panel">
      <PageHeading>{text.hearingsHeading}</PageHeading>
      <p>{text.hearingsIntro}</p>
      <FormStatus>{status}</FormStatus>
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <LoadFailed error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.items.length === 0 ? (
        <p data-testid="no-pending">{text.noPending}</p>
      ) : (
        <ul className="plain-list">
          {queue.data.items.map((item) => (
            <QueuedComment key={item.comment.id} item={item} onDone={setStatus} />
          ))}
        </ul>
      )}
    </section>
  );
}
