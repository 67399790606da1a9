import type { ReactElement } from "react";
import { Link } from "wouter";
import type { IncidentDetail } from "../../api/incidents.js";
import { useLanguage } from "../../language/language.js";
import { useCityTimeZone } from "../../session/session.js";
import { useAllDepartments } from "../../settings/organisation/organisation-queries.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import { type DeskMessages, deskMessages, formatMinutes, nameOf } from "../desk-messages.js";
import { useEvidence, useIncident, useNow } from "../desk-queries.js";
import { deadline, formatSpan } from "../queue-model.js";
import {
  AssignmentPanel,
  DuplicatesPanel,
  EvidencePanel,
  NotesPanel,
  ReplyPanel,
  StatusPanel,
} from "./incident-actions.js";

/** Only web links are shown as links: a stored `javascript:` address must never become clickable. */
function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function Overview({ incident, text }: { incident: IncidentDetail; text: DeskMessages }): ReactElement {
  const { language } = useLanguage();
  const timeZone = useCityTimeZone();
  const departments = useAllDepartments();
  const department = departments.data?.items.find((candidate) => candidate.id === incident.departmentId);
  const now = useNow(1000);
  const { tone, minutes } = deadline(incident, now);
  return (
    <dl className="facts" data-testid="incident-facts">
      <dt>{text.status}</dt>
      <dd data-testid="incident-status">{nameOf(text.statuses, incident.status)}</dd>
      <dt>{text.category}</dt>
      <dd>
        {nameOf(text.categories, incident.category)}
        {incident.urgent && <span className="badge urgent">{text.urgent}</span>}
      </dd>
      <dt>{text.department}</dt>
      <dd data-testid="incident-department">
        {incident.departmentId ? (department?.shortName ?? "…") : text.noDepartment}
      </dd>
      <dt>{text.channel}</dt>
      <dd>{nameOf(text.channels, incident.channel)}</dd>
      <dt>{text.received}</dt>
      <dd>
        <time dateTime={incident.receivedAt}>{formatMoment(incident.receivedAt, language, timeZone)}</time>
      </dd>
      <dt>{text.deadline}</dt>
      <dd>
        <span className={`deadline tone-${tone}`}>
          <span className="tone-label">{text.tones[tone]}</span>
          {minutes !== null && (
            <span>
              {minutes < 0
                ? text.overdueBy(formatSpan(-minutes * 60, language))
                : text.leftSpan(formatSpan(minutes * 60, language))}
            </span>
          )}
        </span>
      </dd>
    </dl>
  );
}

function Original({ incident, text }: { incident: IncidentDetail; text: DeskMessages }): ReactElement {
  const source = safeUrl(
    incident.author.sourceUrl ?? incident.reporters.find((reporter) => reporter.sourceUrl)?.sourceUrl,
  );
  const authorUrl = safeUrl(incident.author.url);
  return (
    <section className="card" aria-labelledby="original-heading">
      <h2 id="original-heading">{text.original}</h2>
      <blockquote className="original" data-testid="incident-text">
        {incident.text}
      </blockquote>
      <dl className="facts">
        <dt>{text.author}</dt>
        <dd>
          {authorUrl ? (
            <a href={authorUrl} rel="noreferrer noopener" target="_blank">
              {incident.author.name ?? authorUrl}
            </a>
          ) : (
            (incident.author.name ?? text.anonymous)
          )}
        </dd>
        {incident.address && (
          <>
            <dt>{text.address}</dt>
            <dd>{incident.address}</dd>
          </>
        )}
      </dl>
      {source && (
        <p>
          <a href={source} rel="noreferrer noopener" target="_blank" data-testid="incident-source">
            {text.openSource}
          </a>
        </p>
      )}
      {incident.attachments.length > 0 && (
        <>
          <h3>{text.attachments}</h3>
          <ul className="attachments">
            {incident.attachments.map((attachment) => {
              const url = safeUrl(attachment.url);
              return (
                <li key={attachment.url}>
                  {attachment.type === "photo" && url ? (
                    <a href={url} rel="noreferrer noopener" target="_blank">
                      <img src={url} alt={`${text.mediaKinds.photo}: ${incident.number}`} loading="lazy" />
                    </a>
                  ) : url ? (
                    <a href={url} rel="noreferrer noopener" target="_blank">
                      {nameOf(text.mediaKinds, attachment.type)}
                    </a>
                  ) : (
                    attachment.url
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {incident.reporters.length > 1 && (
        <>
          <h3>{text.reporters}</h3>
          <ul className="plain-list">
            {incident.reporters.map((reporter) => (
              <li key={`${reporter.originalIncidentId}-${reporter.reportedAt}`}>
                {nameOf(text.channels, reporter.channel)} · {reporter.authorName ?? text.anonymous}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function SlaPanel({ incident, text }: { incident: IncidentDetail; text: DeskMessages }): ReactElement {
  const { language } = useLanguage();
  const timeZone = useCityTimeZone();
  return (
    <section className="card" aria-labelledby="sla-heading">
      <h2 id="sla-heading">{text.sla}</h2>
      <div className="table-scroll">
        <table data-testid="sla-panel">
          <caption className="visually-hidden">{text.sla}</caption>
          <thead>
            <tr>
              <th scope="col">{text.metric}</th>
              <th scope="col">{text.metricState}</th>
              <th scope="col">{text.due}</th>
              <th scope="col">{text.elapsed}</th>
              <th scope="col">{text.remaining}</th>
              <th scope="col">{text.target}</th>
            </tr>
          </thead>
          <tbody>
            {incident.sla.map((metric) => (
              <tr key={`${metric.metric}-${metric.cycle}`} data-testid={`sla-${metric.metric}`}>
                <th scope="row">{nameOf(text.metrics, metric.metric)}</th>
                <td>
                  <span
                    className={`deadline tone-${metric.state === "running" && metric.remainingMinutes <= 60 ? "soon" : metric.state}`}
                  >
                    <span className="tone-label">{nameOf(text.slaStates, metric.state)}</span>
                  </span>
                  {metric.state === "paused" && <span className="hint"> {text.pausedNote}</span>}
                  {metric.stoppedAt && (
                    <span className="hint">
                      {" "}
                      {text.stoppedAt}{" "}
                      <time dateTime={metric.stoppedAt}>
                        {formatMoment(metric.stoppedAt, language, timeZone)}
                      </time>
                    </span>
                  )}
                </td>
                <td>
                  {metric.dueAt ? (
                    <time dateTime={metric.dueAt}>{formatMoment(metric.dueAt, language, timeZone)}</time>
                  ) : (
                    text.noDeadline
                  )}
                </td>
                <td>{formatMinutes(metric.elapsedMinutes, language)}</td>
                <td>{formatMinutes(metric.remainingMinutes, language)}</td>
                <td>{formatMinutes(metric.targetMinutes, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Replies({ incident, text }: { incident: IncidentDetail; text: DeskMessages }): ReactElement | null {
  const { language } = useLanguage();
  const timeZone = useCityTimeZone();
  if (incident.replies.length === 0) return null;
  return (
    <section className="card" aria-labelledby="replies-heading">
      <h2 id="replies-heading">
        {text.replies} / {text.notes}
      </h2>
      <ol className="timeline" data-testid="incident-replies">
        {incident.replies.map((reply) => (
          <li key={reply.id} className={reply.visibility === "internal" ? "internal" : undefined}>
            <p className="timeline-meta">
              <time dateTime={reply.createdAt}>{formatMoment(reply.createdAt, language, timeZone)}</time>
              {" · "}
              {reply.visibility === "internal"
                ? text.timelineKinds.note
                : `${text.timelineKinds.reply} · ${nameOf(text.deliveryStates, reply.deliveryState)}`}
            </p>
            <p className="pre-wrap">{reply.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Timeline({ incident, text }: { incident: IncidentDetail; text: DeskMessages }): ReactElement {
  const { language } = useLanguage();
  const timeZone = useCityTimeZone();
  // Stored files (`media:<id>`) are shown by their previews.
  const evidence = useEvidence(incident.id);
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{text.timeline}</h2>
      <ol className="timeline" data-testid="incident-timeline">
        {incident.timeline.map((entry) => {
          const to = typeof entry.data.to === "string" ? entry.data.to : undefined;
          const command = typeof entry.data.command === "string" ? entry.data.command : undefined;
          return (
            <li key={entry.id}>
              <p className="timeline-meta">
                <time dateTime={entry.at}>{formatMoment(entry.at, language, timeZone)}</time>
                {" · "}
                <strong>
                  {command && command in text.commands
                    ? text.commands[command as keyof DeskMessages["commands"]]
                    : nameOf(text.timelineKinds, entry.kind)}
                </strong>
                {to && ` → ${nameOf(text.statuses, to)}`}
                {entry.actorKind === "system" && ` · ${text.system}`}
              </p>
              {entry.comment && <p className="pre-wrap">{entry.comment}</p>}
              {entry.media.length > 0 && (
                <ul className="plain-list">
                  {entry.media.map((media) => {
                    const stored = media.url.startsWith("media:")
                      ? evidence.data?.find((file) => `media:${file.id}` === media.url)
                      : undefined;
                    if (stored) {
                      const label = `${nameOf(text.mediaKinds, media.kind)}: ${incident.number}`;
                      return (
                        <li key={media.url}>
                          <a
                            href={stored.links.published ?? stored.links.original}
                            target="_blank"
                            rel="noreferrer noopener"
                          >
                            {stored.links.thumbnail ? (
                              <img
                                className="timeline-thumbnail"
                                src={stored.links.thumbnail}
                                alt={label}
                                loading="lazy"
                              />
                            ) : (
                              label
                            )}
                          </a>
                        </li>
                      );
                    }
                    const url = safeUrl(media.url);
                    return (
                      <li key={media.url}>
                        {nameOf(text.mediaKinds, media.kind)}:{" "}
                        {url ? (
                          <a href={url} rel="noreferrer noopener" target="_blank">
                            {media.url}
                          </a>
                        ) : (
                          media.url
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** One incident: the citizen's words and where they were written, SLA, actions, replies, notes, history. */
export default function IncidentScreen({ id }: { id: string }): ReactElement {
  const { language } = useLanguage();
  const text = deskMessages(language);
  const incident = useIncident(id);
  return (
    <section className="panel wide incident">
      <p>
        <Link href="/">{text.backToQueue}</Link>
      </p>
      {incident.isPending ? (
        <Loading />
      ) : incident.isError ? (
        <>
          <PageHeading>{text.incidentHeading("…")}</PageHeading>
          <LoadFailed error={incident.error} onRetry={() => void incident.refetch()} />
        </>
      ) : (
        <>
          <PageHeading>{text.incidentHeading(incident.data.number)}</PageHeading>
          {incident.data.mergedIntoId && (
            <p className="notice">
              {text.mergedInto}:{" "}
              <Link href={`/${incident.data.mergedIntoId}`}>{incident.data.mergedIntoId}</Link>
            </p>
          )}
          <Overview incident={incident.data} text={text} />
          <div className="incident-columns">
            <div>
              <Original incident={incident.data} text={text} />
              <SlaPanel incident={incident.data} text={text} />
              <Replies incident={incident.data} text={text} />
              <Timeline incident={incident.data} text={text} />
            </div>
            <div>
              <AssignmentPanel incident={incident.data} />
              <EvidencePanel incident={incident.data} />
              <StatusPanel incident={incident.data} />
              <ReplyPanel incident={incident.data} />
              <NotesPanel incident={incident.data} />
              <DuplicatesPanel incident={incident.data} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}
