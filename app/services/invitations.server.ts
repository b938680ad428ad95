// Organisers' one-click invitations: volunteers who allow contact, ranked for an unfilled role
// with the same explained matching, invited in one click; they accept (a sign-up) or decline.
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { activities, activityRoles, hubs, invitations, occurrences, users, volunteerProfiles } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { NotFound, type DomainErrorCode } from "~/lib/domain-errors";
import { idFrom, isUserId } from "~/lib/forms/parse";
import type { MessageKey } from "~/lib/i18n";
import { rankCandidates, type MatchReason } from "~/lib/matching";
import { isAvailabilityCell } from "~/lib/volunteering";
import { notify } from "./notifications.server";
import { listEditableHubIds, requireEditableOccurrence, type Actor } from "./permissions.server";
import { signUpForRole, SignupRefused, type SignupOutcome } from "./signups.server";
import { listCandidateSlots } from "./volunteers.server";

export interface SuggestedVolunteer {
  userId: string;
  displayName: string;
  score: number;
  reasons: MatchReason[];
  invited: boolean;
}

/**
 * For each unfilled role slot in the next `days` days at the hubs the actor edits: up to `perSlot`
 * volunteers who allow contact and fit it (never one it would not be suggested to), best first.
 */
export async function suggestVolunteersForSlots(
  db: Db,
  actor: Actor,
  { now = new Date(), days = 14, perSlot = 3 }: { now?: Date; days?: number; perSlot?: number } = {},
): Promise<Map<string, SuggestedVolunteer[]>> {
  const bySlot = new Map<string, SuggestedVolunteer[]>();
  const hubIds = await listEditableHubIds(db, actor);
  if (hubIds.length === 0) return bySlot;
  const profiles = await db
    .select({ profile: volunteerProfiles, displayName: users.displayName })
    .from(volunteerProfiles)
    .innerJoin(users, eq(users.id, volunteerProfiles.userId))
    .where(and(eq(volunteerProfiles.contactOk, true), isNotNull(volunteerProfiles.homeLat), isNotNull(volunteerProfiles.homeLng)))
    .limit(500);
  const invited = await db
    .select({ occurrenceId: invitations.occurrenceId, roleId: invitations.roleId, userId: invitations.userId })
    .from(invitations)
    .innerJoin(occurrences, eq(occurrences.id, invitations.occurrenceId));
  const invitedKeys = new Set(invited.map((i) => `${i.occurrenceId}:${i.roleId}:${i.userId}`));
  const wanted = new Set(hubIds);
  for (const { profile, displayName } of profiles) {
    if (profile.homeLat === null || profile.homeLng === null) continue;
    const home = { lat: profile.homeLat, lng: profile.homeLng };
    const candidates = (await listCandidateSlots(db, { near: { point: home, maxWalkingMinutes: profile.maxWalkingMinutes }, now, freeFor: profile.userId, days })).filter((c) =>
      wanted.has(c.hubId),
    );
    const ranked = rankCandidates(
      { skills: profile.skills, interests: profile.interests, availability: profile.availability.filter(isAvailabilityCell), home, maxWalkingMinutes: profile.maxWalkingMinutes },
      candidates,
      { now },
    );
    for (const s of ranked) {
      const list = bySlot.get(s.candidate.key) ?? [];
      list.push({ userId: profile.userId, displayName, score: s.score, reasons: s.reasons, invited: invitedKeys.has(`${s.candidate.key}:${profile.userId}`) });
      bySlot.set(s.candidate.key, list);
    }
  }
  for (const [key, list] of bySlot) bySlot.set(key, list.sort((a, b) => b.score - a.score || a.displayName.localeCompare(b.displayName)).slice(0, perSlot));
  return bySlot;
}

/** Invites a volunteer who allows contact to a session at a hub the actor edits; inviting twice is one invitation. */
export async function inviteVolunteer(db: Db, actor: Actor, input: { occurrenceId: number; roleId: number; userId: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    await requireEditableOccurrence(tx, actor, input.occurrenceId);
    const [profile] = await tx.select({ contactOk: volunteerProfiles.contactOk }).from(volunteerProfiles).where(eq(volunteerProfiles.userId, input.userId));
    if (!profile?.contactOk) throw new SignupRefused("not_found");
    const [slot] = await tx
      .select({ activityTitle: activities.title, hubName: hubs.name, roleName: activityRoles.name, startsAt: occurrences.startsAt, endsAt: occurrences.endsAt })
      .from(occurrences)
      .innerJoin(activities, eq(activities.id, occurrences.activityId))
      .innerJoin(hubs, eq(hubs.id, activities.hubId))
      .innerJoin(activityRoles, and(eq(activityRoles.id, input.roleId), eq(activityRoles.activityId, activities.id)))
      .where(eq(occurrences.id, input.occurrenceId));
    if (!slot) throw new SignupRefused("role_mismatch");
    const [row] = await tx
      .insert(invitations)
      .values({ occurrenceId: input.occurrenceId, roleId: input.roleId, userId: input.userId, invitedByUserId: actor.userId })
      .onConflictDoNothing()
      .returning({ id: invitations.id });
    if (!row) return false;
    await notify(tx, {
      userId: input.userId,
      kind: "invitation",
      payload: {
        activity: slot.activityTitle,
        hub: slot.hubName,
        role: slot.roleName,
        startsAt: slot.startsAt.toISOString(),
        endsAt: slot.endsAt.toISOString(),
        path: "/volunteer",
      },
    });
    return true;
  });
}

export async function listPendingInvitations(db: Db, userId: string) {
  return db
    .select({
      id: invitations.id,
      occurrenceId: invitations.occurrenceId,
      activityTitle: activities.title,
      hubName: hubs.name,
      roleName: activityRoles.name,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      invitedBy: users.displayName,
    })
    .from(invitations)
    .innerJoin(occurrences, eq(occurrences.id, invitations.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(activityRoles, eq(activityRoles.id, invitations.roleId))
    .leftJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(and(eq(invitations.userId, userId), inArray(invitations.status, ["pending"])))
    .orderBy(desc(invitations.createdAt));
}

/** Accepting signs the person up (or puts them on the waitlist); declining just records it. */
export async function respondToInvitation(
  db: Db,
  input: { invitationId: number; userId: string; accept: boolean; now?: Date },
): Promise<SignupOutcome | "declined"> {
  const [invitation] = await db.select().from(invitations).where(eq(invitations.id, input.invitationId));
  if (!invitation) throw new SignupRefused("not_found");
  if (invitation.userId !== input.userId) throw new SignupRefused("not_yours");
  if (invitation.status !== "pending") throw new SignupRefused("not_live");
  let outcome: SignupOutcome | "declined" = "declined";
  if (input.accept) {
    outcome = (await signUpForRole(db, { userId: input.userId, occurrenceId: invitation.occurrenceId, roleId: invitation.roleId, now: input.now, invited: true })).outcome;
  }
  await db
    .update(invitations)
    .set({ status: input.accept ? "accepted" : "declined", respondedAt: new Date() })
    .where(and(eq(invitations.id, invitation.id), eq(invitations.status, "pending")));
  return outcome;
}

/** The organiser's "invite" button: only for a session at a hub they edit (not found otherwise). */
export async function runInviteIntent(db: Db, actor: Actor, form: FormData): Promise<{ ok: true } | { ok: false; code: DomainErrorCode; error: MessageKey }> {
  const occurrenceId = idFrom(form.get("occurrenceId"));
  const roleId = idFrom(form.get("roleId"));
  const userId = form.get("userId");
  if (form.get("intent") !== "invite" || !occurrenceId || !roleId || !isUserId(userId)) {
    return { ok: false, code: "invalid", error: "signup.error.bad_request" };
  }
  try {
    await inviteVolunteer(db, actor, { occurrenceId, roleId, userId });
    return { ok: true };
  } catch (error) {
    if (error instanceof SignupRefused) return { ok: false, code: error.code, error: `signup.error.${error.reason}` };
    if (error instanceof NotFound) return { ok: false, code: error.code, error: "signup.error.not_found" };
    throw error;
  }
}
