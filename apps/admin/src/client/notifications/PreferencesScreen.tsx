import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useMemo, useState } from "react";
import { errorMessage, fieldErrors } from "../api/api-client.js";
import { FormAlert, FormStatus } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { useApi, useCityTimeZone } from "../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import {
  CRITICAL_KINDS,
  LOCALES,
  NOTIFICATION_CHANNELS,
  type NotificationChannel,
  PREFERENCES_KEY,
  type Preferences,
} from "./notifications-api.js";
import { kindName, type NotificationsMessages, notificationsMessages } from "./notifications-messages.js";
import {
  type KindDraft,
  type KindQuiet,
  lockedChannel,
  type PreferencesDraft,
  STAFF_KINDS,
  shownChannels,
  toDraft,
  toggleChannel,
  toPreferences,
} from "./preferences-model.js";

/** «Asia/Krasnoyarsk, GMT+7»: the zone quiet hours are read in. */
function zoneLabel(timeZone: string): string {
  const offset = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(new Date())
    .find((part) => part.type === "timeZoneName")?.value;
  return offset ? `${timeZone}, ${offset}` : timeZone;
}

function FieldError({ id, error }: { id: string; error: string | undefined }): ReactElement | null {
  if (!error) return null;
  return (
    <span id={id} className="field-error">
      {error}
    </span>
  );
}

/** Two time inputs, «с» and «до», on the city's clock. */
function QuietTimes({
  id,
  from,
  to,
  onChange,
  describedBy,
  error,
  text,
}: {
  id: string;
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
  describedBy: string;
  error: string | undefined;
  text: NotificationsMessages;
}): ReactElement {
  const errorId = `${id}-error`;
  const described = error ? `${describedBy} ${errorId}` : describedBy;
  return (
    <div className="quiet-times">
      <label htmlFor={`${id}-from`}>{text.quietFrom}</label>
      <input
        id={`${id}-from`}
        type="time"
        required
        value={from}
        aria-describedby={described}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(event.target.value, to)}
      />
      <label htmlFor={`${id}-to`}>{text.quietTo}</label>
      <input
        id={`${id}-to`}
        type="time"
        required
        value={to}
        aria-describedby={described}
        aria-invalid={error ? true : undefined}
        onChange={(event) => onChange(from, event.target.value)}
      />
      <FieldError id={errorId} error={error} />
    </div>
  );
}

/** The channel boxes of the defaults (`kind` null) or of one kind. */
function ChannelBoxes({
  kind,
  draft,
  setDraft,
  text,
  legend,
}: {
  kind: string | null;
  draft: PreferencesDraft;
  setDraft: (draft: PreferencesDraft) => void;
  text: NotificationsMessages;
  legend: string;
}): ReactElement {
  const shown = kind === null ? draft.channels : shownChannels(kind, draft);
  const prefix = kind === null ? "pref-default" : `pref-${kind}`;
  return (
    <fieldset
      className="channel-boxes"
      aria-describedby={kind === null ? `${prefix}-in-app-note` : undefined}
    >
      <legend>{legend}</legend>
      {NOTIFICATION_CHANNELS.map((channel: NotificationChannel) => (
        <label key={channel} className="checkbox">
          <input
            type="checkbox"
            name={`${prefix}-${channel}`}
            checked={shown.includes(channel)}
            disabled={lockedChannel(kind, channel)}
            onChange={(event) => setDraft(toggleChannel(draft, kind, channel, event.target.checked))}
          />
          {text.channels[channel]}
        </label>
      ))}
      {kind === null && (
        <span id={`${prefix}-in-app-note`} className="hint">
          {text.inAppAlways}
        </span>
      )}
    </fieldset>
  );
}

function KindFieldset({
  kind,
  draft,
  setDraft,
  errors,
  text,
}: {
  kind: (typeof STAFF_KINDS)[number];
  draft: PreferencesDraft;
  setDraft: (draft: PreferencesDraft) => void;
  errors: Record<string, string>;
  text: NotificationsMessages;
}): ReactElement | null {
  const row = draft.kinds[kind];
  if (!row) return null;
  const critical = CRITICAL_KINDS.has(kind);
  const update = (change: Partial<KindDraft>) =>
    setDraft({ ...draft, kinds: { ...draft.kinds, [kind]: { ...row, ...change } } });
  const id = `pref-${kind}`;
  const name = kindName(text, kind);
  return (
    <fieldset
      className="card kind-preference"
      data-testid={`kind-${kind}`}
      aria-describedby={critical ? `${id}-locked` : undefined}
    >
      <legend>{name}</legend>
      {critical && (
        <p id={`${id}-locked`} className="locked-note">
          <strong>{text.locked}.</strong> {text.lockedReason}
        </p>
      )}
      <ChannelBoxes kind={kind} draft={draft} setDraft={setDraft} text={text} legend={text.kindChannels} />
      {!critical && (
        <>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={row.digest}
              onChange={(event) => update({ digest: event.target.checked })}
            />
            {text.digest}
          </label>
          <div className="field">
            <label htmlFor={`${id}-quiet`}>{text.kindQuiet}</label>
            <select
              id={`${id}-quiet`}
              value={row.quiet}
              onChange={(event) => update({ quiet: event.target.value as KindQuiet })}
            >
              {(Object.keys(text.kindQuietChoices) as KindQuiet[]).map((choice) => (
                <option key={choice} value={choice}>
                  {text.kindQuietChoices[choice]}
                </option>
              ))}
            </select>
          </div>
          {row.quiet === "own" && (
            <QuietTimes
              id={`${id}-quiet-times`}
              from={row.quietFrom}
              to={row.quietTo}
              onChange={(quietFrom, quietTo) => update({ quietFrom, quietTo })}
              describedBy="pref-zone-hint"
              error={errors[`kinds.${kind}.quietHours`] ?? errors[`kinds.${kind}.quietHours.from`]}
              text={text}
            />
          )}
        </>
      )}
    </fieldset>
  );
}

function PreferencesForm({ stored }: { stored: Preferences }): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const timeZone = useCityTimeZone();
  const zone = useMemo(() => zoneLabel(timeZone), [timeZone]);
  const [draft, setDraft] = useState<PreferencesDraft>(() => toDraft(stored));
  const [status, setStatus] = useState<string>();
  const save = useMutation({
    mutationFn: (preferences: Preferences) =>
      api.put<Preferences>("/api/v1/notifications/preferences", preferences),
    onSuccess: (saved) => {
      queryClient.setQueryData(PREFERENCES_KEY, saved);
      setDraft(toDraft(saved));
      setStatus(text.saved);
    },
  });
  const errors = fieldErrors(save.error, language);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    setStatus(undefined);
    save.mutate(toPreferences(draft, stored));
  }

  return (
    <form onSubmit={submit} aria-labelledby="preferences-heading" className="preferences-form" noValidate>
      <fieldset className="card">
        <legend>{text.general}</legend>
        <div className="field">
          <label htmlFor="pref-locale">{text.language}</label>
          <select
            id="pref-locale"
            value={draft.locale}
            onChange={(event) => setDraft({ ...draft, locale: event.target.value as Preferences["locale"] })}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale} lang={locale}>
                {text.languages[locale]}
              </option>
            ))}
          </select>
        </div>
        <ChannelBoxes
          kind={null}
          draft={draft}
          setDraft={setDraft}
          text={text}
          legend={text.defaultChannels}
        />
        <fieldset className="quiet-hours">
          <legend>{text.quietHours}</legend>
          <p id="pref-zone-hint" className="hint">
            {text.quietHint(zone)}
          </p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.quietOn}
              aria-describedby="pref-zone-hint"
              onChange={(event) => setDraft({ ...draft, quietOn: event.target.checked })}
            />
            {text.quietHoursOn}
          </label>
          {draft.quietOn && (
            <QuietTimes
              id="pref-quiet"
              from={draft.quietFrom}
              to={draft.quietTo}
              onChange={(quietFrom, quietTo) => setDraft({ ...draft, quietFrom, quietTo })}
              describedBy="pref-zone-hint"
              error={errors.quietHours ?? errors["quietHours.from"] ?? errors["quietHours.to"]}
              text={text}
            />
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="pref-telegram">{text.telegramChatId}</label>
          <span id="pref-telegram-hint" className="hint">
            {text.telegramHint}
          </span>
          <input
            id="pref-telegram"
            value={draft.telegramChatId}
            autoComplete="off"
            aria-describedby={
              errors.telegramChatId ? "pref-telegram-hint pref-telegram-error" : "pref-telegram-hint"
            }
            aria-invalid={errors.telegramChatId ? true : undefined}
            onChange={(event) => setDraft({ ...draft, telegramChatId: event.target.value })}
          />
          <FieldError id="pref-telegram-error" error={errors.telegramChatId} />
        </div>
        <div className="field">
          <label htmlFor="pref-webhook">{text.webhookUrl}</label>
          <span id="pref-webhook-hint" className="hint">
            {text.webhookHint}
          </span>
          <input
            id="pref-webhook"
            type="url"
            value={draft.webhookUrl}
            autoComplete="url"
            aria-describedby={
              errors.webhookUrl ? "pref-webhook-hint pref-webhook-error" : "pref-webhook-hint"
            }
            aria-invalid={errors.webhookUrl ? true : undefined}
            onChange={(event) => setDraft({ ...draft, webhookUrl: event.target.value })}
          />
          <FieldError id="pref-webhook-error" error={errors.webhookUrl} />
        </div>
      </fieldset>
      <h2>{text.byKind}</h2>
      <p>{text.byKindIntro}</p>
      <div className="kind-preferences">
        {STAFF_KINDS.map((kind) => (
          <KindFieldset
            key={kind}
            kind={kind}
            draft={draft}
            setDraft={setDraft}
            errors={errors}
            text={text}
          />
        ))}
      </div>
      <FormAlert>{save.error ? errorMessage(save.error, language) : undefined}</FormAlert>
      <FormStatus>{status}</FormStatus>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? text.saving : text.save}
        </button>
      </div>
    </form>
  );
}

/** One's notification preferences: channels, quiet hours on the city's clock, digest, per kind. */
export default function PreferencesScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = notificationsMessages(language);
  const preferences = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: () => api.get<Preferences>("/api/v1/notifications/preferences"),
  });
  return (
    <section className="panel">
      <div id="preferences-heading">
        <PageHeading>{text.preferencesHeading}</PageHeading>
      </div>
      <p>{text.preferencesIntro}</p>
      {preferences.isPending ? (
        <Loading />
      ) : preferences.isError ? (
        <LoadFailed error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <PreferencesForm stored={preferences.data} />
      )}
    </section>
  );
}
