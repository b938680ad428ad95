// The organiser's roster buttons, for a session at a hub the actor edits.
import { and, eq } from "drizzle-orm";
import { signups } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { NotFound, type DomainErrorCode } from "~/lib/domain-errors";
import { formObject, idFrom, parseWith } from "~/lib/forms/parse";
import { guestSchema } from "~/lib/forms/roster";
import type { MessageKey } from "~/lib/i18n";
import { requireEditableOccurrence, type Actor } from "./permissions.server";
import { addGuestSignup, cancelSignup, SignupRefused } from "./signups.server";

export type RosterIntentResult = { ok: true; flash: "removed" | "confirmed" | "waitlisted" } | { ok: false; code: DomainErrorCode; error: MessageKey };

export async function runRosterIntent(db: Db, actor: Actor, input: { occurrenceId: number; form: FormData }): Promise<RosterIntentResult> {
  const { form } = input;
  try {
    await requireEditableOccurrence(db, actor, input.occurrenceId);
    switch (form.get("intent")) {
      case "remove": {
        const signupId = idFrom(form.get("signupId"));
        if (!signupId) break;
        // Only a sign-up of this occurrence: the scope check covered this occurrence, not others.
        const [row] = await db.select({ id: signups.id }).from(signups).where(and(eq(signups.id, signupId), eq(signups.occurrenceId, input.occurrenceId)));
        if (!row) throw new SignupRefused("not_found");
        await cancelSignup(db, { signupId, byUserId: actor.userId, asOrganiser: true });
        return { ok: true, flash: "removed" };
      }
      case "addGuest": {
        const roleId = idFrom(form.get("roleId"));
        if (!roleId) break;
        const guest = parseWith(guestSchema, formObject(form));
        if (!guest.ok) return { ok: false, code: "invalid", error: Object.values(guest.errors)[0] ?? "signup.error.guest_name" };
        const { outcome } = await addGuestSignup(db, { organiserId: actor.userId, occurrenceId: input.occurrenceId, roleId, ...guest.data });
        return { ok: true, flash: outcome === "waitlisted" ? "waitlisted" : "confirmed" };
      }
    }
  } catch (error) {
    if (error instanceof SignupRefused) return { ok: false, code: error.code, error: `signup.error.${error.reason}` };
    if (error instanceof NotFound) return { ok: false, code: error.code, error: "signup.error.not_found" };
    throw error;
  }
  return { ok: false, code: "invalid", error: "signup.error.bad_request" };
}
