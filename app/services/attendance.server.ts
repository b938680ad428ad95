import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import {
  activities,
  attendanceRecords,
  hubs,
  metricHubFirstHeld,
  metricHubMonths,
  metricHubYears,
  metricOperatorMonths,
  metricOperatorYears,
  occurrences,
  type AgeBands,
} from "#db/schema";
import type { Db } from "~/lib/db.server";
import { Conflict, NotFound } from "~/lib/http.server";
import { fiscalYearOf, monthKey } from "~/lib/metrics/periods";
import { recordAudit } from "./audit.server";

/** Organisers may enter or correct a session's attendance for this long after it starts. */
export const ATTENDANCE_EDIT_DAYS = 14;

export interface AttendanceInput {
  participants: number;
  firstTimers: number;
  supportedParticipants: number;
  ageBands?: AgeBands | null;
}

/** The occurrence with what the attendance form needs (hub for the access check). */
export async function getOccurrenceForAttendance(db: Db, occurrenceId: number) {
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
    .where(eq(occurrences.id, occurrenceId));
  if (!row) return null;
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

/**
 * Records (or corrects) a session's headcounts. One transaction: the occurrence row is locked so
 * two saves at once queue, the record is upserted on the occurrence, the month and year rollups
 * move by the difference (never by the whole figure again), the recorder joins the month's
 * 担い手, and the change is audited with before and after.
 */
export async function recordAttendance(
  db: Db,
  input: AttendanceInput & { occurrenceId: number; userId: string; ip?: string | null; now?: Date; /** Demo data and imports of paper records only. */ ignoreWindow?: boolean },
): Promise<{ created: boolean }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [occurrence] = await tx
      .select({
        id: occurrences.id,
        startsAt: occurrences.startsAt,
        status: occurrences.status,
        hubId: activities.hubId,
        categoryId: activities.categoryId,
      })
      .from(occurrences)
      .innerJoin(activities, eq(activities.id, occurrences.activityId))
      .where(eq(occurrences.id, input.occurrenceId))
      .for("update", { of: occurrences });
    if (!occurrence) throw new NotFound("occurrence not found");
    const window = attendanceWindow(occurrence, now);
    if (window !== "open" && !(input.ignoreWindow && window === "closed")) throw new Conflict(`attendance ${window}`);

    const [before] = await tx.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, occurrence.id));
    const values = {
      occurrenceId: occurrence.id,
      recordedByUserId: input.userId,
      participants: input.participants,
      firstTimers: input.firstTimers,
      supportedParticipants: input.supportedParticipants,
      ageBands: input.ageBands ?? null,
    };
    await tx
      .insert(attendanceRecords)
      .values(values)
      .onConflictDoUpdate({
        target: attendanceRecords.occurrenceId,
        set: { ...values, updatedAt: sql`now()` },
      });

    const delta = {
      sessions: before ? 0 : 1,
      participants: input.participants - (before?.participants ?? 0),
      firstTimers: input.firstTimers - (before?.firstTimers ?? 0),
      supportedParticipants: input.supportedParticipants - (before?.supportedParticipants ?? 0),
    };
    const month = monthKey(occurrence.startsAt);
    const fiscalYear = fiscalYearOf(occurrence.startsAt);
    const add = <T extends typeof metricHubMonths | typeof metricHubYears>(table: T) => ({
      sessions: sql`${table.sessions} + ${delta.sessions}`,
      participants: sql`${table.participants} + ${delta.participants}`,
      firstTimers: sql`${table.firstTimers} + ${delta.firstTimers}`,
      supportedParticipants: sql`${table.supportedParticipants} + ${delta.supportedParticipants}`,
    });
    const keys = { hubId: occurrence.hubId, categoryId: occurrence.categoryId };
    // Make sure the rollup rows exist (a negative delta would fail the CHECK as an insert), then
    // add the difference: two statements that stay correct when saves of one hub-month race.
    await tx.insert(metricHubMonths).values({ ...keys, month }).onConflictDoNothing();
    await tx
      .update(metricHubMonths)
      .set(add(metricHubMonths))
      .where(and(eq(metricHubMonths.hubId, keys.hubId), eq(metricHubMonths.categoryId, keys.categoryId), eq(metricHubMonths.month, month)));
    await tx.insert(metricHubYears).values({ ...keys, fiscalYear }).onConflictDoNothing();
    await tx
      .update(metricHubYears)
      .set(add(metricHubYears))
      .where(and(eq(metricHubYears.hubId, keys.hubId), eq(metricHubYears.categoryId, keys.categoryId), eq(metricHubYears.fiscalYear, fiscalYear)));
    await tx
      .insert(metricHubFirstHeld)
      .values({ hubId: keys.hubId, firstMonth: month })
      .onConflictDoUpdate({ target: metricHubFirstHeld.hubId, set: { firstMonth: sql`least(${metricHubFirstHeld.firstMonth}, excluded.first_month)` } });
    // 担い手: whoever recorded attendance took part in running the session.
    await tx.insert(metricOperatorMonths).values({ ...keys, month, person: `user:${input.userId}` }).onConflictDoNothing();
    await tx.insert(metricOperatorYears).values({ fiscalYear, person: `user:${input.userId}` }).onConflictDoNothing();

    await recordAudit(tx, {
      actorUserId: input.userId,
      action: before ? "attendance.updated" : "attendance.recorded",
      targetType: "occurrence",
      targetId: occurrence.id,
      ip: input.ip ?? null,
      details: {
        before: before
          ? { participants: before.participants, firstTimers: before.firstTimers, supportedParticipants: before.supportedParticipants, ageBands: before.ageBands }
          : null,
        after: { participants: values.participants, firstTimers: values.firstTimers, supportedParticipants: values.supportedParticipants, ageBands: values.ageBands },
      },
    });
    return { created: !before };
  });
}

/** For tests and repairs: whether the rollups agree with the attendance rows of a hub. */
export async function rollupMatchesAttendance(db: Db, hubId: number): Promise<boolean> {
  const [fromRecords] = await db
    .select({ participants: sql<number>`coalesce(sum(${attendanceRecords.participants}), 0)::int`, sessions: sql<number>`count(*)::int` })
    .from(attendanceRecords)
    .innerJoin(occurrences, eq(occurrences.id, attendanceRecords.occurrenceId))
    .innerJoin(activities, and(eq(activities.id, occurrences.activityId), eq(activities.hubId, hubId)));
  const [fromRollup] = await db
    .select({ participants: sql<number>`coalesce(sum(${metricHubMonths.participants}), 0)::int`, sessions: sql<number>`coalesce(sum(${metricHubMonths.sessions}), 0)::int` })
    .from(metricHubMonths)
    .where(eq(metricHubMonths.hubId, hubId));
  return fromRecords?.participants === fromRollup?.participants && fromRecords?.sessions === fromRollup?.sessions;
}

/** Sessions at these hubs whose attendance can still be entered or corrected, newest first. */
export async function listRecordableSessions(db: Db, hubIds: number[], now = new Date()) {
  if (hubIds.length === 0) return [];
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
    .where(and(inArray(activities.hubId, hubIds), eq(occurrences.status, "scheduled"), gte(occurrences.startsAt, since), lte(occurrences.startsAt, now)))
    .orderBy(desc(occurrences.startsAt))
    .limit(100);
}
