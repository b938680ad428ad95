import type { z } from "zod";
import type { MessageKey } from "../i18n";

/** Field name → message key, for the Japanese (or English) note beside each field. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a form with a schema whose messages are dictionary keys (`z.string().min(1,
 * "field.email.required")`). The first problem per field wins.
 */
export function parseWith<S extends z.ZodTypeAny>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message as MessageKey;
  }
  return { ok: false, errors };
}

/** A form's text fields as an object (files and repeated names left out; see `formArray`). */
export function formObject(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !(key in values)) values[key] = value;
  }
  return values;
}

/** Every value of a repeated field (checkboxes, multi-selects). */
export function formArray(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}
