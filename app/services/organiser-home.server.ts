// The organiser's home (/organise, issue 14): the sessions of today and the coming week at the
// hubs the actor edits, and the past week's sessions still without attendance, each with what
// still needs doing. A few queries whatever the number of sessions: the actor's hubs, the
// sessions of two date ranges (occurrences_activity_starts_at), then every role's fill at once.
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { activities, hubs, occurrences } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { addToDate, tokyoDate, tokyoInstant } from "~/lib/dates";
import { editableBy, listEditableHubIds, type Actor } from "./permissions.server";
import { participantCounts } from "./applications.server";
import { listRoleFill, type RoleFill } from "./signups.server";

/**
 * Days the home looks ahead (today counts as the first) and back (for attendance still to
 * record). Back stays within the attendance form's window (ATTENDANCE_EDIT_DAYS, 14; the test
 * checks it), so every session listed to record can still be recorded. (This module leaves
 * attendance.server alone: its form's texts would then count as the home page's.)
 */
export const HOME_DAYS_AHEAD = 7;
export const HOME_DAYS_BACK = 7;
/** Sessions per list at most: an admin edits every hub, and the full lists are /organise/upcoming and /organise/attendance. */
export const HOME_LIST_LIMIT = 100;

/** What still needs doing for a session, as the home's badges say it. */
export type SessionTodo = { kind: "cancelled" } | { kind: "attendance" } | { kind: "unfilled"; count: number } | { kind: "waiting"; count: number };

/**
 * Residents' places at a session: confirmed, waiting and the capacity (null: no limit). The
 * applications work (issue 14, residents) fills this; until then it is null for every session,
 * which the page shows as nothing.
 */
export interface SessionParticipants {
  confirmed: number;
  waiting: number;
  capacity: number | null;
}

export interface HomeSession {
  occurrenceId: number;
  startsAt: Date;
  endsAt: Date;
  status: "scheduled" | "cancelled";
  cancelReason: string | null;
  attendanceRecorded: boolean;
  activityId: number;
  activityTitle: string;
  hubId: number;
  hubName: string;
  /** Helper roles (担い手), in the roster's order. */
  roles: RoleFill[];
  participants: SessionParticipants | null;
  todo: SessionTodo[];
}

export interface OrganiserHome {
  /** Tokyo calendar dates: today, and the last day of the coming week. */
  today: string;
  lastDay: string;
  todaySessions: HomeSession[];
  /** Sessions of the past `HOME_DAYS_BACK` days (before today) whose attendance is not recorded, oldest first. */
  toRecord: HomeSession[];
  /** Sessions after today up to `lastDay`, soonest first. */
  comingSessions: HomeSession[];
  /** A list was cut at `HOME_LIST_LIMIT`. */
  truncated: boolean;
}

/**
 * The organiser's home for `now`: today's sessions (all of them, cancelled ones too), the past
 * week's held sessions without attendance, and the rest of the coming week, at the hubs the actor
 * edits (`editableBy`). Each session carries its helper roles' fill and its to-dos.
 */
export async function getOrganiserHome(db: Db, actor: Actor, { now = new Date() }: { now?: Date } = {}): Promise<OrganiserHome> {
  const today = tokyoDate(now);
  const lastDay = addToDate(today, { days: HOME_DAYS_AHEAD - 1 });
  const empty: OrganiserHome = { today, lastDay, todaySessions: [], toRecord: [], comingSessions: [], truncated: false };
  // The actor's hubs first, so the session queries walk only their activities' index ranges
  // rather than every session in town (a subquery in their place is flattened into a scan of
  // the whole week's sessions: 20,000 at 20,000 hubs, measured).
  const hubIds = await listEditableHubIds(db, actor);
  if (hubIds.length === 0) return empty;

  const todayStart = tokyoInstant(today);
  const [ahead, behind] = await Promise.all([
    sessionsBetween(db, actor, hubIds, { from: todayStart, to: tokyoInstant(addToDate(today, { days: HOME_DAYS_AHEAD })), onlyUnrecorded: false }),
    sessionsBetween(db, actor, hubIds, { from: tokyoInstant(addToDate(today, { days: -HOME_DAYS_BACK })), to: todayStart, onlyUnrecorded: true }),
  ]);
  const truncated = ahead.length > HOME_LIST_LIMIT || behind.length > HOME_LIST_LIMIT;
  const rows = [...ahead.slice(0, HOME_LIST_LIMIT), ...behind.slice(0, HOME_LIST_LIMIT)];
  const fill = await listRoleFill(db, actor, rows.map((row) => row.occurrenceId));
  const applied = await participantCounts(db, actor, rows.map((row) => row.occurrenceId));
  const toSession = (row: SessionRow): HomeSession => {
    const roles = fill.get(row.occurrenceId) ?? [];
    // Residents' places, for sessions of activities that take applications.
    const participants: SessionParticipants | null = applied.get(row.occurrenceId) ?? null;
    return { ...row, roles, participants, todo: todoOf({ ...row, roles, participants }, now) };
  };
  const tomorrowStart = tokyoInstant(addToDate(today, { days: 1 }));
  const sessions = rows.map(toSession);
  return {
    today,
    lastDay,
    todaySessions: sessions.filter((s) => s.startsAt >= todayStart && s.startsAt < tomorrowStart),
    toRecord: sessions.filter((s) => s.startsAt < todayStart),
    comingSessions: sessions.filter((s) => s.startsAt >= tomorrowStart),
    truncated,
  };
}

type SessionRow = Awaited<ReturnType<typeof sessionsBetween>>[number];

/** Sessions starting in [from, to) at the given hubs the actor edits; with `onlyUnrecorded`, held ones without attendance. */
function sessionsBetween(db: Db, actor: Actor, hubIds: number[], range: { from: Date; to: Date; onlyUnrecorded: boolean }) {
  return db
    .select({
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      status: occurrences.status,
      cancelReason: occurrences.cancelReason,
      attendanceRecorded: occurrences.attendanceRecorded,
      activityId: activities.id,
      activityTitle: activities.title,
      hubId: hubs.id,
      hubName: hubs.name,
    })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(occurrences, eq(occurrences.activityId, activities.id))
    .where(
      and(
        // The ids steer the plan to each activity's index range (occurrences_activity_starts_at), as
        // one array parameter (an admin's every hub can pass the 65,535 bind parameters of a list);
        // `editableBy` stays the rule.
        sql`${activities.hubId} = any(${`{${hubIds.join(",")}}`}::int[])`,
        editableBy(actor, activities.hubId),
        gte(occurrences.startsAt, range.from),
        lt(occurrences.startsAt, range.to),
        range.onlyUnrecorded ? and(eq(occurrences.status, "scheduled"), eq(occurrences.attendanceRecorded, false)) : undefined,
      ),
    )
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id))
    .limit(HOME_LIST_LIMIT + 1);
}

/**
 * What still needs doing: a cancelled session only says so; one that has started needs its
 * attendance (the form opens at the start); one still to come needs its open helper places
 * filled and has people waiting (roles, and residents once they apply).
 */
function todoOf(session: Pick<HomeSession, "status" | "startsAt" | "attendanceRecorded" | "roles" | "participants">, now: Date): SessionTodo[] {
  if (session.status === "cancelled") return [{ kind: "cancelled" }];
  const todo: SessionTodo[] = [];
  if (session.startsAt <= now) {
    if (!session.attendanceRecorded) todo.push({ kind: "attendance" });
  } else {
    const unfilled = session.roles.reduce((sum, role) => sum + role.missing, 0);
    const waiting = session.roles.reduce((sum, role) => sum + role.waiting, 0) + (session.participants?.waiting ?? 0);
    if (unfilled > 0) todo.push({ kind: "unfilled", count: unfilled });
    if (waiting > 0) todo.push({ kind: "waiting", count: waiting });
  }
  return todo;
}
