import type { z } from "zod";
import type { MessageKey } from "../i18n";

/** Field name → message key, for the Japanese (or English) note beside each field. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a form with a schema whose messages are dictionary keys (`z.string().min(1, <key>)`).
 * Text is NFKC-normalised first (see `normaliseFormInput`). The first problem per field wins. Valid text that holds a control
 * character is refused too (`field.text.controlCharacters`), whatever the schema.
 */
export function parseWith<S extends z.ZodTypeAny>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(normaliseFormInput(input));
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
 * Fields kept exactly as typed, never NFKC-normalised (docs/decisions/ on Japanese input):
 * - secrets: a password is hashed as typed; normalising now would lock out anyone whose stored
 *   hash was made from a full-width or compatibility character, and it cannot be re-hashed;
 * - names and prose: NFKC rewrites what a person wrote (「…」→「...」, 「①」→「1」, the 全角スペース,
 *   and CJK compatibility ideographs in names such as 塚 U+FA10), and nothing is validated there
 *   that full-width input would fail.
 * Every other field (numbers, times, dates, e-mail addresses, telephone numbers, codes, choices)
 * is normalised, so 「１０：００」 is 10:00 and 「１００」 is 100. A new prose field missing here is
 * only normalised (harmless); a new number field needs nothing.
 */
export const VERBATIM_FIELDS: ReadonlySet<string> = new Set([
  // secrets
  "password",
  "currentPassword",
  "newPassword",
  // names
  "displayName",
  "name",
  "guestName",
  "pseudonym",
  "realName",
  "partnerName",
  // prose
  "title",
  "description",
  "feeNote",
  "accessibilityNotes",
  "skills",
  "freeSkills",
  "interests",
  "reason",
  "note",
  "notes",
  "contactNote",
  "parkingInfo",
  "applicationMethod",
  "guestNote",
  "constraintNote",
  "consentPurpose",
  "consentScope",
  "theme",
  "outcome",
]);

/**
 * A posted form with every text field NFKC-normalised except `VERBATIM_FIELDS`: Japanese
 * keyboards often type full-width digits, colons and hyphens (「１０：００」「２０２６－１２－０１」).
 * Objects and arrays are walked; a field inside keeps its own name's rule.
 */
export function normaliseFormInput(input: unknown, field?: string): unknown {
  if (typeof input === "string") return field !== undefined && VERBATIM_FIELDS.has(field) ? input : input.normalize("NFKC");
  if (Array.isArray(input)) return input.map((item: unknown) => normaliseFormInput(item, field));
  if (input !== null && typeof input === "object" && Object.getPrototypeOf(input) === Object.prototype) {
    return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, normaliseFormInput(value, key)]));
  }
  return input;
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

/** One text field of a form, "" when absent (or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** Every value of a repeated field (checkboxes, multi-selects). */
export function formArray(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}
