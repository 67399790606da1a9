import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { Link } from "wouter";
import { ApiError, errorMessage, fieldErrors } from "../api/api-client.js";
import { FormAlert, FormStatus, TextField } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useSession } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import { type FrequentQuestion, usePublications } from "./newsroom-api.js";
import { newsroomMessages } from "./newsroom-messages.js";

const TOPICS_KEY = ["newsroom", "topics"] as const;

/** One group of similar incidents and the request for an explanatory material on it. */
function Group({
  group,
  index,
  canRequest,
  onDone,
}: {
  group: FrequentQuestion;
  index: number;
  canRequest: boolean;
  onDone: (message: string) => void;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const [title, setTitle] = useState("");
  const [picked, setPicked] = useState<readonly string[]>(group.examples);
  const [localError, setLocalError] = useState<string>();
  const request = useMutation({
    mutationFn: () =>
      api.post("/api/v1/explanatory-requests", {
        stems: group.stems,
        title: title.trim(),
        questions: picked,
        incidentIds: group.incidentIds,
      }),
    onSuccess: async () => {
      onDone(text.requested);
      await queryClient.invalidateQueries({ queryKey: TOPICS_KEY });
      await queryClient.invalidateQueries({ queryKey: ["newsroom", "list"] });
    },
  });
  const errors = fieldErrors(request.error, language);
  const headingId = `topic-${index}`;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (picked.length === 0) {
      setLocalError(text.pickAtLeastOne);
      return;
    }
    setLocalError(undefined);
    request.mutate();
  }

  return (
    <li className="card" aria-labelledby={headingId} data-testid="question-group">
      <h2 id={headingId}>
        {group.stems.join(" · ")} <span className="badge">{text.groupCount(group.count)}</span>
      </h2>
      {group.material ? (
        <p>
          {text.materialExists}:{" "}
          <Link href={`/publications/${group.material.publicationId}`}>{group.material.title}</Link> (
          {text.states[group.material.state as keyof typeof text.states] ?? group.material.state})
        </p>
      ) : canRequest ? (
        <form onSubmit={submit} aria-labelledby={headingId} noValidate>
          <fieldset
            className="field checkbox-group"
            aria-describedby={localError ? `${headingId}-error` : undefined}
          >
            <legend>{text.pickQuestions}</legend>
            {group.examples.map((example) => (
              <label key={example} className="checkbox">
                <input
                  type="checkbox"
                  checked={picked.includes(example)}
                  onChange={(event) =>
                    setPicked((current) =>
                      event.target.checked ? [...current, example] : current.filter((one) => one !== example),
                    )
                  }
                />
                {example}
              </label>
            ))}
            {localError && (
              <span id={`${headingId}-error`} className="field-error">
                {localError}
              </span>
            )}
          </fieldset>
          <TextField
            id={`${headingId}-title`}
            label={text.materialTitle}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={errors.title}
            required
            maxLength={200}
          />
          <FormAlert>{request.error ? errorMessage(request.error, language) : undefined}</FormAlert>
          <button type="submit" disabled={request.isPending}>
            {text.createMaterial}
          </button>
        </form>
      ) : (
        <>
          <ul>
            {group.examples.map((example) => (
              <li key={example}>{example}</li>
            ))}
          </ul>
          <p className="hint">{text.cannotRequest}</p>
        </>
      )}
    </li>
  );
}

/** The explanatory materials written so far (drafts requested by the desk among them). */
function Materials(): ReactElement {
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const list = usePublications({ type: "explanatory" });
  return (
    <section aria-labelledby="materials-heading">
      <h2 id="materials-heading">{text.requestedMaterials}</h2>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p>{text.noMaterials}</p>
      ) : (
        <ul data-testid="materials">
          {list.data.items.map((publication) => (
            <li key={publication.id}>
              <Link href={`/publications/${publication.id}`}>{publication.title}</Link> (
              {text.states[publication.state]})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The desk's frequent questions (last 30 days) with "create explanatory material", and the materials. */
export default function QuestionsScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const { permissions } = useSession();
  const [status, setStatus] = useState<string>();
  const topics = useQuery({
    queryKey: TOPICS_KEY,
    queryFn: () => api.get<{ items: FrequentQuestion[] }>("/api/v1/incidents/stats/topics"),
  });
  const forbidden = topics.error instanceof ApiError && topics.error.status === 403;
  return (
    <section className="panel">
      <PageHeading>{text.questionsHeading}</PageHeading>
      <p>{text.questionsIntro}</p>
      <FormStatus>{status}</FormStatus>
      {topics.isPending ? (
        <Loading />
      ) : forbidden ? (
        <p className="notice" data-testid="questions-forbidden">
          {text.questionsForbidden}
        </p>
      ) : topics.isError ? (
        <LoadFailed error={topics.error} onRetry={() => void topics.refetch()} />
      ) : topics.data.items.length === 0 ? (
        <p>{text.noGroups}</p>
      ) : (
        <ul className="plain-list">
          {topics.data.items.map((group, index) => (
            <Group
              key={group.topic}
              group={group}
              index={index}
              canRequest={permissions.includes("incident:reply")}
              onDone={setStatus}
            />
          ))}
        </ul>
      )}
      <Materials />
    </section>
  );
}
