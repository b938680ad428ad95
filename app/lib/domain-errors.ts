// What the domain refuses, with no HTTP in it. A service throws a DomainError saying what went
// wrong (`code`) and, when one form field is at fault, which field and what to tell the person;
// app/lib/http.server.ts turns a code into its status in one place (docs/decisions/016). This
// module imports neither Remix nor React, so services stay free of both (eslint.config.js).
import type { MessageKey } from "~/lib/i18n";

export type DomainErrorCode = "not_found" | "forbidden" | "invalid" | "conflict";

/** The message (`key`) a refusal shows, and the form field it belongs to, if any. */
export interface Refusal {
  key: MessageKey;
  field?: string;
}

export class DomainError extends Error {
  readonly key: MessageKey | undefined;
  readonly field: string | undefined;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    refusal?: Refusal,
  ) {
    super(message);
    this.name = new.target.name;
    this.key = refusal?.key;
    this.field = refusal?.field;
  }
}

/** Out of the actor's scope or not there at all: the two are told apart by nobody. */
export class NotFound extends DomainError {
  constructor(message = "not found", refusal?: Refusal) {
    super("not_found", message, refusal);
  }
}
export class Forbidden extends DomainError {
  constructor(message = "forbidden", refusal?: Refusal) {
    super("forbidden", message, refusal);
  }
}
/** A submitted value the rules refuse. */
export class Invalid extends DomainError {
  constructor(message = "invalid", refusal?: Refusal) {
    super("invalid", message, refusal);
  }
}
/** Allowed in general, but not in the state things are in now (taken, ended, already done). */
export class Conflict extends DomainError {
  constructor(message = "conflict", refusal?: Refusal) {
    super("conflict", message, refusal);
  }
}
