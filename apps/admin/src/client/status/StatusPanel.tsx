import type { ReactElement } from "react";
import { databaseName, type Language, MESSAGES } from "../i18n/messages.js";
import { formatInstant } from "../time/format-instant.js";
import type { ApiStatus } from "./api-status.js";

export interface StatusPanelProps {
  status: ApiStatus;
  language: Language;
  /** The city's zone when the API has not told it yet. */
  fallbackTimeZone: string;
  onCheckAgain: () => void;
}

/** The API's health, version and readiness, announced politely to screen readers when they change. */
export function StatusPanel({
  status,
  language,
  fallbackTimeZone,
  onCheckAgain,
}: StatusPanelProps): ReactElement {
  const messages = MESSAGES[language];
  return (
    <section aria-labelledby="status-heading" className="panel">
      <h1 id="status-heading">{messages.statusHeading}</h1>
      <div aria-live="polite" aria-busy={status.kind === "loading"}>
        {status.kind === "loading" ? (
          <p>{messages.checking}</p>
        ) : (
          <dl className="status-list">
            <dt>{messages.api}</dt>
            <dd data-testid="api-health" className={status.health ? "good" : "bad"}>
              {status.health ? messages.apiWorking : messages.apiUnavailable}
            </dd>
            <dt>{messages.version}</dt>
            <dd data-testid="api-version">{status.health?.version ?? messages.unknown}</dd>
            <dt>{messages.database}</dt>
            <dd data-testid="api-database" className={status.readiness ? "good" : "bad"}>
              {status.readiness
                ? messages.databaseReady(databaseName(status.readiness.database))
                : messages.databaseNotReady}
            </dd>
            <dt>{messages.checkedAt}</dt>
            <dd>
              <time dateTime={status.checkedAt.toISOString()}>
                {formatInstant(status.checkedAt, language, status.city?.timeZone ?? fallbackTimeZone)}
              </time>
            </dd>
          </dl>
        )}
      </div>
      <button type="button" onClick={onCheckAgain} disabled={status.kind === "loading"}>
        {messages.checkAgain}
      </button>
    </section>
  );
}
