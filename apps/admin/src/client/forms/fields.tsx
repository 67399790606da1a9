import type { InputHTMLAttributes, ReactElement, ReactNode, Ref } from "react";

/** `form-users-email` style ids, so labels, hints and errors tie together. */
function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const present = ids.filter(Boolean).join(" ");
  return present || undefined;
}

/** A labelled input; its hint and its error are announced with it (aria-describedby). */
export function TextField({
  id,
  label,
  error,
  hint,
  ...input
}: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  ref?: Ref<HTMLInputElement>;
} & InputHTMLAttributes<HTMLInputElement>): ReactElement {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        {...input}
      />
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** A labelled select; an empty value is offered as `emptyLabel` when given. */
export function SelectField({
  id,
  name,
  label,
  choices,
  emptyLabel,
  defaultValue,
  error,
}: {
  id: string;
  name: string;
  label: string;
  choices: Choice[];
  emptyLabel?: string;
  defaultValue?: string;
  error?: string;
}): ReactElement {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** Check boxes under one legend, with one error for the group. */
export function CheckboxGroup({
  id,
  name,
  legend,
  choices,
  checked = [],
  error,
}: {
  id: string;
  name: string;
  legend: string;
  choices: Choice[];
  checked?: readonly string[];
  error?: string;
}): ReactElement {
  return (
    <fieldset
      className="field checkbox-group"
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} className="checkbox">
          <input
            type="checkbox"
            name={name}
            value={choice.value}
            defaultChecked={checked.includes(choice.value)}
          />
          {choice.label}
        </label>
      ))}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** The form's own problem (not one field's), read out at once. */
export function FormAlert({ children }: { children?: ReactNode }): ReactElement | null {
  if (!children) return null;
  return (
    <p role="alert" className="form-alert">
      {children}
    </p>
  );
}

/** A quiet confirmation that something was saved. */
export function FormStatus({ children }: { children?: ReactNode }): ReactElement {
  return (
    <p role="status" className="form-status">
      {children}
    </p>
  );
}

/** A form field's text, or `undefined` when empty. */
export function textOf(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
