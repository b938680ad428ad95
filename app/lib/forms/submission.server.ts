// One shape for a form an action refuses, and one way to get there (issue 13, part 4): the
// action reads the form, checks it against its zod schema and either has the data, or answers
// 400 with the field errors and what the person typed (`Rejection`), which the page shows
// beside the fields through `useRejection` (app/lib/forms/use-rejection.ts).
import { json, type TypedResponse } from "@remix-run/node";
import type { z } from "zod";
import { readForm } from "~/lib/http.server";
import type { MessageKey, Params } from "~/lib/i18n";
import { formObject, parseWith, type FieldErrors } from "./parse";
import type { Rejection } from "./rejection";

/** Which form of a page was refused (see `Rejection`), and the headers every answer of the route carries. */
interface FormTag {
  intent?: string;
  target?: number | string | null;
  headers?: HeadersInit;
}

interface ReplyInit extends FormTag {
  status?: number;
  /** A message for the whole form (「メールアドレスかパスワードが違います」), beside the field errors. */
  formError?: MessageKey;
  formParams?: Params;
}

/** The refusal of a form: 400 (or `status`) with the errors and the values to show again. */
export function reject<V>(values: V, errors: FieldErrors, init: ReplyInit = {}): TypedResponse<Rejection<V>> {
  const { status = 400, headers, ...tags } = init;
  // JSON leaves out what is unset: a page's only form answers no intent or target.
  const body: Rejection<V> = { errors, values, ...tags };
  return json(body, { status, headers });
}

type Submission<S extends z.ZodTypeAny, V> =
  | { ok: true; data: z.infer<S>; values: V; form: FormData }
  | { ok: false; reply: TypedResponse<Rejection<V>>; values: V; form: FormData };

interface SubmissionOptions<V> extends FormTag {
  /** What the person sees again after a refusal (every text field by default; never a password). */
  values?: (form: FormData) => V;
  /** What the schema reads (`values` by default). */
  input?: (form: FormData) => unknown;
}

/**
 * A form already read (one with several intents reads it once, then checks the intent's
 * schema), checked by `schema`: the data, or the 400 reply with `values(form)` and the form's
 * intent and target, so the page shows the errors beside the form that was sent.
 */
export function parseForm<S extends z.ZodTypeAny, V = Record<string, string>>(form: FormData, schema: S, options: SubmissionOptions<V> = {}): Submission<S, V> {
  const { values: valuesOf, input, ...tag } = options;
  const values = valuesOf ? valuesOf(form) : (formObject(form) as V);
  const parsed = parseWith(schema, input ? input(form) : values);
  if (!parsed.ok) return { ok: false, reply: reject(values, parsed.errors, tag), values, form };
  return { ok: true, data: parsed.data, values, form };
}

/**
 * The posted form (`readForm`: 415/400 for anything that is not one), checked by `schema`. The
 * schema reads `input(form)` (every field, by default); the person sees `values(form)` again, so
 * a password is never sent back. `headers` go with a refusal (NO_STORE for 参加支援 forms).
 * `form` comes back either way, for a check that must come before the verdict (a hub id in the
 * form that is not the hub in the address).
 */
export async function parseSubmission<S extends z.ZodTypeAny, V = Record<string, string>>(
  request: Request,
  schema: S,
  options: SubmissionOptions<V> = {},
): Promise<Submission<S, V>> {
  return parseForm(await readForm(request), schema, options);
}
