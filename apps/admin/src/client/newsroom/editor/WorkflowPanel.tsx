import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage, fieldErrors } from "../../api/api-client.js";
import { FormAlert, TextField } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { Loading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import { localInputToIso } from "../calendar-model.js";
import { type Publication, pathOf, publicationKey, useActions, type WorkflowVerb } from "../newsroom-api.js";
import { newsroomMessages } from "../newsroom-messages.js";

/** Where the publication stands and the workflow buttons the API says this person may press now. */
export function WorkflowPanel({
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
  const actions = useActions(publication.id, publication.state);
  const [publishAt, setPublishAt] = useState("");
  const [unpublishAt, setUnpublishAt] = useState("");
  const [localError, setLocalError] = useState<string>();

  const act = useMutation({
    mutationFn: ({ verb, body }: { verb: WorkflowVerb; body?: unknown }) =>
      api.post<Publication>(`${pathOf(publication.id)}/${verb}`, body),
    onSuccess: async (saved, { verb }) => {
      queryClient.setQueryData(publicationKey(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: publicationKey(saved.id) });
      await queryClient.invalidateQueries({ queryKey: ["newsroom", "list"] });
      await queryClient.invalidateQueries({ queryKey: ["newsroom", "calendar"] });
      onDone(text.verbDone[verb]);
    },
  });
  const errors = fieldErrors(act.error, language);

  function schedule(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const at = localInputToIso(publishAt, timeZone);
    if (!at) {
      setLocalError(text.publishAt);
      return;
    }
    setLocalError(undefined);
    const until = localInputToIso(unpublishAt, timeZone);
    act.mutate({ verb: "schedule", body: { publishAt: at, ...(until ? { unpublishAt: until } : {}) } });
  }

  const verbs = actions.data?.verbs ?? [];
  return (
    <section className="card" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">{text.workflowHeading}</h2>
      <p data-testid="publication-state">
        {text.currentState}:{" "}
        <strong className={`state state-${publication.state}`}>{text.states[publication.state]}</strong>
        {" · "}
        {text.revisionLabel(publication.revision)}
        {publication.liveRevision !== null && ` · ${text.liveRevision(publication.liveRevision)}`}
      </p>
      {publication.state === "scheduled" && publication.publishAt && (
        <p>{text.scheduledFor(formatMoment(publication.publishAt, language, timeZone))}</p>
      )}
      {publication.publishedAt && publication.state === "published" && (
        <p>{text.publishedAt(formatMoment(publication.publishedAt, language, timeZone))}</p>
      )}
      {actions.isPending ? (
        <Loading />
      ) : verbs.length === 0 ? (
        <p>{text.noVerbs}</p>
      ) : (
        <div className="form-actions" data-testid="workflow-buttons">
          {verbs
            .filter((verb) => verb !== "schedule")
            .map((verb) => (
              <button
                key={verb}
                type="button"
                disabled={act.isPending}
                onClick={() => act.mutate({ verb, ...(verb === "publish" ? { body: {} } : {}) })}
              >
                {text.verbs[verb]}
              </button>
            ))}
        </div>
      )}
      {verbs.includes("schedule") && (
        <form className="sub-form" aria-label={text.verbs.schedule} onSubmit={schedule} noValidate>
          <TextField
            id="schedule-publish-at"
            label={text.publishAt}
            hint={text.cityTimeHint(timeZone)}
            type="datetime-local"
            step={1}
            value={publishAt}
            onChange={(event) => setPublishAt(event.target.value)}
            error={errors.publishAt ?? localError}
            required
          />
          <TextField
            id="schedule-unpublish-at"
            label={text.unpublishAt}
            hint={text.cityTimeHint(timeZone)}
            type="datetime-local"
            step={1}
            value={unpublishAt}
            onChange={(event) => setUnpublishAt(event.target.value)}
            error={errors.unpublishAt}
          />
          <button type="submit" disabled={act.isPending}>
            {text.scheduleSubmit}
          </button>
        </form>
      )}
      <FormAlert>{act.error ? errorMessage(act.error, language) : undefined}</FormAlert>
    </section>
  );
}
