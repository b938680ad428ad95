import type { z } from "zod";
import type { MessageKey } from "../i18n";

/** Field name → message key, for the Japanese (or English) note beside each field. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a form with a schema whose messages are dictionary keys (`z.string().min(1, <key>)`).
 * The first problem per field wins. Valid text that holds a control
 * character is refused too (`field.text.controlCharacters`), whatever the schema.
 */
export function parseWith<S extends z.ZodTypeAny>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) {
    const refused = controlCharacterErrors(result.data);
    return refused ? { ok: false, errors: refused } : { ok: true, data: result.data };
  }
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message as MessageKey;
  }
  return { ok: false, errors };
}

/**
 * C0 and C1 control characters other than tab, line feed and carriage return. Nobody types them;
 * PostgreSQL's text cannot hold NUL at all (a database error, not a refusal), and the others
 * break CSV exports, e-mails and logs.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/**
 * Every field of a parsed form whose text holds a control character, named by the nearest key
 * on the way to the string (`details.title` → `title`), so the message shows beside the field.
 * Checked on what the schema let through: that is exactly what would be stored.
 */
function controlCharacterErrors(data: unknown): FieldErrors | null {
  const errors: FieldErrors = {};
  const visit = (value: unknown, field: string) => {
    if (typeof value === "string") {
      if (hasControlCharacters(value)) errors[field] = "field.text.controlCharacters";
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, field);
    } else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [key, item] of Object.entries(value)) visit(item, key);
    }
  };
  visit(data, "form");
  return Object.keys(errors).length > 0 ? errors : null;
}

/** Ids are PostgreSQL `integer`s: a larger number is refused here, not by the database (a 500). */
export const MAX_ID = 2_147_483_647;

/** A posted or routed id ("12"), or undefined for anything else ("1e3", "-1", "99999999999", a file). */
export function idFrom(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value)) return undefined;
  const id = Number(value);
  return id > 0 && id <= MAX_ID ? id : undefined;
}

/** Account ids are 20 random base64url characters (`newUserId`); anything else names nobody. */
export function isUserId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
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
