import type { ReactElement } from "react";
import { STATUS_NAMES, type TrackedIncident } from "../api-client/incidents.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { formatInstant } from "../time/format-instant.js";

/** The thumbnail's size (the API makes them at most 320 px on the longer side), so the page does not jump. */
function thumbnailSize(width: number | null, height: number | null): { width?: number; height?: number } {
  if (!width || !height) return {};
  const scale = Math.min(1, 320 / Math.max(width, height));
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

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
      {incident.proof.length > 0 ? (
        <section aria-labelledby="proof-title" data-testid="track-proof">
          <h2 id="proof-title">{tr(language, { ru: "Фото устранения", en: "Photos of the fix" })}</h2>
          <ul className="proof-photos">
            {incident.proof.map((photo, index) => {
              const size = thumbnailSize(photo.width, photo.height);
              const alt = tr(language, {
                ru: `Фото устранения ${index + 1} из ${incident.proof.length}, обращение № ${incident.number}, ${formatInstant(new Date(photo.at), language, page.timeZone)}`,
                en: `Photo of the fix ${index + 1} of ${incident.proof.length}, report No. ${incident.number}, ${formatInstant(new Date(photo.at), language, page.timeZone)}`,
              });
              return (
                <li key={photo.mediaId}>
                  <a href={photo.url}>
                    <img src={photo.thumbnailUrl} alt={alt} loading="lazy" {...size} />
                  </a>
                </li>
              );
            })}
          </ul>
          <p className="hint">
            {tr(language, {
              ru: "Нажмите на фото, чтобы открыть его крупнее.",
              en: "Select a photo to open it larger.",
            })}
          </p>
        </section>
      ) : null}
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
