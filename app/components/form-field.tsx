import { useEffect, type InputHTMLAttributes, type ReactNode } from "react";
import { useT, type MessageKey } from "~/lib/i18n";

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id"> {
  name: string;
  label: string;
  error?: MessageKey;
  hint?: ReactNode;
  /** Defaults to `name`; set it when one page has two forms with the same field name. */
  id?: string;
}

/**
 * A labelled input with its hint and its error beside it; the error is tied to the input
 * (aria-describedby) so a screen reader reads it with the field.
 */
export function TextField({ name, label, error, hint, id = name, "aria-describedby": extra, ...input }: TextFieldProps) {
  const t = useT();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [extra, hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <input id={id} name={name} type="text" aria-invalid={error ? true : undefined} {...input} aria-describedby={describedBy} />
      {error ? (
        <p className="field-error" id={errorId}>
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/** The message at the top of a form that came back with errors, or a form-wide error. */
export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="notice" role="alert">
      <p>{message}</p>
    </div>
  );
}

/**
 * Empties every password field when a submission comes back (`result` changes): passwords are
 * never sent back by the server, and with JavaScript the browser would otherwise keep them.
 */
export function useClearPasswords(result: unknown) {
  useEffect(() => {
    if (!result) return;
    for (const input of document.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = "";
  }, [result]);
}
