import { and, asc, desc, eq, gte, isNull } from "drizzle-orm";
import { activities, activityRoles, categories, hubs, occurrences } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { tokyoDate, tokyoInstant } from "~/lib/dates";
import type { ActivityInput, RoleInput } from "~/lib/forms/activity";
import { Conflict, Invalid, NotFound } from "~/lib/domain-errors";
import { recordAudit, type AuditAction } from "./audit.server";
import { withRollups } from "./metric-rollups.server";
import { retireFutureOccurrences, scheduleOf, syncFutureOccurrences } from "./occurrences.server";
import { BelowTaken, futureParticipantPools, resize, type Tx } from "./capacity.server";
import { tellAdmittedApplicants, tellApplicantsSessionCancelled } from "./applications.server";
import { notifySessionChange, resizeRoleSlots } from "./signups.server";
import { cancelVisitsWithSession } from "./support-visit-fills.server";
import { editableBy, requireEditableActivity, requireEditableHub, type Actor } from "./permissions.server";

// The organiser's services. Each takes the actor and puts `editableBy(actor)` in its own query:
// a hub, activity or session out of the organiser's scope is "not found" (issue 13, part 2).

/** The activities of the hubs the actor edits (ended ones last), by hub id, for the organiser's overview. */
export async function listActivitiesByHub(db: Db, actor: Actor) {
  const byHub = new Map<number, { id: number; title: string; status: "active" | "ended"; schedule: ReturnType<typeof scheduleOf> }[]>();
  const rows = await db.select().from(activities).where(editableBy(actor, activities.hubId)).orderBy(asc(activities.status), asc(activities.title));
  for (const a of rows) byHub.set(a.hubId, [...(byHub.get(a.hubId) ?? []), { id: a.id, title: a.title, status: a.status, schedule: scheduleOf(a) }]);
  return byHub;
}

async function categoryId(db: Db, code: string): Promise<number> {
  const [row] = await db.select({ id: categories.id }).from(categories).where(eq(categories.code, code));
  if (!row) throw new Invalid("unknown category", { field: "category", key: "orgActivities.error.category" });
  return row.id;
}

function scheduleColumns(input: ActivityInput) {
  const s = input.schedule;
  return {
    scheduleKind: s.kind,
    interval: s.interval,
    weekdays: s.weekdays,
    monthWeeks: s.monthWeeks,
    startDate: s.startDate,
    endDate: s.endDate,
    startTime: s.startTime,
    endTime: s.endTime,
    exceptionDates: s.exceptionDates,
  };
}

function detailColumns(input: ActivityInput) {
  const { category: _category, ...details } = input.details;
  return details;
}

async function audit(db: Db, actor: Actor, action: AuditAction, targetType: "activity" | "occurrence", targetId: number, details?: Record<string, unknown>) {
  await recordAudit(db, { actorUserId: actor.userId, action, targetType, targetId, ip: actor.ip, details });
}

/** Creates an activity at `hubId` and its sessions for the next seven months, in one transaction. */
export async function createActivity(db: Db, actor: Actor, options: { hubId: number; input: ActivityInput; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  await requireEditableHub(db, actor, options.hubId);
  const catId = await categoryId(db, options.input.details.category);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(activities)
      .values({ ...detailColumns(options.input), ...scheduleColumns(options.input), hubId: options.hubId, categoryId: catId, createdByUserId: actor.userId })
      .returning({ id: activities.id });
    if (!row) throw new Error("activity not created");
    await syncFutureOccurrences(tx, row.id, now);
    await audit(tx, actor, "activity.create", "activity", row.id, { hubId: options.hubId });
    return row.id;
  });
}

/** Everything the organiser's edit page shows. */
export async function getActivityForOrganiser(db: Db, actor: Actor, activityId: number, now: Date = new Date()) {
  const [row] = await db
    .select({ activity: activities, categoryCode: categories.code, hubName: hubs.name })
    .from(activities)
    .innerJoin(categories, eq(categories.id, activities.categoryId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(activities.id, activityId), editableBy(actor)));
  if (!row) throw new NotFound("activity not found");
  const roles = await db
    .select()
    .from(activityRoles)
    .where(and(eq(activityRoles.activityId, activityId), isNull(activityRoles.archivedAt)))
    .orderBy(asc(activityRoles.sortOrder), asc(activityRoles.id));
  const sessions = await db
    .select()
    .from(occurrences)
    .where(and(eq(occurrences.activityId, activityId), gte(occurrences.startsAt, now)))
    .orderBy(asc(occurrences.startsAt))
    .limit(26);
  return { ...row, roles, sessions };
}

/**
 * Saves an activity's details and schedule. The schedule change reaches only sessions that have
 * not started yet (and not those moved on their own); past sessions keep their dates and records.
 */
export async function updateActivity(db: Db, actor: Actor, options: { activityId: number; input: ActivityInput; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  const catId = await categoryId(db, options.input.details.category);
  await db.transaction(async (tx) => {
    const [current] = await lockActivity(tx, actor, options.activityId);
    if (!current) throw new NotFound("activity not found");
    if (current.status === "ended") throw new Conflict("activity has ended");
    await tx
      .update(activities)
      .set({ ...detailColumns(options.input), ...scheduleColumns(options.input), categoryId: catId })
      .where(eq(activities.id, options.activityId));
    await syncFutureOccurrences(tx, options.activityId, now);
    await resizeParticipantPlaces(tx, options.activityId, options.input.details.capacity, now);
    await audit(tx, actor, "activity.update", "activity", options.activityId);
  });
}

/**
 * 見学 and residents' places follow the activity's capacity in the sessions still to end, and the
 * first waiting take any new ones (residents admitted are told). A session with more people
 * already holding a place keeps them (and takes no more).
 */
async function resizeParticipantPlaces(tx: Tx, activityId: number, capacity: number | null, now: Date): Promise<void> {
  for (const { pool, residents } of await futureParticipantPools(tx, activityId, now)) {
    let admitted: number[];
    try {
      admitted = await resize(tx, pool, capacity, now);
    } catch (error) {
      if (!(error instanceof BelowTaken)) throw error;
      admitted = await resize(tx, pool, error.taken, now);
    }
    if (residents) await tellAdmittedApplicants(tx, admitted);
  }
}

/** The activity's row, locked, if the actor may edit it. */
function lockActivity(tx: Tx, actor: Actor, activityId: number) {
  return tx
    .select()
    .from(activities)
    .where(and(eq(activities.id, activityId), editableBy(actor, activities.hubId)))
    .for("update");
}

/** Ends a series: no sessions after now (cancelled, or removed if nothing refers to them); history stays. */
export async function endActivity(db: Db, actor: Actor, options: { activityId: number; now?: Date }): Promise<void> {
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const [current] = await lockActivity(tx, actor, options.activityId);
    if (!current) throw new NotFound("activity not found");
    if (current.status === "ended") return;
    const today = tokyoDate(now);
    await tx
      .update(activities)
      .set({ status: "ended", endedAt: now, endDate: current.endDate && current.endDate < today ? current.endDate : today < current.startDate ? current.startDate : today })
      .where(eq(activities.id, options.activityId));
    await retireFutureOccurrences(tx, options.activityId, now, "終了しました");
    await audit(tx, actor, "activity.end", "activity", options.activityId);
  });
}

/** A session the organiser changes from its activity's page: of that activity, in the actor's scope, not yet ended. */
interface SessionOf {
  activityId: number;
  occurrenceId: number;
  now?: Date;
}

async function futureOccurrence(db: Db, actor: Actor, session: SessionOf, now: Date) {
  const [row] = await db
    .select({ endsAt: occurrences.endsAt })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(and(eq(occurrences.id, session.occurrenceId), eq(activities.id, session.activityId), editableBy(actor, activities.hubId)));
  if (!row) throw new NotFound("occurrence not found");
  if (row.endsAt <= now) throw new Invalid("session has ended", { field: "form", key: "orgActivities.error.past" });
  return row;
}

/** Cancels one session with a reason residents see (雨天中止…); the series is untouched. */
export async function cancelOccurrence(db: Db, actor: Actor, options: SessionOf & { reason: string }) {
  await futureOccurrence(db, actor, options, options.now ?? new Date());
  await db.transaction(async (tx) => {
    // A cancelled session is not held (INDICATORS.md): one that already has attendance leaves
    // the rollups in this transaction, and comes back if the session is restored.
    await withRollups(tx, [options.occurrenceId], () =>
      tx.update(occurrences).set({ status: "cancelled", cancelReason: options.reason }).where(eq(occurrences.id, options.occurrenceId)),
    );
    await audit(tx, actor, "occurrence.cancel", "occurrence", options.occurrenceId, { reason: options.reason });
    await notifySessionChange(tx, { occurrenceId: options.occurrenceId, kind: "occurrence_cancelled" });
    await tellApplicantsSessionCancelled(tx, options.occurrenceId);
    // 参加支援 見学 of the session: cancelled with its reason, their coordinators told.
    await cancelVisitsWithSession(tx, { occurrenceId: options.occurrenceId, reason: options.reason, actorUserId: actor.userId, now: options.now });
  });
}

export async function restoreOccurrence(db: Db, actor: Actor, options: SessionOf) {
  await futureOccurrence(db, actor, options, options.now ?? new Date());
  await db.transaction(async (tx) => {
    await withRollups(tx, [options.occurrenceId], () =>
      tx.update(occurrences).set({ status: "scheduled", cancelReason: null }).where(eq(occurrences.id, options.occurrenceId)),
    );
    await audit(tx, actor, "occurrence.restore", "occurrence", options.occurrenceId);
  });
}

/** Moves one session to another date or time; later series edits leave it where it is. */
export async function moveOccurrence(db: Db, actor: Actor, options: SessionOf & { date: string; startTime: string; endTime: string }) {
  const now = options.now ?? new Date();
  await futureOccurrence(db, actor, options, now);
  const startsAt = tokyoInstant(options.date, options.startTime);
  if (startsAt <= now) throw new Invalid("new time is past", { field: "date", key: "orgActivities.error.past" });
  await db.transaction(async (tx) => {
    await tx
      .update(occurrences)
      .set({ startsAt, endsAt: tokyoInstant(options.date, options.endTime), moved: true })
      .where(eq(occurrences.id, options.occurrenceId));
    await audit(tx, actor, "occurrence.move", "occurrence", options.occurrenceId, { date: options.date });
    await notifySessionChange(tx, { occurrenceId: options.occurrenceId, kind: "occurrence_changed" });
  });
}

export async function annotateOccurrence(db: Db, actor: Actor, options: SessionOf & { note: string }) {
  await futureOccurrence(db, actor, options, options.now ?? new Date());
  await db.update(occurrences).set({ note: options.note === "" ? null : options.note }).where(eq(occurrences.id, options.occurrenceId));
}

export async function addRole(db: Db, actor: Actor, options: { activityId: number; input: RoleInput }): Promise<number> {
  await requireEditableActivity(db, actor, options.activityId);
  const [last] = await db
    .select({ sortOrder: activityRoles.sortOrder })
    .from(activityRoles)
    .where(eq(activityRoles.activityId, options.activityId))
    .orderBy(desc(activityRoles.sortOrder))
    .limit(1);
  const [row] = await db
    .insert(activityRoles)
    .values({ ...options.input, activityId: options.activityId, sortOrder: (last?.sortOrder ?? -1) + 1 })
    .returning({ id: activityRoles.id });
  if (!row) throw new Error("role not created");
  return row.id;
}

/**
 * Updates a role of `activityId` (the activity in the where clause: a role id from another
 * activity changes nothing). A new number of people reaches every session still to end, and the
 * first waiting take any new places (capacity.resize).
 */
export async function updateRole(db: Db, actor: Actor, options: { activityId: number; roleId: number; input: RoleInput; now?: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const [role] = await tx
      .select({ id: activityRoles.id })
      .from(activityRoles)
      .innerJoin(activities, eq(activities.id, activityRoles.activityId))
      .where(and(eq(activityRoles.id, options.roleId), eq(activities.id, options.activityId), isNull(activityRoles.archivedAt), editableBy(actor, activities.hubId)))
      .for("update", { of: activityRoles });
    if (!role) throw new NotFound("role not found");
    // The sessions first, so that fewer places than people confirmed is refused before anything
    // changes; the role's own row then agrees with them (trigger 0008 finds nothing to change).
    try {
      await resizeRoleSlots(tx, { roleId: role.id, slots: options.input.slots, now: options.now ?? new Date() });
    } catch (error) {
      if (error instanceof BelowTaken) throw new Invalid("fewer slots than confirmed", { field: "slots", key: "orgActivities.error.slotsBelowConfirmed" });
      throw error;
    }
    await tx.update(activityRoles).set(options.input).where(eq(activityRoles.id, role.id));
  });
}

/** Stops asking for a role; kept (archived) so past sign-ups still name it. */
export async function archiveRole(db: Db, actor: Actor, options: { activityId: number; roleId: number; now?: Date }): Promise<void> {
  await requireEditableActivity(db, actor, options.activityId);
  const updated = await db
    .update(activityRoles)
    .set({ archivedAt: options.now ?? new Date() })
    .where(and(eq(activityRoles.id, options.roleId), eq(activityRoles.activityId, options.activityId), isNull(activityRoles.archivedAt)))
    .returning({ id: activityRoles.id });
  if (updated.length === 0) throw new NotFound("role not found");
}

/** A hub's name whatever its status (organisers edit draft hubs too); NotFound out of scope. */
export async function getHubName(db: Db, actor: Actor, hubId: number): Promise<string> {
  return (await requireEditableHub(db, actor, hubId)).name;
}
