import type { ReactElement, ReactNode } from "react";
import type { ConsentText } from "../api-client/content.js";
import type { Language } from "../i18n/language.js";
import { tr } from "../i18n/texts.js";

/** A form's answer to one submission: the values as sent and a message per field, in both languages. */
export interface FormState<Values> {
  values: Values;
  errors: Partial<Record<keyof Values & string, string>> & { form?: string };
}

/** One field: label, hint, the error next to it (tied by aria-describedby), and the control. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}): ReactElement {
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** The aria attributes of a control that has a hint and maybe an error. */
export function described(id: string, hint: boolean, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean);
  return {
    id,
    "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    "aria-invalid": error ? (true as const) : undefined,
  };
}

/** The list of problems above a form, each a link to its field; focus-worthy, announced as an alert. */
export function ErrorSummary({
  language,
  errors,
  fieldIds,
}: {
  language: Language;
  errors: Record<string, string | undefined>;
  fieldIds: Record<string, string>;
}): ReactElement | null {
  const entries = Object.entries(errors).filter((entry): entry is [string, string] => Boolean(entry[1]));
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2>{tr(language, { ru: "Проверьте форму", en: "Please check the form" })}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>{fieldIds[name] ? <a href={`#${fieldIds[name]}`}>{message}</a> : message}</li>
        ))}
      </ul>
    </div>
  );
}

/** The consent text in force, shown in full next to its own checkbox (separate from the form's purpose). */
export function ConsentField({
  language,
  id,
  consent,
  checked,
  error,
}: {
  language: Language;
  id: string;
  consent: ConsentText;
  checked: boolean;
  error?: string | undefined;
}): ReactElement {
  return (
    <fieldset className={error ? "field has-error" : "field"}>
      <legend>
        {tr(language, {
          ru: "Согласие на обработку персональных данных",
          en: "Consent to personal-data processing",
        })}
      </legend>
      <div className="consent-text" id={`${id}-hint`} lang="ru">
        <p>
          <strong>{consent.title}</strong>
        </p>
        <p>{consent.body}</p>
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <div className="checkbox">
        <input
          type="checkbox"
          name="consent"
          value="yes"
          defaultChecked={checked}
          {...described(id, true, error)}
        />
        <label htmlFor={id}>
          {tr(language, {
            ru: "Я даю согласие на обработку моих персональных данных на условиях, изложенных выше",
            en: "I consent to the processing of my personal data on the terms above (the text is in Russian)",
          })}
        </label>
      </div>
      <input type="hidden" name="consentTextId" value={consent.id} />
      <input type="hidden" name="consentTextVersion" value={String(consent.version)} />
    </fieldset>
  );
}

export function UnavailableFormNotice({ language }: { language: Language }): ReactElement {
  return (
    <div className="notice" role="alert" data-testid="form-unavailable">
      <p>
        {tr(language, {
          ru: "Сейчас форму отправить нельзя: сервер временно недоступен. Введённый текст сохранён на этой странице — попробуйте отправить ещё раз через несколько минут.",
          en: "The form cannot be sent right now: the server is temporarily unavailable. Your text is kept on this page — please try again in a few minutes.",
        })}
      </p>
    </div>
  );
}
