import { useActionData } from "@remix-run/react";
import { useFormKey } from "~/lib/form-key";
import type { MessageKey } from "~/lib/i18n";
import type { FieldErrors } from "./parse";
import type { Rejection } from "./rejection";

/**
 * The page's side of `parseSubmission`/`reject`: the refusal the action answered (if any), its
 * field errors (empty when none), what the person typed, and the form's `key` (useFormKey: kept
 * while refused, so the typed values stay; new after a successful save, so the form empties).
 * For routes whose action answers only a `Rejection` or a redirect; form values are strings,
 * arrays of strings and booleans, which JSON carries unchanged.
 */
export function useRejection<V>(): { rejected: boolean; errors: FieldErrors; values: V | undefined; formError: MessageKey | undefined; formKey: string } {
  const data = useActionData() as Rejection<V> | undefined;
  const formKey = useFormKey(data !== undefined);
  return { rejected: data !== undefined, errors: data?.errors ?? {}, values: data?.values, formError: data?.formError, formKey };
}
