import { json } from "@remix-run/node";
import { idFrom, isUserId } from "./forms/parse";

/** Domain errors; routes let them propagate and `toResponse` maps them to HTTP once. */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
  }
}
export class NotFound extends DomainError {
  constructor(message = "not found") {
    super(404, message);
  }
}
export class Forbidden extends DomainError {
  constructor(message = "forbidden") {
    super(403, message);
  }
}
/** A submitted value the rules refuse; `message` names the field. */
export class Invalid extends DomainError {
  constructor(message = "invalid") {
    super(400, message);
  }
}
export class Conflict extends DomainError {
  constructor(message = "conflict") {
    super(409, message);
  }
}

/** Throws a 404 Response (caught by the route's ErrorBoundary) unless `condition` holds. */
export function invariantResponse(condition: unknown, status = 404, message = "not found"): asserts condition {
  if (!condition) throw json({ message }, { status });
}

export function toResponse(error: DomainError): Response {
  return json({ message: error.message }, { status: error.status });
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
    if (error instanceof DomainError) throw toResponse(error);
    throw error;
  }
}

/** Responses that carry sensitive data must not be kept by browsers or proxies. */
export const NO_STORE = { "Cache-Control": "no-store" } as const;
