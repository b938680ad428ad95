// One shape for a form an action refuses, and one way to get there (issue 13, part 4): the
// action reads the form, checks it against its zod schema and either has the data, or answers
// 400 with the field errors and what the person typed (`Rejection`), which the page shows
// beside the fields through `useRejection` (app/lib/forms/use-rejection.ts).
import { json, type TypedResponse } from "@remix-run/node";
import type { z } from "zod";
import { readForm } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n";
import { formObject, parseWith, type FieldErrors } from "./parse";
import type { Rejection } from "./rejection";

interface ReplyInit {
  status?: number;
  /** A message for the whole form (「メールアドレスかパスワードが違います」), beside the field errors. */
  formError?: MessageKey;
  headers?: HeadersInit;
}

/** The refusal of a form: 400 (or `status`) with the errors and the values to show again. */
export function reject<V>(values: V, errors: FieldErrors, init: ReplyInit = {}): TypedResponse<Rejection<V>> {
  const body: Rejection<V> = init.formError === undefined ? { errors, values } : { errors, values, formError: init.formError };
  return json(body, { status: init.status ?? 400, headers: init.headers });
}

type Submission<S extends z.ZodTypeAny, V> = { ok: true; data: z.infer<S>; values: V; form: FormData } | { ok: false; reply: TypedResponse<Rejection<V>> };

/**
 * The posted form (`readForm`: 415/400 for anything that is not one), checked by `schema`. The
 * schema reads `input(form)` (every field, by default); the person sees `values(form)` again, so
 * a password is never sent back. `headers` go with a refusal (NO_STORE for 参加支援 forms).
 */
export async function parseSubmission<S extends z.ZodTypeAny, V = Record<string, string>>(
  request: Request,
  schema: S,
  options: { values?: (form: FormData) => V; input?: (form: FormData) => unknown; headers?: HeadersInit } = {},
): Promise<Submission<S, V>> {
  const form = await readForm(request);
  const values = options.values ? options.values(form) : (formObject(form) as V);
  const parsed = parseWith(schema, options.input ? options.input(form) : values);
  if (!parsed.ok) return { ok: false, reply: reject(values, parsed.errors, { headers: options.headers }) };
  return { ok: true, data: parsed.data, values, form };
}
