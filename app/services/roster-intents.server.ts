// The organiser's roster buttons. The route has already checked that they edit the hub.
import { and, eq } from "drizzle-orm";
import { signups } from "#db/schema";
import type { Db } from "~/lib/db.server";
import type { MessageKey } from "~/lib/i18n";
import { addGuestSignup, cancelSignup, SignupRefused } from "./signups.server";

export type RosterIntentResult = { ok: true; flash: "removed" | "confirmed" | "waitlisted" } | { ok: false; status: number; error: MessageKey };

export async function runRosterIntent(db: Db, input: { organiserId: string; occurrenceId: number; form: FormData }): Promise<RosterIntentResult> {
  const { form } = input;
  try {
    switch (form.get("intent")) {
      case "remove": {
        const signupId = Number(form.get("signupId"));
        if (!Number.isInteger(signupId) || signupId <= 0) break;
        // Only a sign-up of this occurrence: the hub check covered this occurrence, not others.
        const [row] = await db.select({ id: signups.id }).from(signups).where(and(eq(signups.id, signupId), eq(signups.occurrenceId, input.occurrenceId)));
        if (!row) throw new SignupRefused("not_found");
        await cancelSignup(db, { signupId, byUserId: input.organiserId, asOrganiser: true });
        return { ok: true, flash: "removed" };
      }
      case "addGuest": {
        const roleId = Number(form.get("roleId"));
        if (!Number.isInteger(roleId) || roleId <= 0) break;
        const { outcome } = await addGuestSignup(db, {
          organiserId: input.organiserId,
          occurrenceId: input.occurrenceId,
          roleId,
          guestName: String(form.get("guestName") ?? ""),
          guestNote: String(form.get("guestNote") ?? "").slice(0, 200),
        });
        return { ok: true, flash: outcome === "waitlisted" ? "waitlisted" : "confirmed" };
      }
    }
  } catch (error) {
    if (error instanceof SignupRefused) return { ok: false, status: error.status, error: `signup.error.${error.reason}` };
    throw error;
  }
  return { ok: false, status: 400, error: "signup.error.bad_request" };
}
