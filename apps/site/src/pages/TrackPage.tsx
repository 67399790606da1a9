import type { ReactElement } from "react";
import { STATUS_NAMES, type TrackedIncident } from "../api-client/incidents.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { formatInstant } from "../time/format-instant.js";

/** The citizen's tracking page: number, status and public replies; reached by the link given on sending. */
export function TrackPage({
  page,
  incident,
  justSent,
  categoryName,
}: {
  page: PageContext;
  incident: TrackedIncident;
  justSent: boolean;
  categoryName: string;
}): ReactElement {
  const { language } = page.preferences;
  const status = STATUS_NAMES[incident.status];
  const at = (value: string) => (
    <time dateTime={value}>{formatInstant(new Date(value), language, page.timeZone)}</time>
  );
  return (
    <Document
      page={page}
      title={tr(language, { ru: `Обращение № ${incident.number}`, en: `Report No. ${incident.number}` })}
      description={tr(language, {
        ru: "Ход работ по вашему сообщению о проблеме.",
        en: "Progress on your problem report.",
      })}
    >
      {justSent ? (
        <div className="success" role="status" data-testid="report-sent">
          <p>
            <strong>
              {tr(language, {
                ru: `Сообщение зарегистрировано под номером ${incident.number}.`,
                en: `Your report is registered as No. ${incident.number}.`,
              })}
            </strong>
          </p>
          <p>
            {tr(language, {
              ru: "Сохраните адрес этой страницы: по нему видно, что сделано, и ответы. Первый ответ — в течение 2 рабочих часов.",
              en: "Keep the address of this page: it shows what has been done and the replies. The first reply comes within 2 working hours.",
            })}
          </p>
        </div>
      ) : null}
      <h1>{tr(language, { ru: `Обращение № ${incident.number}`, en: `Report No. ${incident.number}` })}</h1>
      <dl className="facts">
        <div>
          <dt>{tr(language, { ru: "Состояние", en: "Status" })}</dt>
          <dd data-testid="track-status">{status ? tr(language, status) : incident.status}</dd>
        </div>
        <div>
          <dt>{tr(language, { ru: "Тема", en: "Topic" })}</dt>
          <dd>{categoryName}</dd>
        </div>
        <div>
          <dt>{tr(language, { ru: "Получено", en: "Received" })}</dt>
          <dd>{at(incident.createdAt)}</dd>
        </div>
        <div>
          <dt>{tr(language, { ru: "Обновлено", en: "Updated" })}</dt>
          <dd>{at(incident.updatedAt)}</dd>
        </div>
      </dl>
      <h2>{tr(language, { ru: "Ответы", en: "Replies" })}</h2>
      {incident.replies.length === 0 ? (
        <p>{tr(language, { ru: "Ответов пока нет.", en: "No replies yet." })}</p>
      ) : (
        <ol className="problems">
          {incident.replies.map((reply) => (
            <li key={`${reply.at}-${reply.text.slice(0, 20)}`}>
              <p className="meta">{at(reply.at)}</p>
              <p lang="ru">{reply.text}</p>
            </li>
          ))}
        </ol>
      )}
    </Document>
  );
}
