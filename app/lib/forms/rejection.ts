import type { MessageKey } from "~/lib/i18n";
import type { FieldErrors } from "./parse";

/** What an action answers when it refuses a form: field errors, the typed values, and perhaps a message for the whole form. */
export interface Rejection<V> {
  errors: FieldErrors;
  values: V;
  formError?: MessageKey;
}
