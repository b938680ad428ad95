import { json } from "@remix-run/node";
import { DomainError, type DomainErrorCode } from "./domain-errors";
import { idFrom, isUserId, type FieldErrors } from "./forms/parse";
import type { MessageKey } from "./i18n";

// The one place a domain error becomes HTTP (docs/decisions/016-domain-errors.md): its code
// gives the status, and one that names a form field becomes that field's error.
const STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const satisfies Record<DomainErrorCode, number>;
type DomainStatus = (typeof STATUS)[DomainErrorCode];
/** A refusal of one form field, as an action answers it (with the values the person typed). */
export type FieldRefusal = { status: DomainStatus; errors: FieldErrors };

export function statusOf(code: DomainErrorCode): DomainStatus {
  return STATUS[code];
}

/** Throws a 404 Response (caught by the route's ErrorBoundary) unless `condition` holds. */
export function invariantResponse(condition: unknown, status = 404, message = "not found"): asserts condition {
  if (!condition) throw json({ message }, { status });
}

export function toResponse(error: DomainError): Response {
  return json({ message: error.message }, { status: statusOf(error.code) });
}

/** A caught error, thrown on: a DomainError as its Response (for the ErrorBoundary), anything else as it is. */
export function rethrowAsResponse(error: unknown): never {
  if (error instanceof DomainError) throw toResponse(error);
  throw error;
}

/** A refusal that belongs to one form field: `{ [field]: key }` and its status; null for any other error. */
export function fieldRefusal(error: unknown): FieldRefusal | null {
  if (!(error instanceof DomainError) || error.field === undefined || error.key === undefined) return null;
  return { status: statusOf(error.code), errors: { [error.field]: error.key } };
}

/**
 * A refusal a form shows: beside its field, or above the form when the service named a message
 * but no field (「この回は申し込みを受け付けていません」); null for any other error, which is
 * thrown on as its Response (an id out of scope stays a 404 page).
 */
export function formRefusal(error: unknown): (FieldRefusal & { formError?: MessageKey }) | null {
  const onField = fieldRefusal(error);
  if (onField) return onField;
  if (!(error instanceof DomainError) || error.key === undefined) return null;
  return { status: statusOf(error.code), errors: {}, formError: error.key };
}

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * The form an action was sent. Every action reads its body here: a body that is not a form (JSON,
 * text, no Content-Type) is refused with 415, and one that cannot be read as the form it claims
 * to be (multipart without a boundary, cut short) with 400, both on the usual error page, where
 * `request.formData()` would throw a TypeError and answer 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!FORM_TYPES.has(type)) throw json({ message: "send a form" }, { status: 415 });
  try {
    return await request.formData();
  } catch {
    throw json({ message: "the form could not be read" }, { status: 400 });
  }
}

/** Parses a positive integer id from a route param, or throws 404. */
export function parseId(value: string | undefined): number {
  const id = idFrom(value);
  invariantResponse(id, 404);
  return id;
}

/** An account id from a route param, or 404 (a NUL or a stray character would be a database error). */
export function parseUserId(value: string | undefined): string {
  invariantResponse(isUserId(value), 404);
  return value;
}

/** The origin people reach us at: PUBLIC_ORIGIN, or the request's own. */
export function requestOrigin(request: Request, publicOrigin?: string): string {
  return publicOrigin ?? new URL(request.url).origin;
}

/** Awaits a service call; a DomainError it throws becomes its HTTP Response (for the ErrorBoundary). */
export async function orHttpError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

/**
 * Awaits a service call for a form: a refusal of one field comes back as that field's error and
 * status, for the route to answer with the values the person typed; any other DomainError is
 * thrown as its Response.
 */
export async function orFieldError<T>(work: Promise<T>): Promise<{ ok: true; value: T } | ({ ok: false } & FieldRefusal)> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    const refusal = fieldRefusal(error);
    if (refusal) return { ok: false, ...refusal };
    return rethrowAsResponse(error);
  }
}

/** Responses that carry sensitive data must not be kept by browsers or proxies. */
export const NO_STORE = { "Cache-Control": "no-store" } as const;
