import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage } from "../../api/api-client.js";
import { FormAlert } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { LoadFailed, Loading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import {
  type Publication,
  pathOf,
  publicationKey,
  type RevisionDiff,
  useRevisions,
} from "../newsroom-api.js";
import { newsroomMessages } from "../newsroom-messages.js";

function DiffView({ diff }: { diff: RevisionDiff }): ReactElement {
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const changed = diff.changes.filter((change) => change.parts.some((part) => part.kind !== "equal"));
  return (
    <section aria-labelledby="diff-heading" data-testid="revision-diff">
      <h3 id="diff-heading">{text.diffHeading(diff.from, diff.to)}</h3>
      {changed.length === 0 && <p>{text.noDifference}</p>}
      {changed.map((change) => (
        <div key={change.field} className="diff-field">
          <h4>{text.fieldNames[change.field] ?? change.field}</h4>
          <pre className="diff">
            {change.parts.map((part, index) =>
              part.kind === "added" ? (
                <ins key={index}>
                  <span className="visually-hidden">[{text.added}: </span>
                  {part.text}
                  <span className="visually-hidden">]</span>
                </ins>
              ) : part.kind === "removed" ? (
                <del key={index}>
                  <span className="visually-hidden">[{text.removed}: </span>
                  {part.text}
                  <span className="visually-hidden">]</span>
                </del>
              ) : (
                <span key={index}>{part.text}</span>
              ),
            )}
          </pre>
        </div>
      ))}
    </section>
  );
}

/** Every saved revision, a diff between any two, and restoring an old one as the newest. */
export function RevisionsPanel({
  publication,
  onDone,
}: {
  publication: Publication;
  onDone: (message: string) => void;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const timeZone = useCityTimeZone();
  const revisions = useRevisions(publication.id);
  const latest = publication.revision;
  const [pair, setPair] = useState<{ from: number; to: number } | undefined>();
  const [from, setFrom] = useState(String(Math.max(1, latest - 1)));
  const [to, setTo] = useState(String(latest));
  const diff = useQuery({
    queryKey: [...publicationKey(publication.id), "diff", pair],
    enabled: pair !== undefined,
    queryFn: () =>
      api.get<RevisionDiff>(`${pathOf(publication.id)}/revisions/diff`, {
        from: pair?.from,
        to: pair?.to,
      }),
  });
  const restore = useMutation({
    mutationFn: (number: number) =>
      api.post<Publication>(`${pathOf(publication.id)}/revisions/${number}/restore`),
    onSuccess: async (saved, number) => {
      queryClient.setQueryData(publicationKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: publicationKey(saved.id) });
      onDone(text.restored(number));
    },
  });

  function compare(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setPair({ from: Number(from), to: Number(to) });
  }

  if (revisions.isPending) return <Loading />;
  if (revisions.isError)
    return <LoadFailed error={revisions.error} onRetry={() => void revisions.refetch()} />;
  const items = revisions.data.items;
  const numbers = items.map((revision) => revision.number);
  return (
    <section className="card" aria-labelledby="revisions-heading">
      <h2 id="revisions-heading">{text.revisionsHeading}</h2>
      <div className="table-scroll">
        <table data-testid="revisions">
          <thead>
            <tr>
              <th scope="col">{text.revisionNumber}</th>
              <th scope="col">{text.revisionWhen}</th>
              <th scope="col">{text.revisionNote}</th>
              <th scope="col">
                <span className="visually-hidden">{text.restoreColumn}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((revision) => (
              <tr key={revision.id}>
                <td>{revision.number}</td>
                <td>{formatMoment(revision.createdAt, language, timeZone)}</td>
                <td>{revision.note ?? ""}</td>
                <td>
                  {revision.number !== latest && publication.state !== "archived" && (
                    <button
                      type="button"
                      disabled={restore.isPending}
                      onClick={() => restore.mutate(revision.number)}
                    >
                      {text.restore(revision.number)}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {numbers.length > 1 && (
        <form className="inline-form" aria-label={text.compare} onSubmit={compare}>
          <div className="field">
            <label htmlFor="diff-from">{text.compareFrom}</label>
            <select id="diff-from" value={from} onChange={(event) => setFrom(event.target.value)}>
              {numbers.map((number) => (
                <option key={number} value={number}>
                  {number}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="diff-to">{text.compareTo}</label>
            <select id="diff-to" value={to} onChange={(event) => setTo(event.target.value)}>
              {numbers.map((number) => (
                <option key={number} value={number}>
                  {number}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{text.showDiff}</button>
        </form>
      )}
      {diff.isError && <LoadFailed error={diff.error} onRetry={() => void diff.refetch()} />}
      {diff.data && <DiffView diff={diff.data} />}
      <FormAlert>{restore.error ? errorMessage(restore.error, language) : undefined}</FormAlert>
    </section>
  );
}
