import { and, asc, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { activities, occurrences } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";
import { addToDate, tokyoDate } from "~/lib/dates";
import { withRollups } from "./metric-rollups.server";
import { horizonFrom, MIN_AHEAD_MONTHS, scheduleDates, sessionTimes, type Schedule } from "~/lib/recurrence";

type ActivityRow = typeof activities.$inferSelect;
/** Either the database or an open transaction: both run the same queries. */
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

/** The schedule stored on an activity row, with times as "HH:mm". */
export function scheduleOf(row: Pick<ActivityRow, "scheduleKind" | "interval" | "weekdays" | "monthWeeks" | "startDate" | "endDate" | "startTime" | "endTime" | "exceptionDates">): Schedule {
  return {
    kind: row.scheduleKind,
    interval: row.interval,
    weekdays: row.weekdays,
    monthWeeks: row.monthWeeks,
    startDate: row.startDate,
    endDate: row.endDate,
    startTime: row.startTime.slice(0, 5),
    endTime: row.endTime.slice(0, 5),
    exceptionDates: row.exceptionDates,
  };
}

async function insertDates(tx: Tx, activity: ActivityRow, dates: string[]): Promise<number> {
  if (dates.length === 0) return 0;
  const schedule = scheduleOf(activity);
  const inserted = await tx
    .insert(occurrences)
    .values(dates.map((originalDate) => ({ activityId: activity.id, originalDate, ...sessionTimes(schedule, originalDate) })))
    // The unique (activity_id, original_date) index makes every top-up idempotent.
    .onConflictDoNothing({ target: [occurrences.activityId, occurrences.originalDate] })
    .returning({ id: occurrences.id });
  return inserted.length;
}

/** Rows of `db.execute`, which postgres.js returns as an array and PGlite as `{ rows }`. */
/**
 * The ids among `ids` that some row of another table refers to (sign-ups, attendance…),
 * found through the foreign keys the database declares, so this module need not know the
 * other modules' tables and a cascading key cannot silently take their records with it.
 */
async function referencedOccurrenceIds(tx: Tx, ids: number[]): Promise<Set<number>> {
  const keys = rowsOf(
    await tx.execute(sql`
      select c.conrelid::regclass::text as tbl, a.attname as col
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'f' and c.confrelid = 'occurrences'::regclass and cardinality(c.conkey) = 1`),
  );
  const referenced = new Set<number>();
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  for (const key of keys) {
    const table = String(key.tbl).replace(/^"|"$/g, "");
    const column = String(key.col);
    const rows = rowsOf(await tx.execute(sql`select distinct ${sql.identifier(column)} as id from ${sql.identifier(table)} where ${sql.identifier(column)} in (${idList})`));
    for (const row of rows) referenced.add(Number(row.id));
  }
  return referenced;
}

/**
 * Removes sessions the series no longer has. A session that another table refers to (a
 * sign-up, attendance) is cancelled with `reason` instead, so no record is lost and residents
 * and helpers see why.
 */
async function retireOccurrences(tx: Tx, ids: number[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  const referenced = await referencedOccurrenceIds(tx, ids);
  const free = ids.filter((id) => !referenced.has(id));
  const kept = ids.filter((id) => referenced.has(id));
  if (free.length > 0) await tx.delete(occurrences).where(inArray(occurrences.id, free));
  if (kept.length > 0) {
    // Kept sessions with attendance leave the rollups (a cancelled session is not held).
    await withRollups(tx, kept, () => tx.update(occurrences).set({ status: "cancelled", cancelReason: reason }).where(inArray(occurrences.id, kept)));
  }
}

/**
 * Brings an activity's future sessions in line with its schedule (after it is created or its
 * series edited): sessions that have not started yet get the new times, dates the series no
 * longer has go, new dates are added up to the horizon. Sessions already started or past, and
 * sessions moved on their own, stay as they were.
 */
export async function syncFutureOccurrences(tx: Tx, activityId: number, now: Date = new Date()): Promise<void> {
  const [activity] = await tx.select().from(activities).where(eq(activities.id, activityId)).for("update");
  if (!activity) return;
  const today = tokyoDate(now);
  const horizon = horizonFrom(today);
  const schedule = scheduleOf(activity);
  const wanted = activity.status === "active" ? scheduleDates(schedule, today, horizon) : [];
  const wantedSet = new Set(wanted);
  const future = await tx
    .select()
    .from(occurrences)
    .where(and(eq(occurrences.activityId, activityId), gte(occurrences.startsAt, now)));
  const stale = future.filter((o) => !o.moved && !wantedSet.has(o.originalDate)).map((o) => o.id);
  await retireOccurrences(tx, stale, activity.status === "ended" ? "終了しました" : "日程変更");
  for (const occurrence of future) {
    if (occurrence.moved || !wantedSet.has(occurrence.originalDate)) continue;
    const times = sessionTimes(schedule, occurrence.originalDate);
    if (+times.startsAt !== +occurrence.startsAt || +times.endsAt !== +occurrence.endsAt) {
      await tx.update(occurrences).set(times).where(eq(occurrences.id, occurrence.id));
    }
  }
  // Past dates of the series (already started today, or earlier) are never created afresh.
  const known = new Set(
    (await tx.select({ d: occurrences.originalDate }).from(occurrences).where(eq(occurrences.activityId, activityId))).map((r) => r.d),
  );
  const missing = wanted.filter((date) => !known.has(date) && sessionTimes(schedule, date).startsAt >= now);
  await insertDates(tx, activity, missing);
  await tx.update(activities).set({ materialisedThrough: horizon }).where(eq(activities.id, activityId));
}

/**
 * Keeps at least six months of sessions ahead for every active series: adds the dates after
 * `materialisedThrough` up to the seven-month horizon. Idempotent and safe to run from several
 * processes (the unique index absorbs duplicates). Returns the number of sessions added.
 */
export async function topUpOccurrences(db: Db, options: { now?: Date; batchSize?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const today = tokyoDate(now);
  const horizon = horizonFrom(today);
  const threshold = addToDate(today, { months: MIN_AHEAD_MONTHS });
  let added = 0;
  let afterId = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(activities)
      .where(
        and(
          eq(activities.status, "active"),
          or(isNull(activities.materialisedThrough), lt(activities.materialisedThrough, threshold)),
          sql`${activities.id} > ${afterId}`,
        ),
      )
      .orderBy(asc(activities.id))
      .limit(options.batchSize ?? 200);
    if (batch.length === 0) return added;
    for (const activity of batch) {
      afterId = activity.id;
      const after = activity.materialisedThrough ? addToDate(activity.materialisedThrough, { days: 1 }) : today;
      const from = after > today ? after : today;
      const dates = scheduleDates(scheduleOf(activity), from, horizon);
      await db.transaction(async (tx) => {
        added += await insertDates(tx, activity, dates);
        await tx.update(activities).set({ materialisedThrough: horizon }).where(eq(activities.id, activity.id));
      });
    }
  }
}

let lastTopUp = 0;
let running: Promise<unknown> | undefined;
const TOP_UP_EVERY_MS = 60 * 60 * 1000;

/** Runs `topUpOccurrences` at most once an hour per process, without making a request wait for it twice. */
export async function ensureOccurrencesAhead(db: Db): Promise<void> {
  if (Date.now() - lastTopUp < TOP_UP_EVERY_MS) return;
  if (!running) {
    running = topUpOccurrences(db)
      .then(() => {
        lastTopUp = Date.now();
      })
      // A failed top-up must not fail the page that triggered it; the next request retries.
      .catch((error: unknown) => console.error("occurrence top-up failed", error))
      .finally(() => {
        running = undefined;
      });
  }
  await running;
}

/** Cancels every session after `now` (an activity that ended) or deletes it when nothing refers to it. */
export async function retireFutureOccurrences(tx: Tx, activityId: number, now: Date, reason: string): Promise<void> {
  const future = await tx
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(and(eq(occurrences.activityId, activityId), gte(occurrences.startsAt, now)));
  await retireOccurrences(
    tx,
    future.map((o) => o.id),
    reason,
  );
}

