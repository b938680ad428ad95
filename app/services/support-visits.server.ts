// 参加支援: a 見学 (visit without a role) for a supported person at one occurrence. The organiser
// learns only that a 参加支援 visitor is expected, with the coordinator's name and 同行あり. The
// visitor places and their waiting list are capacity.server.ts's, as the role slots are.
import { and, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import {
  activities,
  activityRoles,
  categories,
  hubs,
  occurrences,
  supportedPersons,
  supportStageChanges,
  supportVisitFills,
  supportVisits,
  users,
} from "#db/schema";
import { tokyoDate } from "~/lib/dates";
import type { Db } from "~/lib/db.server";
import { Conflict, NotFound } from "~/lib/domain-errors";
import type { LoadTag } from "~/lib/load-tags";
import { evaluateCandidate, type MatchCandidate } from "~/lib/matching";
import { recordAudit } from "./audit.server";
import { matchPersonFor } from "./support-places.server";
import { queueOrder, release, take, visitorPlaces, type Tx } from "./capacity.server";
import { requireEditableOccurrence } from "./permissions.server";
import { assignedTo, requireAssigned, type Actor } from "./support.server";

/**
 * A visitor watches: no conversation is required, they may sit and leave early. So the role-only
 * needs (会話少なめ, 短時間, 座ってできる) are met by any visit; time (午前のみ), step-free access,
 * crowd size and walking distance stay hard constraints, as for roles.
 */
const VISIT_LOAD_TAGS: readonly LoadTag[] = ["quiet", "short", "seated", "first_timers"];
const HORIZON_DAYS = 60;

export interface VisitCandidate extends MatchCandidate {
  occurrenceId: number;
  activityTitle: string;
  hubName: string;
  /** Visitor places left; null when the activity sets no capacity. */
  placesLeft: number | null;
}

async function listVisitCandidates(db: Db, now: Date, onlyOccurrenceId?: number): Promise<VisitCandidate[]> {
  const until = new Date(now.getTime() + HORIZON_DAYS * 86_400_000);
  const rows = await db
    .select({
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      activityTitle: activities.title,
      capacity: activities.capacity,
      expected: supportVisitFills.expected,
      fillCapacity: supportVisitFills.capacity,
      hubName: hubs.name,
      lat: hubs.lat,
      lng: hubs.lng,
      accessibility: hubs.accessibility,
      category: categories.code,
      categoryLabel: categories.labelJa,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .leftJoin(supportVisitFills, eq(supportVisitFills.occurrenceId, occurrences.id))
    .where(
      and(
        eq(occurrences.status, "scheduled"),
        eq(activities.status, "active"),
        eq(hubs.status, "public"),
        gt(occurrences.startsAt, now),
        lt(occurrences.startsAt, until),
        or(
          eq(activities.welcomesSupported, true),
          sql`exists (select 1 from ${activityRoles} r where r.activity_id = ${activities.id} and r.archived_at is null and 'supported_ok' = any(r.load_tags))`,
        ),
        onlyOccurrenceId === undefined ? undefined : eq(occurrences.id, onlyOccurrenceId),
      ),
    )
    .orderBy(occurrences.startsAt)
    .limit(500);
  return rows.map((row) => {
    const capacity = row.fillCapacity ?? row.capacity;
    const placesLeft = capacity === null ? null : Math.max(0, capacity - (row.expected ?? 0));
    return {
      key: String(row.occurrenceId),
      occurrenceId: row.occurrenceId,
      activityTitle: row.activityTitle,
      hubName: row.hubName,
      hub: { lat: row.lat, lng: row.lng, accessibility: row.accessibility },
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      category: row.category,
      categoryLabel: row.categoryLabel,
      skillsWanted: [],
      loadTags: VISIT_LOAD_TAGS,
      // A full occurrence is still offered: booking it means the waitlist.
      freeSlots: 1,
      expectedPeople: row.capacity ?? undefined,
      placesLeft,
    };
  });
}

/** Occurrences the person could visit, best first, each with its reasons and places left. */
export async function listVisitOptions(db: Db, actor: Actor, personId: number, now = new Date()) {
  await requireAssigned(db, actor, personId);
  const person = await matchPersonFor(db, actor, personId);
  if (!person) return { needsArea: true, options: [] };
  const options = [];
  for (const candidate of await listVisitCandidates(db, now)) {
    const evaluation = evaluateCandidate(person, candidate, { now });
    if (evaluation.ok) options.push(evaluation.suggestion);
  }
  options.sort((a, b) => b.score - a.score || a.candidate.startsAt.getTime() - b.candidate.startsAt.getTime());
  return { needsArea: false, options: options.slice(0, 20) };
}

export type VisitOutcome = "expected" | "waitlisted" | "already_expected" | "already_waitlisted";

/**
 * Books a 見学 for the person: expected if a visitor place is free (or there is no capacity),
 * otherwise on the waitlist. Refuses an occurrence that breaks a hard constraint. When the
 * coordinator chooses, a person still at 相談 moves to 見学 in the same transaction.
 */
export async function bookVisit(
  db: Db,
  actor: Actor,
  personId: number,
  input: { occurrenceId: number; countsAsVisitStage: boolean },
  now = new Date(),
): Promise<{ outcome: VisitOutcome }> {
  await requireAssigned(db, actor, personId);
  const person = await matchPersonFor(db, actor, personId);
  const [candidate] = await listVisitCandidates(db, now, input.occurrenceId);
  if (!person || !candidate || !evaluateCandidate(person, candidate, { now }).ok) throw new Conflict("notOffered");
  const [row] = await db
    .select({ constraints: supportedPersons.constraints, stage: supportedPersons.stage, coordinatorName: users.displayName })
    .from(supportedPersons)
    .innerJoin(users, eq(users.id, actor.userId))
    .where(eq(supportedPersons.id, personId));
  if (!row) throw new NotFound();
  const accompanied = row.constraints.includes("needs_companion");
  return db.transaction(async (tx) => {
    // The session first (FOR SHARE waits for an organiser's cancellation in progress, then reads
    // it), the places second: the order cancelVisitsWithSession takes them in, so neither waits
    // on the other in a circle.
    const [occurrence] = await tx
      .select({ status: occurrences.status, startsAt: occurrences.startsAt })
      .from(occurrences)
      .where(eq(occurrences.id, input.occurrenceId))
      .for("share");
    if (!occurrence || occurrence.status !== "scheduled" || occurrence.startsAt.getTime() <= now.getTime()) throw new Conflict("notOffered");
    // Under the lock: a double submit may have won.
    const places = visitorPlaces(input.occurrenceId);
    const state = await places.lock(tx);
    const [existing] = await tx
      .select({ status: supportVisits.status })
      .from(supportVisits)
      .where(and(eq(supportVisits.personId, personId), eq(supportVisits.occurrenceId, input.occurrenceId), inArray(supportVisits.status, ["expected", "waitlisted"])));
    if (existing) return { outcome: existing.status === "expected" ? ("already_expected" as const) : ("already_waitlisted" as const) };
    const expect = take(state) === "placed";
    await tx.insert(supportVisits).values({
      personId,
      occurrenceId: input.occurrenceId,
      coordinatorId: actor.userId,
      coordinatorName: row.coordinatorName,
      accompanied,
      countsAsVisitStage: input.countsAsVisitStage,
      status: expect ? "expected" : "waitlisted",
      waitlistedAt: expect ? null : now,
    });
    if (input.countsAsVisitStage && row.stage === "consultation") {
      await tx.update(supportedPersons).set({ stage: "visit" }).where(eq(supportedPersons.id, personId));
      await tx.insert(supportStageChanges).values({ personId, changedBy: actor.userId, fromStage: "consultation", toStage: "visit", changedOn: tokyoDate(now) });
    }
    const outcome = expect ? ("expected" as const) : ("waitlisted" as const);
    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: "support.visit.created",
      targetType: "supported_person",
      targetId: personId,
      ip: actor.ip,
      details: { occurrenceId: input.occurrenceId, outcome, countsAsVisitStage: input.countsAsVisitStage },
    });
    return { outcome };
  });
}

/**
 * Cancels a live visit inside `tx`; if it held a place, the first on the waitlist takes it, so a
 * place is never free while someone waits. Returns false if it was not live.
 */
export async function cancelVisitIn(tx: Tx, visitId: number, now = new Date()): Promise<boolean> {
  const [visit] = await tx.select({ occurrenceId: supportVisits.occurrenceId }).from(supportVisits).where(eq(supportVisits.id, visitId));
  if (!visit) return false;
  const places = visitorPlaces(visit.occurrenceId);
  await places.lock(tx);
  const [current] = await tx.select({ status: supportVisits.status }).from(supportVisits).where(eq(supportVisits.id, visitId));
  if (!current || current.status === "cancelled") return false;
  await tx.update(supportVisits).set({ status: "cancelled", cancelledAt: now }).where(eq(supportVisits.id, visitId));
  await release(tx, places, now);
  return true;
}

/** The assigned coordinator cancels one of the person's visits. Never counts against the person. */
export async function cancelVisit(db: Db, actor: Actor, personId: number, visitId: number, now = new Date()): Promise<void> {
  await requireAssigned(db, actor, personId);
  await db.transaction(async (tx) => {
    const [visit] = await tx.select({ id: supportVisits.id }).from(supportVisits).where(and(eq(supportVisits.id, visitId), eq(supportVisits.personId, personId)));
    if (!visit || !(await cancelVisitIn(tx, visitId, now))) throw new NotFound();
    await recordAudit(tx, { actorUserId: actor.userId, action: "support.visit.cancelled", targetType: "supported_person", targetId: personId, ip: actor.ip, details: { visitId } });
  });
}

/**
 * The person's 見学 for their page: the ones to come (expected or waiting) and the cancelled ones
 * with why, for an assigned coordinator only (the assignment is in the query; the page's read is
 * audited by getPersonRecord).
 */
export async function listVisitsForPersonPage(db: Db, actor: Actor, personId: number, now = new Date()) {
  const rows = await db
    .select({
      id: supportVisits.id,
      status: supportVisits.status,
      activityTitle: activities.title,
      hubName: hubs.name,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      accompanied: supportVisits.accompanied,
      cancelReason: supportVisits.cancelReason,
      cancelledWithSession: supportVisits.cancelledWithSession,
    })
    .from(supportVisits)
    .innerJoin(supportedPersons, eq(supportedPersons.id, supportVisits.personId))
    .innerJoin(occurrences, eq(occurrences.id, supportVisits.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(supportVisits.personId, personId), assignedTo(actor.userId)))
    .orderBy(occurrences.startsAt, supportVisits.id);
  return {
    upcoming: rows.filter((v) => v.status !== "cancelled" && v.startsAt.getTime() > now.getTime()),
    cancelled: rows.filter((v) => v.status === "cancelled"),
  };
}

/** The person's live visits, for the coordinator: none unless the person is assigned to the actor. */
export async function listVisitsOfPerson(db: Db, actor: Actor, personId: number, now = new Date()) {
  return db
    .select({ id: supportVisits.id, status: supportVisits.status, activityTitle: activities.title, hubName: hubs.name, startsAt: occurrences.startsAt, accompanied: supportVisits.accompanied })
    .from(supportVisits)
    .innerJoin(occurrences, eq(occurrences.id, supportVisits.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(
      and(
        eq(supportVisits.personId, personId),
        assignedTo(actor.userId, supportVisits.personId),
        inArray(supportVisits.status, ["expected", "waitlisted"]),
        gt(occurrences.startsAt, now),
      ),
    )
    .orderBy(occurrences.startsAt);
}

/** What the organiser's roster shows of the visits: no person, only the coordinator and 同行あり. */
export async function listVisitorsForRoster(db: Db, organiser: Actor, occurrenceId: number) {
  await requireEditableOccurrence(db, organiser, occurrenceId);
  return db
    .select({ id: supportVisits.id, status: supportVisits.status, coordinatorName: supportVisits.coordinatorName, accompanied: supportVisits.accompanied })
    .from(supportVisits)
    .where(and(eq(supportVisits.occurrenceId, occurrenceId), inArray(supportVisits.status, ["expected", "waitlisted"])))
    .orderBy(...queueOrder(supportVisits));
}

/** Live future visits of a person, for withdrawal and retention to give back. */
export async function liveFutureVisitIds(tx: Tx, personId: number, now = new Date()): Promise<number[]> {
  const rows = await tx
    .select({ id: supportVisits.id })
    .from(supportVisits)
    .innerJoin(occurrences, eq(occurrences.id, supportVisits.occurrenceId))
    .where(and(eq(supportVisits.personId, personId), inArray(supportVisits.status, ["expected", "waitlisted"]), gt(occurrences.startsAt, now)));
  return rows.map((r) => r.id);
}
