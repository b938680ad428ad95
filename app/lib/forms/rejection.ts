import type { MessageKey, Params } from "~/lib/i18n";
import type { FieldErrors } from "./parse";

/** What an action answers when it refuses a form: field errors, the typed values, and perhaps a message for the whole form. */
export interface Rejection<V> {
  errors: FieldErrors;
  values: V;
  formError?: MessageKey;
  /** The parameters of `formError` (「{minutes}分ほどして…」). */
  formParams?: Params;
  /** On a page of several forms, which one was refused: its `intent`, and the row it names (a session, a role). */
  intent?: string;
  target?: number | string | null;
}

/** One form on a page of several: its intent and the row it names (neither, for a page's only form). */
export interface FormMatch {
  intent?: string;
  target?: number | string | null;
}

/** Whether a refusal belongs to the form `match` names (an absent intent or target is "none", not "any"). */
export function rejectionMatches(rejection: Pick<Rejection<unknown>, "intent" | "target">, match: FormMatch): boolean {
  return (rejection.intent ?? null) === (match.intent ?? null) && (rejection.target ?? null) === (match.target ?? null);
}
