import type { ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useT, type MessageKey } from "~/lib/i18n";

// Form controls the coordinator workspace needs beside TextField: each has a visible label, its
// hint and its error tied to it with aria-describedby, so a screen reader reads them together.

function describedBy(id: string, hint?: ReactNode, error?: MessageKey) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

function FieldError({ id, error }: { id: string; error?: MessageKey }) {
  const t = useT();
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      {t(error)}
    </p>
  ) : null;
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id"> {
  name: string;
  id?: string;
  label: string;
  options: { value: string; label: string }[];
  error?: MessageKey;
  hint?: ReactNode;
}

export function SelectField({ name, id = name, label, options, error, hint, ...select }: SelectFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id"> {
  name: string;
  id?: string;
  label: string;
  error?: MessageKey;
  hint?: ReactNode;
}

export function TextAreaField({ name, id = name, label, error, hint, ...area }: TextAreaFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <textarea id={id} name={name} rows={3} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...area} />
      <FieldError id={id} error={error} />
    </div>
  );
}

export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  error,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  checked: readonly string[];
  error?: MessageKey;
}) {
  return (
    <fieldset className="field checkbox-group" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="checkbox">
          <input type="checkbox" name={name} value={option.value} defaultChecked={checked.includes(option.value)} /> {option.label}
        </label>
      ))}
      <FieldError id={name} error={error} />
    </fieldset>
  );
}
