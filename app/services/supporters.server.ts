import { and, asc, count, desc, eq, isNotNull, lt, sql } from "drizzle-orm";
import { activities, applicants, applications, hubs, occurrences, signups, supporterStartingFigures, users } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";
import { addToDate, tokyoDate, tokyoInstant } from "~/lib/dates";
import type { Period } from "~/lib/metrics/periods";
import type { TrainingCourse } from "~/lib/training-courses";
import { recordAudit } from "./audit.server";

// あいサポーター養成人数（累計） (supporters_trained): the one home of its definition.
//
// Completing a 養成講座 is attending a held (not cancelled) session of an activity marked
// `training_course = 'ai_supporter'`: a resident's application ticked as arrived
// (`applications.checked_in_at`, set by recordArrivals) or a role sign-up marked `attended`.
// A person counts once, whatever the year and however many sessions or courses:
//   - an account is one person (as applicant or helper alike);
//   - an applicant without an account is one person, and the others of their party (party size
//     − 1, the largest party they brought) are people too: each of them sat the course. The same
//     party coming to a second session of the activity is the same people (one applicant per
//     activity), so they are not counted again;
//   - an account's party counts the account once and its companions as above;
//   - a guest helper entered by an organiser (no account) is one person per sign-up: nothing
//     identifies the same guest twice.
// Plus the starting figure: people trained before the records began, entered by staff with the
// date it is as of. People whose first completed session starts from that date (00:00 Tokyo) on
// are counted on top of it; anyone who completed one earlier is assumed to be in it.

const COURSE: TrainingCourse = "ai_supporter";

export interface StartingFigure {
  id: number;
  asOf: string;
  people: number;
  enteredBy: string | null;
  enteredAt: Date;
}

/** The starting figure in force at the end of `period`: the latest one as of a day before it ends. */
export async function startingFigureAt(db: Db, periodEndDate: string): Promise<{ asOf: string; people: number } | null> {
  const [row] = await db
    .select({ asOf: supporterStartingFigures.asOf, people: supporterStartingFigures.people })
    .from(supporterStartingFigures)
    .where(lt(supporterStartingFigures.asOf, periodEndDate))
    .orderBy(desc(supporterStartingFigures.asOf))
    .limit(1);
  return row ?? null;
}

/**
 * People who first completed an あいサポーター養成講座 in a session starting in [from, to) —
 * distinct as the comment at the top says. Someone who completed one before `from` is not
 * counted again for a later course: they are in the starting figure already. `from` null: from
 * the beginning.
 */
export async function countCourseCompletions(db: Db, window: { from: Date | null; to: Date }): Promise<number> {
  const since = window.from ? sql`${window.from.toISOString()}::timestamptz` : sql`'-infinity'::timestamptz`;
  const result = await db.execute(sql`
    with course_sessions as (
      select ${occurrences.id} as id, ${occurrences.startsAt} as starts_at
      from ${occurrences} join ${activities} on ${activities.id} = ${occurrences.activityId}
      where ${activities.trainingCourse} = ${COURSE}
        and ${occurrences.status} = 'scheduled'
        and ${occurrences.startsAt} < ${window.to.toISOString()}::timestamptz
    ),
    parties as (
      select coalesce('user:' || ${applicants.userId}, 'applicant:' || ${applicants.id}) as person,
             min(cs.starts_at) as first_at,
             max(${applications.partySize}) - 1 as companions
      from ${applications}
      join ${applicants} on ${applicants.id} = ${applications.applicantId}
      join course_sessions cs on cs.id = ${applications.occurrenceId}
      where ${applications.checkedInAt} is not null
      group by ${applicants.id}
    ),
    helpers as (
      select coalesce('user:' || ${signups.userId}, 'signup:' || ${signups.id}) as person, min(cs.starts_at) as first_at
      from ${signups}
      join course_sessions cs on cs.id = ${signups.occurrenceId}
      where ${signups.status} = 'attended'
      group by 1
    ),
    people as (
      select person, min(first_at) as first_at
      from (select person, first_at from parties union all select person, first_at from helpers) as everyone
      group by person
    )
    select
      (select count(*) from people where first_at >= ${since})
      + (select coalesce(sum(companions), 0) from parties where first_at >= ${since}) as n
  `);
  const [row] = rowsOf<{ n: number | string }>(result);
  return Number(row?.n ?? 0);
}

/**
 * あいサポーター養成人数（累計） at the end of `period`: the starting figure in force then, plus the
 * people who completed a course from its date up to the period's end. Null when there is
 * neither a starting figure nor anyone who completed a course (no record, not zero).
 */
export async function countSupportersTrained(db: Db, period: Period): Promise<number | null> {
  return (await supportersTrainedBy(db, { end: period.end, endDate: period.to })).total;
}

/** The cumulative count up to `end` (`endDate`: the Tokyo day after the last one counted) and its two parts. */
async function supportersTrainedBy(db: Db, bound: { end: Date; endDate: string }) {
  const starting = await startingFigureAt(db, bound.endDate);
  const counted = await countCourseCompletions(db, { from: starting ? tokyoInstant(starting.asOf) : null, to: bound.end });
  const total = !starting && counted === 0 ? null : (starting?.people ?? 0) + counted;
  return { total, starting, counted };
}

/** The count today, with the starting figure it rests on and the people counted on top (the staff page). */
export function supportersTrainedNow(db: Db, now: Date = new Date()) {
  return supportersTrainedBy(db, { end: now, endDate: addToDate(tokyoDate(now), { days: 1 }) });
}

/** Every starting figure entered, newest date first, with who entered it. */
export async function listStartingFigures(db: Db): Promise<StartingFigure[]> {
  return db
    .select({
      id: supporterStartingFigures.id,
      asOf: supporterStartingFigures.asOf,
      people: supporterStartingFigures.people,
      enteredBy: users.displayName,
      enteredAt: supporterStartingFigures.enteredAt,
    })
    .from(supporterStartingFigures)
    .leftJoin(users, eq(users.id, supporterStartingFigures.enteredByUserId))
    .orderBy(desc(supporterStartingFigures.asOf));
}

/** Enters the starting figure as of a date (the same date again replaces it), audited. */
export async function setStartingFigure(db: Db, input: { asOf: string; people: number; userId: string; ip?: string | null }): Promise<void> {
  await db.transaction(async (tx) => {
    const [previous] = await tx
      .select({ people: supporterStartingFigures.people })
      .from(supporterStartingFigures)
      .where(eq(supporterStartingFigures.asOf, input.asOf))
      .for("update");
    const values = { asOf: input.asOf, people: input.people, enteredByUserId: input.userId, enteredAt: sql`now()` };
    const [row] = await tx
      .insert(supporterStartingFigures)
      .values(values)
      .onConflictDoUpdate({ target: supporterStartingFigures.asOf, set: { ...values, updatedAt: sql`now()` } })
      .returning({ id: supporterStartingFigures.id });
    await recordAudit(tx, {
      actorUserId: input.userId,
      action: "supporter_starting_figure.set",
      targetType: "supporter_starting_figure",
      targetId: row?.id ?? null,
      ip: input.ip ?? null,
      details: { asOf: input.asOf, people: input.people, previous: previous?.people ?? null },
    });
  });
}

/** The 養成講座 activities, with their hub and how many of their sessions have been held so far. */
export async function listTrainingCourses(db: Db, now: Date = new Date()) {
  const held = db
    .select({ activityId: occurrences.activityId, sessions: count().as("sessions") })
    .from(occurrences)
    .where(and(eq(occurrences.status, "scheduled"), lt(occurrences.startsAt, now)))
    .groupBy(occurrences.activityId)
    .as("held");
  return db
    .select({
      id: activities.id,
      title: activities.title,
      hubName: hubs.name,
      status: activities.status,
      course: activities.trainingCourse,
      heldSessions: sql<number>`coalesce(${held.sessions}, 0)`.mapWith(Number),
    })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .leftJoin(held, eq(held.activityId, activities.id))
    .where(isNotNull(activities.trainingCourse))
    .orderBy(asc(hubs.name), asc(activities.title));
}
