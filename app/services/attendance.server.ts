import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import {
  activities,
  activityRoles,
  attendanceRecords,
  hubs,
  metricHubMonths,
  occurrences,
  roleSlotFills,
  signups,
  supportBookings,
  users,
  type AgeBands,
} from "#db/schema";
import type { Db } from "~/lib/db.server";
import { ATTENDANCE_EDIT_DAYS } from "~/lib/forms/metrics";
import { Conflict, Invalid, NotFound } from "~/lib/domain-errors";
import { recordAudit } from "./audit.server";
import { withRollups } from "./metric-rollups.server";
import { editableBy, requireEditableOccurrence, type Actor } from "./permissions.server";

export interface AttendanceInput {
  participants: number;
  firstTimers: number;
  supportedParticipants: number;
  ageBands?: AgeBands | null;
}

/** The occurrence with what the attendance form needs, if the actor edits its hub; NotFound otherwise. */
export async function getOccurrenceForAttendance(db: Db, actor: Actor, occurrenceId: number) {
  const [row] = await db
    .select({
      id: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      status: occurrences.status,
      activityId: activities.id,
      title: activities.title,
      hubId: activities.hubId,
      categoryId: activities.categoryId,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .where(and(eq(occurrences.id, occurrenceId), editableBy(actor, activities.hubId)));
  if (!row) throw new NotFound("occurrence not found");
  const [record] = await db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, occurrenceId));
  return { ...row, record: record ?? null };
}

export type AttendanceWindow = "open" | "not_started" | "closed" | "cancelled";

export function attendanceWindow(occurrence: { startsAt: Date; status: string }, now: Date): AttendanceWindow {
  if (occurrence.status === "cancelled") return "cancelled";
  if (+occurrence.startsAt > +now) return "not_started";
  if (+now - +occurrence.startsAt > ATTENDANCE_EDIT_DAYS * 24 * 60 * 60 * 1000) return "closed";
  return "open";
}

/** A roster tick: the person came (attended) or did not (absent). */
export type RosterMark = "attended" | "absent";

/** Someone on an occurrence's roster (a confirmed sign-up, or one already ticked). */
export interface RosterEntry {
  signupId: number;
  roleId: number;
  roleName: string;
  name: string | null;
  guest: boolean;
  /** A 参加支援 booking: their absence is never recorded as a no-show (see docs/indicators.md). */
  supported: boolean;
  status: "confirmed" | "attended" | "no_show";
}

/** The people an organiser ticks on the attendance form: confirmed (or already ticked) sign-ups. */
export async function listRosterForAttendance(db: Db, actor: Actor, occurrenceId: number): Promise<RosterEntry[]> {
  await requireEditableOccurrence(db, actor, occurrenceId);
  return rosterOf(db, occurrenceId);
}

async function rosterOf(db: Db, occurrenceId: number): Promise<RosterEntry[]> {
  const rows = await db
    .select({
      signupId: signups.id,
      roleId: signups.roleId,
      roleName: activityRoles.name,
      displayName: users.displayName,
      guestName: signups.guestName,
      status: signups.status,
      bookingId: supportBookings.id,
    })
    .from(signups)
    .innerJoin(activityRoles, eq(activityRoles.id, signups.roleId))
    .leftJoin(users, eq(users.id, signups.userId))
    .leftJoin(supportBookings, eq(supportBookings.signupId, signups.id))
    .where(and(eq(signups.occurrenceId, occurrenceId), inArray(signups.status, ["confirmed", "attended", "no_show"])))
    .orderBy(asc(activityRoles.sortOrder), asc(activityRoles.id), asc(signups.id));
  return rows.flatMap((row) =>
    row.status === "confirmed" || row.status === "attended" || row.status === "no_show"
      ? [
          {
            signupId: row.signupId,
            roleId: row.roleId,
            roleName: row.roleName,
            name: row.displayName ?? row.guestName,
            guest: row.guestName !== null,
            supported: row.bookingId !== null,
            status: row.status,
          },
        ]
      : [],
  );
}

/**
 * Records (or corrects) a session's headcounts and its roster ticks. One transaction: the
 * occurrence row is locked so two saves at once queue, the record is upserted on the occurrence,
 * each ticked sign-up becomes attended or no_show (slots are untouched: role_slot_fills counts
 * the place as taken either way), and the rollups move by the difference between the
 * occurrence's contribution before and after (`metric-rollups.server.ts`), so saving the same
 * form twice changes nothing. Audited with before and after.
 */
export async function recordAttendance(
  db: Db,
  actor: Actor,
  input: AttendanceInput & {
    occurrenceId: number;
    /** Ticks by sign-up id; people left out keep their current state. */
    roster?: Record<number, RosterMark>;
    now?: Date;
    /** Demo data and imports of paper records only. */
    ignoreWindow?: boolean;
  },
): Promise<{ created: boolean }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [occurrence] = await tx
      .select({ id: occurrences.id, startsAt: occurrences.startsAt, status: occurrences.status })
      .from(occurrences)
      .innerJoin(activities, eq(activities.id, occurrences.activityId))
      .where(and(eq(occurrences.id, input.occurrenceId), editableBy(actor, activities.hubId)))
      .for("update", { of: occurrences });
    if (!occurrence) throw new NotFound("occurrence not found");
    const window = attendanceWindow(occurrence, now);
    if (window !== "open" && !(input.ignoreWindow && window === "closed")) throw new Conflict(`attendance ${window}`);

    const [before] = await tx.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, occurrence.id));
    // The slot rows are what sign-ups and cancellations lock: holding them, an organiser's
    // removal of someone cannot interleave with their tick (it then finds them no longer live).
    await tx
      .select({ roleId: roleSlotFills.roleId })
      .from(roleSlotFills)
      .where(eq(roleSlotFills.occurrenceId, occurrence.id))
      .orderBy(asc(roleSlotFills.roleId))
      .for("update");
    const roster = await rosterOf(tx, occurrence.id);
    const ticks = Object.entries(input.roster ?? {}).map(([id, mark]) => ({ signupId: Number(id), mark }));
    for (const tick of ticks) {
      if (!roster.some((r) => r.signupId === tick.signupId)) throw new Invalid("signup not on the roster");
    }
    const values = {
      occurrenceId: occurrence.id,
      recordedByUserId: actor.userId,
      participants: input.participants,
      firstTimers: input.firstTimers,
      supportedParticipants: input.supportedParticipants,
      ageBands: input.ageBands ?? null,
    };
    const changes: { signupId: number; from: string; to: string }[] = [];
    await withRollups(tx, [occurrence.id], async () => {
      await tx
        .insert(attendanceRecords)
        .values(values)
        .onConflictDoUpdate({ target: attendanceRecords.occurrenceId, set: { ...values, updatedAt: sql`now()` } });
      for (const tick of ticks) {
        const entry = roster.find((r) => r.signupId === tick.signupId);
        if (!entry) continue;
        // A 参加支援 guest who did not come stays "confirmed": no no-show is ever recorded for them.
        const to = tick.mark === "attended" ? "attended" : entry.supported ? "confirmed" : "no_show";
        if (to === entry.status) continue;
        await tx.update(signups).set({ status: to, updatedAt: sql`now()` }).where(eq(signups.id, entry.signupId));
        changes.push({ signupId: entry.signupId, from: entry.status, to });
      }
    });

    await recordAudit(tx, {
      actorUserId: actor.userId,
      action: before ? "attendance.updated" : "attendance.recorded",
      targetType: "occurrence",
      targetId: occurrence.id,
      ip: actor.ip ?? null,
      details: {
        before: before
          ? { participants: before.participants, firstTimers: before.firstTimers, supportedParticipants: before.supportedParticipants, ageBands: before.ageBands }
          : null,
        after: { participants: values.participants, firstTimers: values.firstTimers, supportedParticipants: values.supportedParticipants, ageBands: values.ageBands },
        roster: changes,
      },
    });
    return { created: !before };
  });
}

/** For tests and repairs: whether the rollups agree with the attendance rows of a hub (held sessions only). */
export async function rollupMatchesAttendance(db: Db, hubId: number): Promise<boolean> {
  const [fromRecords] = await db
    .select({ participants: sql<number>`coalesce(sum(${attendanceRecords.participants}), 0)::int`, sessions: sql<number>`count(*)::int` })
    .from(attendanceRecords)
    .innerJoin(occurrences, and(eq(occurrences.id, attendanceRecords.occurrenceId), eq(occurrences.status, "scheduled")))
    .innerJoin(activities, and(eq(activities.id, occurrences.activityId), eq(activities.hubId, hubId)));
  const [fromRollup] = await db
    .select({ participants: sql<number>`coalesce(sum(${metricHubMonths.participants}), 0)::int`, sessions: sql<number>`coalesce(sum(${metricHubMonths.sessions}), 0)::int` })
    .from(metricHubMonths)
    .where(eq(metricHubMonths.hubId, hubId));
  return fromRecords?.participants === fromRollup?.participants && fromRecords?.sessions === fromRollup?.sessions;
}

/** Sessions at the hubs the actor edits whose attendance can still be entered or corrected, newest first. */
export async function listRecordableSessions(db: Db, actor: Actor, now = new Date()) {
  const since = new Date(+now - ATTENDANCE_EDIT_DAYS * 24 * 60 * 60 * 1000);
  return db
    .select({
      id: occurrences.id,
      startsAt: occurrences.startsAt,
      title: activities.title,
      hubName: hubs.name,
      participants: attendanceRecords.participants,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .leftJoin(attendanceRecords, eq(attendanceRecords.occurrenceId, occurrences.id))
    .where(and(editableBy(actor, hubs.id), eq(occurrences.status, "scheduled"), gte(occurrences.startsAt, since), lte(occurrences.startsAt, now)))
    .orderBy(desc(occurrences.startsAt))
    .limit(100);
}
