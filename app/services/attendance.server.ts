import { and, asc, desc, eq, gte, inArray, lt, lte, sql } from "drizzle-orm";
import {
  activities,
  activityRoles,
  applications,
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
import { ageBandCodes } from "~/lib/metrics/indicators";
import { fiscalYearPeriod } from "~/lib/metrics/periods";
import { Conflict, Invalid, NotFound } from "~/lib/domain-errors";
import { listParticipants, recordArrivals } from "./applications.server";
import { recordAudit } from "./audit.server";
import { residentPlaces, type Tx } from "./capacity.server";
import { withRollups } from "./metric-rollups.server";
import { editableBy, requireEditableOccurrence, type Actor } from "./permissions.server";

export interface AttendanceInput {
  participants: number;
  firstTimers: number;
  supportedParticipants: number;
  ageBands?: AgeBands | null;
}

/**
 * Who came to a session residents applied for: the confirmed applications ticked (or checked in
 * at the door), and the people who came without being on the list. The participants and
 * first-timers are counted from these, never typed as a separate total (issue 14: a session
 * counted by names is not counted again by a headcount).
 */
export interface Arrivals {
  applicationIds: number[];
  walkIns: number;
  walkInFirstTimers: number;
}

/** A session's attendance counted by names: the arrivals instead of the two headcounts. */
export type AttendanceByNames = Omit<AttendanceInput, "participants" | "firstTimers"> & { arrivals: Arrivals };

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
 * The confirmed applicants of a session the actor edits, for the attendance form's ticks (ticked
 * already when checked in at the door), and the walk-ins of the record saved before: its
 * participants less the people ticked. None: the session is counted by a headcount.
 */
export async function listApplicantsForAttendance(db: Db, actor: Actor, occurrenceId: number) {
  await requireEditableOccurrence(db, actor, occurrenceId);
  const applicants = (await listParticipants(db, actor, occurrenceId))
    .filter((p) => p.status === "confirmed")
    .map((p) => ({ applicationId: p.id, name: p.name, partySize: p.partySize, firstTime: p.firstTime, checkedIn: Boolean(p.checkedIn) }));
  const [record] = await db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, occurrenceId));
  const arrived = applicants.filter((a) => a.checkedIn);
  const people = arrived.reduce((sum, a) => sum + a.partySize, 0);
  const firstTimers = arrived.filter((a) => a.firstTime).reduce((sum, a) => sum + a.partySize, 0);
  // Someone checked in after the save is counted among the ticks now, not twice.
  const walkIns = record && applicants.length > 0 ? Math.max(0, record.participants - people) : null;
  const walkInFirstTimers = record && walkIns !== null ? Math.min(walkIns, Math.max(0, record.firstTimers - firstTimers)) : null;
  return { applicants, walkIns, walkInFirstTimers };
}

/**
 * Records (or corrects) a session's headcounts and its roster ticks. One transaction: the
 * occurrence row is locked so two saves at once queue, the record is upserted on the occurrence,
 * each ticked sign-up becomes attended or no_show (slots are untouched: role_slot_fills counts
 * the place as taken either way), and the rollups move by the difference between the
 * occurrence's contribution before and after (`metric-rollups.server.ts`), so saving the same
 * form twice changes nothing. Audited with before and after.
 *
 * A session with confirmed applications is counted by names (`arrivals`): the ticked
 * applications are arrived and the others no-shows (recordArrivals), and the participants and
 * first-timers are the ticked parties plus the walk-ins; a headcount for it is refused, and so
 * are arrivals for a session without applications. Both in this one transaction.
 */
export async function recordAttendance(
  db: Db,
  actor: Actor,
  input: (AttendanceInput | AttendanceByNames) & {
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
    const headcount = await countedHeadcount(tx, occurrence.id, input, now);
    const values = {
      occurrenceId: occurrence.id,
      recordedByUserId: actor.userId,
      ...headcount,
      supportedParticipants: input.supportedParticipants,
      ageBands: input.ageBands ?? null,
    };
    // Said beside the field, as the form's own checks say it for a typed total.
    if (values.firstTimers > values.participants) throw new Invalid("first-timers above participants", { field: "firstTimers", key: "attendance.error.firstTimers" });
    if (values.supportedParticipants > values.participants) throw new Invalid("supported above participants", { field: "supportedParticipants", key: "attendance.error.supported" });
    const banded = Object.values(values.ageBands ?? {}).reduce<number>((sum, n) => sum + (n ?? 0), 0);
    if (banded > values.participants) throw new Invalid("age bands above participants", { field: `age_${ageBandCodes[0]}`, key: "attendance.error.ageBands" });
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
        ...("arrivals" in input ? { arrivals: { applications: input.arrivals.applicationIds.length, walkIns: input.arrivals.walkIns } } : {}),
      },
    });
    return { created: !before };
  });
}

/**
 * The participants and first-timers to record: typed, for a session without confirmed
 * applications; from the arrivals otherwise (marked here, in the caller's transaction, with the
 * residents' places locked so a cancellation cannot slip between the ticks and the count).
 */
async function countedHeadcount(tx: Tx, occurrenceId: number, input: AttendanceInput | AttendanceByNames, now: Date): Promise<{ participants: number; firstTimers: number }> {
  const [anyApplication] = await tx.select({ id: applications.id }).from(applications).where(eq(applications.occurrenceId, occurrenceId)).limit(1);
  if (anyApplication) await residentPlaces(occurrenceId).lock(tx);
  const confirmed = anyApplication
    ? await tx
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.occurrenceId, occurrenceId), eq(applications.status, "confirmed")))
    : [];
  if (!("arrivals" in input)) {
    if (confirmed.length > 0) throw new Conflict("this session is counted by names", { key: "attendance.error.byNames" });
    return { participants: input.participants, firstTimers: input.firstTimers };
  }
  const { applicationIds, walkIns, walkInFirstTimers } = input.arrivals;
  if (walkInFirstTimers > walkIns) throw new Invalid("walk-in first-timers above walk-ins", { field: "walkInFirstTimers", key: "attendance.error.walkInFirstTimers" });
  // A tick for an application cancelled meanwhile, of another session, or made up.
  const known = new Set(confirmed.map((row) => row.id));
  if (applicationIds.some((id) => !known.has(id))) throw new Invalid("application not on the list", { key: "attendance.error.applications" });
  const ticked = await recordArrivals(tx, occurrenceId, applicationIds, now);
  return { participants: ticked.people + walkIns, firstTimers: ticked.firstTimers + walkInFirstTimers };
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

/**
 * The attendance records of a 年度 at the hubs the actor edits (the same `editableBy` as every
 * organiser page), oldest first: each held session with a record, its counts exactly as recorded
 * (the organiser's own records of their own sessions, shown on the attendance form; not published
 * statistics, so nothing is suppressed) and the 担い手 ticked present on its roster.
 */
export async function listAttendanceRecords(db: Db, actor: Actor, fiscalYear: number) {
  const { start, end } = fiscalYearPeriod(fiscalYear);
  const volunteers = db
    .select({ occurrenceId: signups.occurrenceId, attended: sql<number>`count(*)::int`.as("attended") })
    .from(signups)
    .where(eq(signups.status, "attended"))
    .groupBy(signups.occurrenceId)
    .as("volunteers");
  const rows = await db
    .select({
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      hubId: hubs.id,
      hubName: hubs.name,
      activityTitle: activities.title,
      participants: attendanceRecords.participants,
      firstTimers: attendanceRecords.firstTimers,
      supportedParticipants: attendanceRecords.supportedParticipants,
      ageBands: attendanceRecords.ageBands,
      volunteersAttended: sql<number>`coalesce(${volunteers.attended}, 0)::int`,
    })
    .from(attendanceRecords)
    .innerJoin(occurrences, eq(occurrences.id, attendanceRecords.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .leftJoin(volunteers, eq(volunteers.occurrenceId, occurrences.id))
    .where(and(editableBy(actor, hubs.id), eq(occurrences.status, "scheduled"), gte(occurrences.startsAt, start), lt(occurrences.startsAt, end)))
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id));
  return rows.map((row) => ({ ...row, ageBands: row.ageBands ?? {} }));
}

export type AttendanceRecordRow = Awaited<ReturnType<typeof listAttendanceRecords>>[number];
