// One home for places and the waiting list (STYLE 13). Role slots, 見学 places and residents'
// places take, release and resize through here, in one queue order. The decisions
// are made holding the pool's row lock; the database keeps the invariants whatever the code does
// (migration 0021): taken counts are kept by triggers from the rows and never exceed the places
// (check constraints), at commit no pool has a free place while someone waits (deferred
// constraint triggers), and a person holds one live place per session and none in overlapping
// sessions unless a role allows it (unique index and trigger, both asking person_busy_for).
// Residents' applications take as many places as people they bring, strictly first come, first
// served: nobody is passed over by a smaller party that would fit (migration 0022).
import { and, asc, eq, gt, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { activities, activityRoles, applicationFills, applications, occurrences, roleSlotFills, signups, supportVisitFills, supportVisits } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { NotFound } from "~/lib/domain-errors";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The waiting order, a total order: who waited first, then who was written first. */
export function queueOrder(entries: { waitlistedAt: AnyPgColumn; id: AnyPgColumn }): SQL[] {
  return [asc(entries.waitlistedAt), asc(entries.id)];
}

/** What `Pool.lock` read: places (null: no limit), places taken, and whether anyone waits. */
export interface PoolState {
  capacity: number | null;
  taken: number;
  /**
   * Someone waits. Pools whose entries take one place each leave it out: there, a free place
   * with someone waiting cannot commit. With entries of several places the first waiting may
   * not fit, and a newcomer who would must still queue behind them.
   */
  queued?: boolean;
}

/** A set of places (capacity null: no limit) and the queue of those waiting for one. */
export interface Pool {
  /** Creates the pool's row if missing and locks it until the transaction ends. */
  lock(tx: Tx): Promise<PoolState>;
  setCapacity(tx: Tx, capacity: number | null): Promise<void>;
  /** Up to `limit` waiting entries (id and places needed), in queueOrder (all of them when null). */
  waiting(tx: Tx, limit: number | null): Promise<{ id: number; size: number }[]>;
  /** Gives a waiting entry its place; the trigger counts it. */
  admit(tx: Tx, entryId: number, now: Date): Promise<void>;
}

/**
 * Whether the next entry (needing `size` places) gets them or waits, from the state `pool.lock`
 * returned (the caller holds the lock and writes the entry). Callers lock first because they
 * check for a double submit under the same lock; taking it a second time here would be a
 * wasted round trip.
 */
export function take(state: PoolState, size = 1): "placed" | "waiting" {
  return state.capacity === null || (!state.queued && state.taken + size <= state.capacity) ? "placed" : "waiting";
}

/**
 * After an entry gave up its places (already written): the waiting take what is free, in queue
 * order, until the first who does not fit (nobody is passed over). Returns who was admitted.
 */
export async function release(tx: Tx, pool: Pool, now: Date): Promise<number[]> {
  const { capacity, taken } = await pool.lock(tx);
  let free = capacity === null ? Number.POSITIVE_INFINITY : capacity - taken;
  if (free <= 0) return [];
  const admitted: number[] = [];
  // Every entry needs one place or more, so no more than `free` of them can be admitted.
  for (const entry of await pool.waiting(tx, capacity === null ? null : free)) {
    if (entry.size > free) break;
    await pool.admit(tx, entry.id, now);
    free -= entry.size;
    admitted.push(entry.id);
  }
  return admitted;
}

/** Why a resize was refused: fewer places than people holding one (remove someone first). */
export class BelowTaken extends Error {
  constructor(readonly taken: number) {
    super(`fewer places than the ${taken} people holding one`);
  }
}

/** Sets the number of places; the first waiting take any new ones. Returns who was admitted. */
export async function resize(tx: Tx, pool: Pool, capacity: number | null, now: Date): Promise<number[]> {
  const { taken } = await pool.lock(tx);
  if (capacity !== null && capacity < taken) throw new BelowTaken(taken);
  await pool.setCapacity(tx, capacity);
  return release(tx, pool, now);
}

// ── The pools ────────────────────────────────────────────────────────────────────────────────

/** The places of one helper role in one session (role_slot_fills), taken by sign-ups. */
export function roleSlots(occurrenceId: number, roleId: number): Pool {
  const key = and(eq(roleSlotFills.occurrenceId, occurrenceId), eq(roleSlotFills.roleId, roleId));
  return {
    async lock(tx) {
      await tx.execute(sql`
        insert into ${roleSlotFills} (occurrence_id, role_id, slots, confirmed)
        select ${occurrenceId}, ${activityRoles.id}, ${activityRoles.slots}, 0 from ${activityRoles} where ${activityRoles.id} = ${roleId}
        on conflict do nothing`);
      const [fill] = await tx.select().from(roleSlotFills).where(key).for("update");
      if (!fill) throw new NotFound("no such role slot");
      return { capacity: fill.slots, taken: fill.confirmed };
    },
    async setCapacity(tx, capacity) {
      if (capacity === null) throw new Error("a role always has a number of places");
      await tx.update(roleSlotFills).set({ slots: capacity }).where(key);
    },
    async waiting(tx, limit) {
      const query = tx
        .select({ id: signups.id, size: sql<number>`1`.mapWith(Number) })
        .from(signups)
        .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.roleId, roleId), eq(signups.status, "waitlisted")))
        .orderBy(...queueOrder(signups));
      return limit === null ? query : query.limit(limit);
    },
    async admit(tx, entryId, now) {
      await tx.update(signups).set({ status: "confirmed", confirmedAt: now }).where(eq(signups.id, entryId));
    },
  };
}

/** The 見学 places of one session (support_visit_fills), taken by 参加支援 visits. */
export function visitorPlaces(occurrenceId: number): Pool {
  const key = eq(supportVisitFills.occurrenceId, occurrenceId);
  return {
    async lock(tx) {
      await tx.execute(sql`
        insert into ${supportVisitFills} (occurrence_id, capacity, expected)
        select ${occurrences.id}, ${activities.capacity}, 0 from ${occurrences}
        inner join ${activities} on ${activities.id} = ${occurrences.activityId}
        where ${occurrences.id} = ${occurrenceId}
        on conflict do nothing`);
      const [fill] = await tx.select().from(supportVisitFills).where(key).for("update");
      if (!fill) throw new NotFound("no such session");
      return { capacity: fill.capacity, taken: fill.expected };
    },
    async setCapacity(tx, capacity) {
      await tx.update(supportVisitFills).set({ capacity }).where(key);
    },
    async waiting(tx, limit) {
      const query = tx
        .select({ id: supportVisits.id, size: sql<number>`1`.mapWith(Number) })
        .from(supportVisits)
        .where(and(eq(supportVisits.occurrenceId, occurrenceId), eq(supportVisits.status, "waitlisted")))
        .orderBy(...queueOrder(supportVisits));
      return limit === null ? query : query.limit(limit);
    },
    async admit(tx, entryId) {
      await tx.update(supportVisits).set({ status: "expected" }).where(eq(supportVisits.id, entryId));
    },
  };
}

/**
 * Residents' places at one session (application_fills), taken by applications: as many places as
 * the people each brings. Its capacity is the activity's (定員), like the 見学 places'.
 */
export function residentPlaces(occurrenceId: number): Pool {
  const key = eq(applicationFills.occurrenceId, occurrenceId);
  return {
    async lock(tx) {
      await tx.execute(sql`
        insert into ${applicationFills} (occurrence_id, capacity, taken)
        select ${occurrences.id}, ${activities.capacity}, 0 from ${occurrences}
        inner join ${activities} on ${activities.id} = ${occurrences.activityId}
        where ${occurrences.id} = ${occurrenceId}
        on conflict do nothing`);
      const [fill] = await tx.select().from(applicationFills).where(key).for("update");
      if (!fill) throw new NotFound("no such session");
      const [queued] = await tx
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.occurrenceId, occurrenceId), eq(applications.status, "waitlisted")))
        .limit(1);
      return { capacity: fill.capacity, taken: fill.taken, queued: queued !== undefined };
    },
    async setCapacity(tx, capacity) {
      await tx.update(applicationFills).set({ capacity }).where(key);
    },
    async waiting(tx, limit) {
      const query = tx
        .select({ id: applications.id, size: applications.partySize })
        .from(applications)
        .where(and(eq(applications.occurrenceId, occurrenceId), eq(applications.status, "waitlisted")))
        .orderBy(...queueOrder(applications));
      return limit === null ? query : query.limit(limit);
    },
    async admit(tx, entryId, now) {
      await tx.update(applications).set({ status: "confirmed", confirmedAt: now }).where(eq(applications.id, entryId));
    },
  };
}

// ── One person, one place at a time ──────────────────────────────────────────────────────────

/**
 * Whether the person already holds a live place in this session, or in an overlapping one (unless
 * a role allows it). Takes the person's lock first, as the database's trigger does, so a
 * concurrent sign-up of the same person is seen; call it inside the sign-up's transaction.
 */
export async function personBusyFor(tx: Tx, input: { userId: string; occurrenceId: number; roleId: number }): Promise<boolean> {
  await tx.execute(sql`select lock_person_places(${input.userId})`);
  const [row] = await tx
    .select({ busy: busyFor(input.userId, occurrences.id, sql`${input.roleId}`) })
    .from(occurrences)
    .where(eq(occurrences.id, input.occurrenceId));
  return row?.busy === true;
}

/** person_busy_for as an SQL expression over any session and role (the suggestions' filter too). */
export function busyFor(userId: string, occurrenceId: SQL | AnyPgColumn, roleId: SQL | AnyPgColumn): SQL<boolean> {
  return sql<boolean>`person_busy_for(${userId}, ${occurrenceId}, ${roleId}, null)`;
}

/** The pools of a role's sessions still to end: what a change of its slots resizes. */
export async function futureRolePools(tx: Tx, roleId: number, now: Date): Promise<{ occurrenceId: number; pool: Pool }[]> {
  const rows = await tx
    .select({ occurrenceId: roleSlotFills.occurrenceId })
    .from(roleSlotFills)
    .innerJoin(occurrences, eq(occurrences.id, roleSlotFills.occurrenceId))
    .where(and(eq(roleSlotFills.roleId, roleId), gt(occurrences.endsAt, now)))
    .orderBy(asc(roleSlotFills.occurrenceId));
  return rows.map((row) => ({ occurrenceId: row.occurrenceId, pool: roleSlots(row.occurrenceId, roleId) }));
}

/**
 * The 見学 and residents' pools of an activity's sessions still to end: what a change of its
 * capacity resizes.
 */
export async function futureParticipantPools(tx: Tx, activityId: number, now: Date): Promise<{ pool: Pool; residents: boolean }[]> {
  const future = and(eq(occurrences.activityId, activityId), gt(occurrences.endsAt, now));
  const visits = await tx
    .select({ occurrenceId: supportVisitFills.occurrenceId })
    .from(supportVisitFills)
    .innerJoin(occurrences, eq(occurrences.id, supportVisitFills.occurrenceId))
    .where(future)
    .orderBy(asc(supportVisitFills.occurrenceId));
  const residents = await tx
    .select({ occurrenceId: applicationFills.occurrenceId })
    .from(applicationFills)
    .innerJoin(occurrences, eq(occurrences.id, applicationFills.occurrenceId))
    .where(future)
    .orderBy(asc(applicationFills.occurrenceId));
  return [
    ...visits.map((row) => ({ pool: visitorPlaces(row.occurrenceId), residents: false })),
    ...residents.map((row) => ({ pool: residentPlaces(row.occurrenceId), residents: true })),
  ];
}
