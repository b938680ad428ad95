// 参加支援: finding a place and booking it. The ranking is the volunteers' matching
// (app/lib/matching.ts) with the person's constraints as hard constraints, so nothing that breaks
// one is ever proposed or booked. Bookings are guest sign-ups that name no one (see
// support_bookings), so the organiser's roster shows only 「参加支援のゲスト」.
import { and, eq, sql } from "drizzle-orm";
import {
  activities,
  activityRoles,
  districts,
  hubs,
  occurrences,
  supportBookings,
  supportedPersons,
  users,
} from "#db/schema";
import type { Db } from "~/lib/db.server";
import { walkingMinutes } from "~/lib/geo";
import { Conflict } from "~/lib/domain-errors";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { evaluateCandidate, rankCandidates, type MatchCandidate, type MatchPerson } from "~/lib/matching";
import { isSupportConstraint, type SupportConstraint } from "~/lib/support";
import { availabilityCells, MAX_WALKING_MINUTES, type Need } from "~/lib/volunteering";
import { recordAudit } from "./audit.server";
import { addGuestSignup } from "./signups.server";
import { assignedTo, requireAssigned, type Actor } from "./support.server";
import { listCandidateSlots } from "./volunteers.server";

/** Which of the person's constraints are hard constraints of the matching, and as which need. */
export const needOfConstraint: Partial<Record<SupportConstraint, Need>> = {
  quiet: "low_conversation",
  short: "short",
  morning_only: "mornings_only",
  wheelchair: "wheelchair",
  no_crowds: "avoid_crowds",
  seated: "seated",
};

/** How far ahead places are looked for. */
const HORIZON_DAYS = 60;
const DEFAULT_WALKING_METRES = 1000;

export interface PlaceCandidate extends MatchCandidate {
  occurrenceId: number;
  roleId: number;
  activityTitle: string;
  roleName: string;
  hubName: string;
}

/** The person as the matching sees them (district centre, walking limit, hard constraints), if assigned to the actor. */
export async function matchPersonFor(db: Db, actor: Actor, personId: number): Promise<MatchPerson | null> {
  const [row] = await db
    .select({ constraints: supportedPersons.constraints, walkingMetres: supportedPersons.walkingMetres, lat: districts.lat, lng: districts.lng })
    .from(supportedPersons)
    .leftJoin(districts, eq(districts.id, supportedPersons.districtId))
    .where(and(eq(supportedPersons.id, personId), assignedTo(actor.userId)));
  if (!row || row.lat === null || row.lng === null) return null;
  const constraints = row.constraints
    .filter(isSupportConstraint)
    .map((code) => needOfConstraint[code])
    .filter((need): need is Need => need !== undefined);
  return {
    skills: [],
    interests: [],
    // Supported persons keep no weekly grid; 午前のみ is a hard constraint instead.
    availability: availabilityCells,
    home: { lat: row.lat, lng: row.lng },
    maxWalkingMinutes: Math.min(MAX_WALKING_MINUTES, Math.max(1, walkingMinutes(row.walkingMetres ?? DEFAULT_WALKING_METRES))),
    constraints,
    newcomer: true,
  };
}

/** Upcoming role slots at activities that welcome 参加支援 or roles tagged 参加支援OK (the volunteers' query). */
function listCandidates(db: Db, now: Date, only?: { occurrenceId: number; roleId: number }): Promise<PlaceCandidate[]> {
  return listCandidateSlots(db, { now, days: HORIZON_DAYS, supportedOnly: true, only, limit: 500 });
}

/** Ranked places for an assigned coordinator's person; `needsArea` when no district is set. */
export async function findPlacesFor(db: Db, actor: Actor, personId: number, now = new Date()) {
  await requireAssigned(db, actor, personId);
  const person = await matchPersonFor(db, actor, personId);
  await recordAudit(db, { actorUserId: actor.userId, action: "support.places.searched", targetType: "supported_person", targetId: personId, ip: actor.ip });
  if (!person) return { needsArea: true, suggestions: [] };
  return { needsArea: false, suggestions: rankCandidates(person, await listCandidates(db, now), { now, limit: 20 }) };
}

/**
 * Books a role slot for the person: confirmed if a slot is free, otherwise on the waitlist (the
 * caller offers other dates). Refuses anything that breaks one of the person's hard constraints.
 */
export async function bookPlace(
  db: Db,
  actor: Actor,
  personId: number,
  input: { occurrenceId: number; roleId: number },
  now = new Date(),
): Promise<{ outcome: "confirmed" | "waitlisted" | "already_confirmed" | "already_waitlisted" }> {
  await requireAssigned(db, actor, personId);
  const person = await matchPersonFor(db, actor, personId);
  const [candidate] = await listCandidates(db, now, input);
  if (!person || !candidate) throw new Conflict("notOffered");
  // A full slot still means the waitlist; every other exclusion (a hard constraint, too far) refuses.
  const evaluation = evaluateCandidate(person, { ...candidate, freeSlots: Math.max(1, candidate.freeSlots) }, { now });
  if (!evaluation.ok) throw new Conflict("notOffered");
  const [row] = await db
    .select({ constraints: supportedPersons.constraints, coordinatorName: users.displayName })
    .from(supportedPersons)
    .innerJoin(users, eq(users.id, actor.userId))
    .where(eq(supportedPersons.id, personId));
  const accompanied = row?.constraints.includes("needs_companion") ?? false;
  // What the organiser needs to know, and nothing more: no pseudonym, notes or constraints.
  const guestNote = serverTranslate("ja", accompanied ? "support.booking.noteAccompanied" : "support.booking.note", { coordinator: row?.coordinatorName ?? "" });
  return db.transaction(async (tx) => {
    const { signupId, outcome } = await addGuestSignup(tx, {
      organiserId: actor.userId,
      occurrenceId: input.occurrenceId,
      roleId: input.roleId,
      guestName: serverTranslate("ja", "support.booking.guestName"),
      guestNote,
      now,
    });
    await tx.insert(supportBookings).values({ personId, signupId, coordinatorId: actor.userId, accompanied });
    await recordAudit(tx, { actorUserId: actor.userId, action: "support.booking.created", targetType: "supported_person", targetId: personId, ip: actor.ip, details: { signupId, outcome } });
    return { outcome };
  });
}

/** The person's bookings, for their page: none unless the person is assigned to the actor. */
export async function listBookings(db: Db, actor: Actor, personId: number) {
  return db
    .select({ id: supportBookings.id, activityTitle: activities.title, hubName: hubs.name, roleName: activityRoles.name, startsAt: occurrences.startsAt, accompanied: supportBookings.accompanied })
    .from(supportBookings)
    .innerJoin(sql`signups`, sql`signups.id = ${supportBookings.signupId}`)
    .innerJoin(occurrences, sql`${occurrences.id} = signups.occurrence_id`)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(activityRoles, sql`${activityRoles.id} = signups.role_id`)
    .where(and(eq(supportBookings.personId, personId), assignedTo(actor.userId, supportBookings.personId)))
    .orderBy(occurrences.startsAt);
}
