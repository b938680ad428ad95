// The volunteer's buttons (sign up, every time, cancel, notifications, calendar URL), shared by
// /volunteer and /volunteer/sessions/:id. Each intent is one service call.
import type { Db } from "~/lib/db.server";
import type { DomainErrorCode } from "~/lib/domain-errors";
import { idFrom } from "~/lib/forms/parse";
import type { MessageKey } from "~/lib/i18n";
import { respondToInvitation } from "./invitations.server";
import { markNotificationsRead } from "./notifications.server";
import { cancelSignup, signUpForRole, signUpForSeries, SignupRefused } from "./signups.server";
import { revokeCalendarToken, rotateCalendarToken } from "./volunteers.server";

export type IntentResult =
  | { ok: true; flash: MessageKey; params?: Record<string, number>; calendarToken?: string }
  | { ok: false; code: DomainErrorCode; error: MessageKey };

export async function runVolunteerIntent(db: Db, userId: string, form: FormData): Promise<IntentResult> {
  const bad: IntentResult = { ok: false, code: "invalid", error: "signup.error.bad_request" };
  try {
    switch (form.get("intent")) {
      case "signup": {
        const occurrenceId = idFrom(form.get("occurrenceId"));
        const roleId = idFrom(form.get("roleId"));
        if (!occurrenceId || !roleId) return bad;
        const { outcome } = await signUpForRole(db, { userId, occurrenceId, roleId });
        return { ok: true, flash: `volunteer.flash.${outcome}` };
      }
      case "signupSeries": {
        const activityId = idFrom(form.get("activityId"));
        const roleId = idFrom(form.get("roleId"));
        if (!activityId || !roleId) return bad;
        const counts = await signUpForSeries(db, { userId, activityId, roleId });
        return {
          ok: true,
          flash: counts.busy > 0 ? "volunteer.flash.seriesBusy" : "volunteer.flash.series",
          params: { confirmed: counts.confirmed + counts.already, waitlisted: counts.waitlisted, busy: counts.busy },
        };
      }
      case "cancel": {
        const signupId = idFrom(form.get("signupId"));
        if (!signupId) return bad;
        await cancelSignup(db, { signupId, byUserId: userId });
        return { ok: true, flash: "volunteer.flash.cancelled" };
      }
      case "acceptInvitation":
      case "declineInvitation": {
        const invitationId = idFrom(form.get("invitationId"));
        if (!invitationId) return bad;
        const outcome = await respondToInvitation(db, { invitationId, userId, accept: form.get("intent") === "acceptInvitation" });
        return { ok: true, flash: `volunteer.flash.${outcome}` };
      }
      case "markRead":
        await markNotificationsRead(db, { userId });
        return { ok: true, flash: "volunteer.flash.read" };
      case "calendarCreate":
        return { ok: true, flash: "volunteer.calendar.url", calendarToken: await rotateCalendarToken(db, userId) };
      case "calendarRevoke":
        await revokeCalendarToken(db, userId);
        return { ok: true, flash: "volunteer.flash.calendarRevoked" };
      default:
        return bad;
    }
  } catch (error) {
    if (error instanceof SignupRefused) return { ok: false, code: error.code, error: `signup.error.${error.reason}` };
    throw error;
  }
}
