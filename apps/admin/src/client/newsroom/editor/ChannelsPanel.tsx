import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage, fieldErrors, localise } from "../../api/api-client.js";
import { FormAlert, TextField } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { LoadFailed, Loading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import { isoToLocalInput, localInputToIso } from "../calendar-model.js";
import {
  type Publication,
  pathOf,
  publicationKey,
  SOCIAL_PLATFORMS,
  type SocialPlatform,
  useVariantLimits,
  useVariants,
  type Variant,
  type VariantLimits,
} from "../newsroom-api.js";
import { newsroomMessages } from "../newsroom-messages.js";
import { countPost, photoLines } from "../variant-counter.js";
import { TextArea } from "./EditorScreen.js";

type Text = ReturnType<typeof newsroomMessages>;

/** The state of one channel, in words and a colour that is never the only sign. */
function DeliveryState({ state, label }: { state: string; label: string }): ReactElement {
  return <strong className={`delivery delivery-${state}`}>{label}</strong>;
}

/** The site's own line: where the publication stands there. */
function SiteChannel({ publication, text }: { publication: Publication; text: Text }): ReactElement {
  const { language } = useLanguage();
  const timeZone = useCityTimeZone();
  const when =
    publication.state === "scheduled" && publication.publishAt
      ? text.scheduledFor(formatMoment(publication.publishAt, language, timeZone))
      : publication.publishedAt && publication.state === "published"
        ? text.publishedAt(formatMoment(publication.publishedAt, language, timeZone))
        : undefined;
  return (
    <li className="channel card" data-testid="channel-site">
      <h3>{text.channels.site}</h3>
      <p>
        {text.deliveryState}:{" "}
        <DeliveryState state={publication.state} label={text.states[publication.state]} />
        {when && ` · ${when}`}
      </p>
      <p>
        {text.sitePath}: <code>/publications/{publication.slug}</code>
      </p>
    </li>
  );
}

/** One page's post: its text with a live counter against the page's limit, photos, time, state and retry. */
function PageChannel({
  publication,
  platform,
  variant,
  limits,
  onDone,
}: {
  publication: Publication;
  platform: SocialPlatform;
  variant: Variant | undefined;
  limits: readonly VariantLimits[] | undefined;
  onDone: (message: string) => void;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const timeZone = useCityTimeZone();
  const [adding, setAdding] = useState(false);
  const [body, setBody] = useState(variant?.text ?? "");
  const [photos, setPhotos] = useState(variant?.imageUrls.join("\n") ?? "");
  const [postAt, setPostAt] = useState(variant?.postAt ? isoToLocalInput(variant.postAt, timeZone) : "");
  const name = text.channels[platform];
  const id = `post-${platform}`;
  const editable = !variant || variant.state === "draft" || variant.state === "failed";
  const count = countPost(platform, body, photoLines(photos).length, limits);
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: [...publicationKey(publication.id), "variants"] });

  const save = useMutation({
    mutationFn: () => {
      const at = localInputToIso(postAt, timeZone);
      return api.put<Variant>(`${pathOf(publication.id)}/variants/${platform}`, {
        text: body,
        imageUrls: photoLines(photos),
        postAt: at ?? null,
      });
    },
    onSuccess: async () => {
      await refresh();
      onDone(`${name}: ${text.postSaved}`);
    },
  });
  const retry = useMutation({
    mutationFn: () => api.post<Variant>(`/api/v1/variants/${encodeURIComponent(variant?.id ?? "")}/retry`),
    onSuccess: async () => {
      await refresh();
      await queryClient.invalidateQueries({ queryKey: ["newsroom", "calendar"] });
      onDone(`${name}: ${text.retried}`);
    },
  });
  const errors = fieldErrors(save.error, language);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (count.fits) save.mutate();
  }

  const counterText =
    count.remaining === undefined
      ? `${count.length}`
      : count.remaining >= 0
        ? text.remaining(count.remaining)
        : text.over(-count.remaining);
  return (
    <li className="channel card" data-testid={`channel-${platform}`}>
      <h3>{name}</h3>
      {variant ? (
        <p>
          {text.deliveryState}:{" "}
          <DeliveryState state={variant.state} label={text.variantStates[variant.state]} />
          {variant.attempt > 0 && ` · ${text.attempt(variant.attempt)}`}
          {variant.url && (
            <>
              {" · "}
              <a href={variant.url} target="_blank" rel="noopener noreferrer">
                {text.openPost}
              </a>
            </>
          )}
        </p>
      ) : (
        !adding && <p>{text.noPost}</p>
      )}
      {variant?.failureReason && (
        <p className="bad" data-testid={`failure-${platform}`}>
          {localise(variant.failureReason, language)}
        </p>
      )}
      {variant?.state === "failed" && (
        <div className="form-actions">
          <button type="button" disabled={retry.isPending} onClick={() => retry.mutate()}>
            {text.retry}
            <span className="visually-hidden">: {name}</span>
          </button>
        </div>
      )}
      <FormAlert>{retry.error ? errorMessage(retry.error, language) : undefined}</FormAlert>
      {!variant && !adding ? (
        publication.state !== "archived" && (
          <button type="button" onClick={() => setAdding(true)}>
            {text.addPost}
            <span className="visually-hidden">: {name}</span>
          </button>
        )
      ) : editable ? (
        <form aria-label={text.postForm(name)} onSubmit={submit} noValidate>
          <TextArea
            id={`${id}-text`}
            label={text.postText(name)}
            value={body}
            rows={5}
            onChange={setBody}
            error={errors.text}
            describedBy={`${id}-counter`}
          />
          <p
            id={`${id}-counter`}
            className={count.fits ? "counter" : "counter over"}
            data-testid={`counter-${platform}`}
            aria-live="polite"
          >
            {!count.fits && <span aria-hidden="true">⚠ </span>}
            {counterText}
            {count.limit !== undefined && ` (${text.limitOf(count.limit, count.caption)})`}
            {count.tooManyPhotos &&
              count.photoLimit !== undefined &&
              ` · ${text.tooManyPhotos(count.photoLimit)}`}
          </p>
          {!limits && <p className="hint">{text.limitsUnavailable}</p>}
          <TextArea
            id={`${id}-photos`}
            label={text.photos(name)}
            value={photos}
            rows={2}
            onChange={setPhotos}
            error={
              errors.imageUrls ?? Object.entries(errors).find(([key]) => key.startsWith("imageUrls."))?.[1]
            }
          />
          <TextField
            id={`${id}-at`}
            label={text.postAt(name)}
            hint={`${text.postAtHint}. ${text.cityTimeHint(timeZone)}`}
            type="datetime-local"
            step={1}
            value={postAt}
            onChange={(event) => setPostAt(event.target.value)}
            error={errors.postAt}
          />
          {!count.fits && <p className="hint">{text.fixFirst}</p>}
          <FormAlert>{save.error ? errorMessage(save.error, language) : undefined}</FormAlert>
          <button type="submit" disabled={save.isPending || !count.fits}>
            {text.savePost}
            <span className="visually-hidden">: {name}</span>
          </button>
        </form>
      ) : (
        <>
          <p className="pre-wrap post-text">{variant?.text}</p>
          <p className="hint">{text.sentLocked}</p>
        </>
      )}
    </li>
  );
}

/** The site and the four pages: per-channel text, counters, delivery states and retry. */
export function ChannelsPanel({
  publication,
  onDone,
}: {
  publication: Publication;
  onDone: (message: string) => void;
}): ReactElement {
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const variants = useVariants(publication.id, publication.state);
  const limits = useVariantLimits();
  return (
    <section aria-labelledby="channels-heading" className="channels">
      <h2 id="channels-heading">{text.channelsHeading}</h2>
      {variants.isPending ? (
        <Loading />
      ) : variants.isError ? (
        <LoadFailed error={variants.error} onRetry={() => void variants.refetch()} />
      ) : (
        <ul className="channel-list">
          <SiteChannel publication={publication} text={text} />
          {SOCIAL_PLATFORMS.map((platform) => {
            const variant = variants.data.items.find((item) => item.platform === platform);
            return (
              <PageChannel
                // A new state or attempt re-reads the post's text from the API.
                key={`${platform}-${variant?.id ?? "none"}-${variant?.state ?? ""}-${variant?.updatedAt ?? ""}`}
                publication={publication}
                platform={platform}
                variant={variant}
                limits={limits.data?.items}
                onDone={onDone}
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}
