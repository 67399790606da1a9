import type { ReactElement } from "react";
import {
  AnnouncementFields,
  AuctionFields,
  type ConsentText,
  type HearingComment,
  type HearingFields,
  NoticeFields,
  type PublicPublication,
} from "../api-client/content.js";
import { publicationPath, sectionOf } from "../content/sections.js";
import type { Language } from "../i18n/language.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { formatDay, formatInstant } from "../time/format-instant.js";
import { Attachments, DateOf, TYPE_NAMES } from "./components.js";
import {
  ConsentField,
  described,
  ErrorSummary,
  Field,
  type FormState,
  UnavailableFormNotice,
} from "./forms.js";
import { articleJsonLd, eventJsonLd } from "./json-ld.js";

export interface CommentValues {
  paragraph: string;
  text: string;
  name: string;
  email: string;
  consent: boolean;
}

export const EMPTY_COMMENT: CommentValues = { paragraph: "", text: "", name: "", email: "", consent: false };

export interface HearingView {
  fields: HearingFields;
  comments: HearingComment[];
  consent: ConsentText | undefined;
  form: FormState<CommentValues> | undefined;
  /** The comment was received (after the redirect). */
  sent: boolean;
  /** The API cannot take the comment now. */
  unavailable: boolean;
}

export type HearingPhase = "upcoming" | "open" | "closed";

export function hearingPhase(fields: HearingFields, now: Date): HearingPhase {
  if (now < new Date(fields.opensAt)) return "upcoming";
  return now < new Date(fields.closesAt) ? "open" : "closed";
}

function instant(page: PageContext, value: string): ReactElement {
  return (
    <time dateTime={value}>{formatInstant(new Date(value), page.preferences.language, page.timeZone)}</time>
  );
}

function Facts({ rows }: { rows: [string, ReactElement | string][] }): ReactElement {
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function TypeFacts({ page, item }: { page: PageContext; item: PublicPublication }): ReactElement | null {
  const { language } = page.preferences;
  if (item.type === "announcement") {
    const fields = AnnouncementFields.safeParse(item.fields);
    if (!fields.success || (!fields.data.eventAt && !fields.data.place)) return null;
    const rows: [string, ReactElement | string][] = [];
    if (fields.data.eventAt)
      rows.push([tr(language, { ru: "Когда", en: "When" }), instant(page, fields.data.eventAt)]);
    if (fields.data.place) rows.push([tr(language, { ru: "Где", en: "Where" }), fields.data.place]);
    return <Facts rows={rows} />;
  }
  if (item.type === "notice") {
    const fields = NoticeFields.safeParse(item.fields);
    if (!fields.success || !fields.data.validUntil) return null;
    return (
      <Facts
        rows={[
          [
            tr(language, { ru: "Действует до", en: "Valid until" }),
            formatDay(fields.data.validUntil, language),
          ],
        ]}
      />
    );
  }
  if (item.type === "auction_notice") {
    const fields = AuctionFields.safeParse(item.fields);
    if (!fields.success) return null;
    const f = fields.data;
    return (
      <>
        <Facts
          rows={[
            [tr(language, { ru: "Лот", en: "Lot" }), f.lot],
            [
              tr(language, { ru: "Приём заявок", en: "Bids accepted" }),
              <>
                {instant(page, f.bidsOpenAt)} — {instant(page, f.bidsCloseAt)}
              </>,
            ],
            [tr(language, { ru: "Торги", en: "Auction" }), instant(page, f.auctionAt)],
            ...(f.startingPrice === undefined
              ? []
              : ([
                  [
                    tr(language, { ru: "Начальная цена", en: "Starting price" }),
                    new Intl.NumberFormat(language === "ru" ? "ru-RU" : "en-GB", {
                      style: "currency",
                      currency: "RUB",
                    }).format(f.startingPrice),
                  ],
                ] as [string, string][])),
          ]}
        />
        <p>{f.terms}</p>
        <p>
          <a href={f.auctionUrl}>
            {tr(language, { ru: "Лот на электронной площадке", en: "The lot on the auction site" })}
          </a>
        </p>
      </>
    );
  }
  return null;
}

const PHASE_TEXT: Record<HearingPhase, { ru: string; en: string }> = {
  upcoming: { ru: "Приём замечаний ещё не начался", en: "Comments are not open yet" },
  open: { ru: "Идёт приём замечаний", en: "Comments are open" },
  closed: { ru: "Приём замечаний завершён", en: "Comments are closed" },
};

function CommentForm({
  page,
  item,
  hearing,
}: {
  page: PageContext;
  item: PublicPublication;
  hearing: HearingView;
}): ReactElement {
  const { language } = page.preferences;
  const values = hearing.form?.values ?? EMPTY_COMMENT;
  const errors = hearing.form?.errors ?? {};
  const cannotSend = hearing.unavailable || page.stale || !hearing.consent;
  const ids = {
    paragraph: "comment-paragraph",
    text: "comment-text",
    name: "comment-name",
    email: "comment-email",
    consent: "comment-consent",
  };
  return (
    <section aria-labelledby="comment-form-title" id="comment-form">
      <h2 id="comment-form-title">{tr(language, { ru: "Оставить замечание", en: "Leave a comment" })}</h2>
      {hearing.sent ? (
        <div className="success" role="status" data-testid="comment-sent">
          <p>
            {tr(language, {
              ru: "Спасибо! Замечание получено. Оно появится на странице после проверки модератором, вместе с ответом.",
              en: "Thank you! Your comment has been received. It will appear on this page after moderation, with the answer.",
            })}
          </p>
        </div>
      ) : null}
      {cannotSend ? <UnavailableFormNotice language={language} /> : null}
      <ErrorSummary language={language} errors={errors} fieldIds={ids} />
      <form className="form" method="post" action={`${publicationPath(item.slug)}/comments`} noValidate>
        <Field
          id={ids.paragraph}
          label={tr(language, { ru: "К чему замечание", en: "What the comment is about" })}
          error={errors.paragraph}
        >
          <select
            name="paragraph"
            defaultValue={values.paragraph}
            {...described(ids.paragraph, false, errors.paragraph)}
          >
            <option value="">{tr(language, { ru: "К проекту в целом", en: "The whole draft" })}</option>
            {hearing.fields.draftParagraphs.map((paragraph, index) => (
              <option key={index} value={String(index)}>
                {`${tr(language, { ru: "Пункт", en: "Paragraph" })} ${index + 1}: ${paragraph.slice(0, 60)}${paragraph.length > 60 ? "…" : ""}`}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={ids.text}
          label={tr(language, { ru: "Замечание или предложение", en: "Comment or proposal" })}
          error={errors.text}
        >
          <textarea
            name="text"
            maxLength={10_000}
            required
            defaultValue={values.text}
            {...described(ids.text, false, errors.text)}
          />
        </Field>
        <Field
          id={ids.name}
          label={tr(language, { ru: "Фамилия и имя", en: "Full name" })}
          hint={tr(language, {
            ru: "В опубликованном замечании имя не показывается полностью",
            en: "Published comments do not show your full name",
          })}
          error={errors.name}
        >
          <input
            type="text"
            name="name"
            maxLength={200}
            autoComplete="name"
            required
            defaultValue={values.name}
            {...described(ids.name, true, errors.name)}
          />
        </Field>
        <Field
          id={ids.email}
          label={tr(language, { ru: "Электронная почта", en: "E-mail" })}
          error={errors.email}
        >
          <input
            type="email"
            name="email"
            maxLength={254}
            autoComplete="email"
            required
            defaultValue={values.email}
            {...described(ids.email, false, errors.email)}
          />
        </Field>
        {hearing.consent ? (
          <ConsentField
            language={language}
            id={ids.consent}
            consent={hearing.consent}
            checked={values.consent}
            error={errors.consent}
          />
        ) : null}
        <button type="submit" disabled={cannotSend}>
          {tr(language, { ru: "Отправить замечание", en: "Send the comment" })}
        </button>
      </form>
    </section>
  );
}

function Hearing({
  page,
  item,
  hearing,
}: {
  page: PageContext;
  item: PublicPublication;
  hearing: HearingView;
}): ReactElement {
  const { language } = page.preferences;
  const phase = hearingPhase(hearing.fields, page.now);
  const answered = (comment: HearingComment) =>
    comment.paragraph === null
      ? tr(language, { ru: "К проекту в целом", en: "On the whole draft" })
      : `${tr(language, { ru: "К пункту", en: "On paragraph" })} ${comment.paragraph + 1}`;
  return (
    <>
      <Facts
        rows={[
          [
            tr(language, { ru: "Период обсуждения", en: "Discussion period" }),
            <>
              {instant(page, hearing.fields.opensAt)} — {instant(page, hearing.fields.closesAt)}
            </>,
          ],
          [
            tr(language, { ru: "Состояние", en: "Status" }),
            <strong key="phase" data-testid="hearing-phase">
              {tr(language, PHASE_TEXT[phase])}
            </strong>,
          ],
          ...(hearing.fields.protocolNumber
            ? ([[tr(language, { ru: "Протокол", en: "Protocol" }), `№ ${hearing.fields.protocolNumber}`]] as [
                string,
                string,
              ][])
            : []),
        ]}
      />
      <h2>{tr(language, { ru: "Как принять участие", en: "How to take part" })}</h2>
      <p>{hearing.fields.howToTakePart}</p>
      <section aria-labelledby="draft-title">
        <h2 id="draft-title">{tr(language, { ru: "Текст проекта", en: "The draft" })}</h2>
        <ol className="draft">
          {hearing.fields.draftParagraphs.map((paragraph, index) => (
            <li key={index} id={`paragraph-${index + 1}`}>
              {paragraph}
            </li>
          ))}
        </ol>
        {hearing.fields.draftFile ? <Attachments page={page} items={[hearing.fields.draftFile]} /> : null}
      </section>
      <section aria-labelledby="comments-title" id="comments">
        <h2 id="comments-title">{tr(language, { ru: "Замечания и ответы", en: "Comments and answers" })}</h2>
        {hearing.comments.length === 0 ? (
          <p>
            {tr(language, { ru: "Опубликованных замечаний пока нет.", en: "No published comments yet." })}
          </p>
        ) : (
          <ul className="problems">
            {hearing.comments.map((comment) => (
              <li key={comment.id}>
                <p className="meta">
                  {answered(comment)} · <DateOf page={page} instant={comment.receivedAt} />
                  {comment.authorName ? ` · ${comment.authorName}` : null}
                </p>
                <p>{comment.text}</p>
                {comment.answer ? (
                  <p>
                    <strong>
                      {comment.decision === "accepted"
                        ? tr(language, { ru: "Учтено", en: "Accepted" })
                        : tr(language, { ru: "Не учтено", en: "Not accepted" })}
                      {": "}
                    </strong>
                    {comment.answer}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {phase === "open" ? (
        <CommentForm page={page} item={item} hearing={hearing} />
      ) : (
        <p className="notice">{tr(language, PHASE_TEXT[phase])}</p>
      )}
    </>
  );
}

function jsonLdFor(page: PageContext, item: PublicPublication, hearing: HearingView | undefined): object[] {
  if (hearing)
    return [eventJsonLd(page, item, { startDate: hearing.fields.opensAt, endDate: hearing.fields.closesAt })];
  if (item.type === "announcement") {
    const fields = AnnouncementFields.safeParse(item.fields);
    if (fields.success && fields.data.eventAt)
      return [eventJsonLd(page, item, { startDate: fields.data.eventAt, place: fields.data.place })];
  }
  return [articleJsonLd(page, item)];
}

export function PublicationPage({
  page,
  item,
  hearing,
}: {
  page: PageContext;
  item: PublicPublication;
  hearing?: HearingView | undefined;
}): ReactElement {
  const { language } = page.preferences;
  const section = sectionOf(item.type);
  const updated = item.publishedAt !== item.firstPublishedAt;
  return (
    <Document
      page={page}
      title={`${item.title} — ${page.city?.name[language] ?? tr(language, section.title)}`}
      description={item.summary || item.title}
      canonicalPath={publicationPath(item.slug)}
      openGraph={{ type: "article", image: item.cover ?? undefined }}
      jsonLd={jsonLdFor(page, item, hearing)}
      feeds={[{ href: `/rss.xml?type=${item.type}`, title: `${tr(language, section.title)} (RSS)` }]}
    >
      <nav aria-label={tr(language, { ru: "Вы здесь", en: "You are here" })}>
        <p className="meta">
          <a href="/">{tr(language, { ru: "Главная", en: "Home" })}</a>
          {" › "}
          <a href={section.path}>{tr(language, section.title)}</a>
        </p>
      </nav>
      <article className="article">
        <h1>{item.title}</h1>
        <p className="meta">
          {tr(language, TYPE_NAMES[item.type])}
          {" · "}
          <DateOf page={page} instant={item.firstPublishedAt} />
          {updated ? (
            <>
              {` · ${tr(language, { ru: "обновлено", en: "updated" })} `}
              <DateOf page={page} instant={item.publishedAt} />
            </>
          ) : null}
          {` · ${item.publisher.name}`}
        </p>
        {language === "en" ? (
          <p className="meta" lang="en">
            The text is published in Russian.
          </p>
        ) : null}
        {item.summary ? <p className="lead">{item.summary}</p> : null}
        {item.cover ? <img src={item.cover.url} alt={item.cover.alt} width={768} height={432} /> : null}
        <TypeFacts page={page} item={item} />
        {/* The body is content's Markdown rendered with raw HTML off and every link checked (see README). */}
        <div className="article-body" lang="ru" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />
        {hearing ? <Hearing page={page} item={item} hearing={hearing} /> : null}
        <Attachments page={page} items={item.attachments} />
        {item.tags.length > 0 ? (
          <p className="meta">
            {`${tr(language, { ru: "Темы", en: "Topics" })}: `}
            {item.tags.map((tag, index) => (
              <span key={tag}>
                {index > 0 ? ", " : null}
                <a href={`${section.path}?tag=${encodeURIComponent(tag)}`}>{tag}</a>
              </span>
            ))}
          </p>
        ) : null}
      </article>
    </Document>
  );
}

export type { Language };
