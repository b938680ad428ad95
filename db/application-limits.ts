// Limits of a resident's application as plain constants (no runtime dependencies): the schema's
// check constraints and the form (app/lib/forms/application.ts, also in the browser) share them.

/** The most people one application may bring; each activity sets its own limit up to this. */
export const PARTY_SIZE_MAX = 20;
