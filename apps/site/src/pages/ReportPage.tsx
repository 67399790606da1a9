import type { ReactElement } from "react";
import type { ConsentText } from "../api-client/content.js";
import {
  type Open311Service,
  REPORT_PHOTO_MAX_BYTES,
  REPORT_PHOTOS_MAX,
  REPORT_PHOTOS_MAX_TOTAL_BYTES,
  serviceName,
} from "../api-client/incidents.js";
import { tr } from "../i18n/texts.js";
import { Document } from "../layout/Document.js";
import type { PageContext } from "../layout/page-context.js";
import { AppealsNotice } from "./AppealsNotice.js";
import {
  ConsentField,
  described,
  ErrorSummary,
  Field,
  type FormState,
  UnavailableFormNotice,
} from "./forms.js";
import { PosWidget, posScripts } from "./PosWidget.js";

export interface ReportValues {
  category: string;
  description: string;
  address: string;
  name: string;
  email: string;
  phone: string;
  consent: boolean;
  /** How many photos the last sending carried: a re-shown form cannot keep them (browsers forbid it). */
  photoCount: number;
  /** One id per form shown: a second submission of the same form is not a second report. */
  submission: string;
}

export const REPORT_FIELD_IDS: Record<string, string> = {
  category: "report-category",
  description: "report-description",
  address: "report-address",
  name: "report-name",
  email: "report-email",
  phone: "report-phone",
  photos: "report-photos",
  consent: "report-consent",
};

const mb = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** Report a problem: a plain form posted to the site's server, which answers with a redirect. */
export function ReportPage({
  page,
  services,
  consent,
  form,
  unavailable,
  photoPreviewScriptPath,
}: {
  page: PageContext;
  services: Open311Service[];
  consent: ConsentText | undefined;
  form: FormState<ReportValues>;
  unavailable: boolean;
  /** The optional preview script; the form works without it. */
  photoPreviewScriptPath?: string | undefined;
}): ReactElement {
  const { language } = page.preferences;
  const { values } = form;
  // The photos have no value to keep, but errors of their own.
  const errors: Record<string, string | undefined> = form.errors;
  const ids = REPORT_FIELD_IDS;
  const cannotSend = unavailable || page.stale || !consent;
  const title = tr(language, { ru: "Сообщить о проблеме", en: "Report a problem" });
  return (
    <Document
      page={page}
      title={`${title} — ${page.city?.name[language] ?? ""}`}
      description={tr(language, {
        ru: "Сообщите о проблеме в городе: яма, освещение, мусор, двор. Ответ и ход работ — по ссылке.",
        en: "Report a problem in the city: potholes, lighting, rubbish, yards. Follow the answer at your link.",
      })}
      canonicalPath="/report"
      scripts={[...(photoPreviewScriptPath ? [photoPreviewScriptPath] : []), ...posScripts(page)]}
    >
      <h1>{title}</h1>
      <AppealsNotice page={page} />
      {cannotSend ? <UnavailableFormNotice language={language} /> : null}
      <ErrorSummary language={language} errors={errors} fieldIds={ids} />
      <form className="form" method="post" action="/report" encType="multipart/form-data" noValidate>
        <input type="hidden" name="submission" value={values.submission} />
        <Field
          id={ids.category!}
          label={tr(language, { ru: "Что случилось", en: "What happened" })}
          error={errors.category}
        >
          <select
            name="category"
            required
            defaultValue={values.category}
            {...described(ids.category!, false, errors.category)}
          >
            <option value="">{tr(language, { ru: "Выберите тему", en: "Choose a topic" })}</option>
            {services.map((service) => (
              <option key={service.service_code} value={service.service_code}>
                {serviceName(service, language)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id={ids.description!}
          label={tr(language, { ru: "Описание", en: "Description" })}
          hint={tr(language, {
            ru: "Что именно не так и с какого времени; от 5 до 4000 знаков",
            en: "What exactly is wrong and since when; 5 to 4000 characters",
          })}
          error={errors.description}
        >
          <textarea
            name="description"
            minLength={5}
            maxLength={4000}
            required
            defaultValue={values.description}
            {...described(ids.description!, true, errors.description)}
          />
        </Field>
        <Field
          id={ids.address!}
          label={tr(language, { ru: "Адрес или ориентир", en: "Address or landmark" })}
          hint={tr(language, {
            ru: "Например: ул. Ленина, 70, во дворе",
            en: "For example: 70 Lenina St, in the yard",
          })}
          error={errors.address}
        >
          <input
            type="text"
            name="address"
            maxLength={500}
            autoComplete="street-address"
            defaultValue={values.address}
            {...described(ids.address!, true, errors.address)}
          />
        </Field>
        <Field
          id={ids.photos!}
          label={tr(language, { ru: "Фотографии (необязательно)", en: "Photos (optional)" })}
          hint={
            tr(language, {
              ru: `До ${REPORT_PHOTOS_MAX} фото (JPEG, PNG, WebP), каждое до ${mb(REPORT_PHOTO_MAX_BYTES)} МБ, все вместе до ${mb(REPORT_PHOTOS_MAX_TOTAL_BYTES)} МБ. Место съёмки и данные камеры из файлов удаляются. Фото видят только сотрудники.`,
              en: `Up to ${REPORT_PHOTOS_MAX} photos (JPEG, PNG, WebP), each up to ${mb(REPORT_PHOTO_MAX_BYTES)} MB, ${mb(REPORT_PHOTOS_MAX_TOTAL_BYTES)} MB together. The location and camera data are removed from the files. Only staff see the photos.`,
            }) +
            (values.photoCount > 0
              ? ` ${tr(language, {
                  ru: `Выбранные фото (${values.photoCount}) не сохраняются при повторном показе формы — выберите их снова.`,
                  en: `The photos you chose (${values.photoCount}) are not kept when the form is shown again — please choose them again.`,
                })}`
              : "")
          }
          error={errors.photos}
        >
          <input
            type="file"
            name="photos"
            multiple
            accept="image/*"
            data-preview=""
            data-max-count={String(REPORT_PHOTOS_MAX)}
            data-max-bytes={String(REPORT_PHOTOS_MAX_TOTAL_BYTES)}
            data-alt={tr(language, { ru: "Выбранное фото:", en: "Chosen photo:" })}
            data-too-many={tr(language, {
              ru: `Выбрано больше ${REPORT_PHOTOS_MAX} фото: оставьте не больше ${REPORT_PHOTOS_MAX}.`,
              en: `More than ${REPORT_PHOTOS_MAX} photos chosen: keep at most ${REPORT_PHOTOS_MAX}.`,
            })}
            data-too-large={tr(language, {
              ru: `Фото вместе больше ${mb(REPORT_PHOTOS_MAX_TOTAL_BYTES)} МБ: выберите меньше или поменьше.`,
              en: `The photos together exceed ${mb(REPORT_PHOTOS_MAX_TOTAL_BYTES)} MB: choose fewer or smaller ones.`,
            })}
            {...described(ids.photos!, true, errors.photos)}
          />
          <p className="field-error" id="report-photos-status" role="status" aria-live="polite" />
          <ul className="photo-preview" id="report-photos-preview" />
        </Field>
        <fieldset>
          <legend>{tr(language, { ru: "Как с вами связаться", en: "How to contact you" })}</legend>
          <p className="hint">
            {tr(language, {
              ru: "Нужны электронная почта или телефон",
              en: "An e-mail or a phone is required",
            })}
          </p>
          <Field
            id={ids.name!}
            label={tr(language, { ru: "Имя (необязательно)", en: "Name (optional)" })}
            error={errors.name}
          >
            <input
              type="text"
              name="name"
              maxLength={200}
              autoComplete="name"
              defaultValue={values.name}
              {...described(ids.name!, false, errors.name)}
            />
          </Field>
          <Field
            id={ids.email!}
            label={tr(language, { ru: "Электронная почта", en: "E-mail" })}
            error={errors.email}
          >
            <input
              type="email"
              name="email"
              maxLength={254}
              autoComplete="email"
              defaultValue={values.email}
              {...described(ids.email!, false, errors.email)}
            />
          </Field>
          <Field id={ids.phone!} label={tr(language, { ru: "Телефон", en: "Phone" })} error={errors.phone}>
            <input
              type="tel"
              name="phone"
              maxLength={40}
              autoComplete="tel"
              defaultValue={values.phone}
              {...described(ids.phone!, false, errors.phone)}
            />
          </Field>
        </fieldset>
        {consent ? (
          <ConsentField
            language={language}
            id={ids.consent!}
            consent={consent}
            checked={values.consent}
            error={errors.consent}
          />
        ) : null}
        <button type="submit" disabled={cannotSend}>
          {tr(language, { ru: "Отправить сообщение", en: "Send the report" })}
        </button>
      </form>
      <PosWidget page={page} />
    </Document>
  );
}
