import { useActionData } from "@remix-run/react";
import { useFormKey } from "~/lib/form-key";
import type { MessageKey, Params } from "~/lib/i18n";
import type { FieldErrors } from "./parse";
import { rejectionMatches, type FormMatch, type Rejection } from "./rejection";

interface PageRejection<V> {
  /** The refusal itself (the same object until the next answer: `useClearPasswords` runs once per refusal). */
  data: Rejection<V> | undefined;
  rejected: boolean;
  errors: FieldErrors;
  values: V | undefined;
  formError: MessageKey | undefined;
  formParams: Params | undefined;
  /** The form's key: kept while anything on the page is refused, new after a save (useFormKey). */
  formKey: string;
  /** The refusal of one form on a page of several, drawn in a loop (one row's cancel form). */
  of: (match: FormMatch) => Rejection<V> | undefined;
}

/**
 * The page's side of `parseSubmission`/`reject`: the refusal the action answered (if any), its
 * field errors (empty when none), what the person typed, and the form's `key` (useFormKey: kept
 * while refused, so the typed values stay; new after a successful save, so the form empties).
 * With `match`, only a refusal of that form (its intent and target) counts; `of(match)` asks the
 * same for forms drawn in a loop. Form values are strings, arrays of strings and booleans,
 * which JSON carries unchanged.
 */
export function useRejection<V = Record<string, string>>(match?: FormMatch): PageRejection<V> {
  const answer = useActionData() as Partial<Rejection<V>> | undefined;
  const formKey = useFormKey(answer !== undefined);
  // Anything else an action answers ({ message } for an unknown intent) refuses no form.
  const all = answer?.errors !== undefined && answer.values !== undefined ? (answer as Rejection<V>) : undefined;
  const of = (m: FormMatch) => (all && rejectionMatches(all, m) ? all : undefined);
  const data = match ? of(match) : all;
  return {
    data,
    rejected: data !== undefined,
    errors: data?.errors ?? {},
    values: data?.values,
    formError: data?.formError,
    formParams: data?.formParams,
    formKey,
    of,
  };
}
