// Sign-ups for role slots: who may take one, and what each person is told. Places, the waiting
// list and promotion are capacity.server.ts's (one module for every kind of place).
import { and, asc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import { activities, activityRoles, hubs, occurrences, roleSlotFills, signups, users } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { DomainError, NotFound, type DomainErrorCode } from "~/lib/domain-errors";
import { tokyoDate } from "~/lib/dates";
import type { NotificationPayload } from "~/lib/notification-kinds";
import { busyFor, futureRolePools, personBusyFor, queueOrder, release, resize, roleSlots, take, type Tx } from "./capacity.server";
import { notify } from "./notifications.server";
import { editableBy, type Actor } from "./permissions.server";

/**
 * Why a sign-up or a cancellation was refused; each has a Japanese message (`signup.error.*`),
 * which the intent services name (naming it here would make every route that reaches this
 * module look as if it showed those messages).
 */
export type SignupRefusal = "not_found" | "past" | "cancelled" | "role_mismatch" | "not_yours" | "not_live" | "guest_name" | "busy";

const refusalCodes: Record<SignupRefusal, DomainErrorCode> = {
  not_found: "not_found",
  not_yours: "forbidden",
  guest_name: "invalid",
  past: "conflict",
  cancelled: "conflict",
  role_mismatch: "conflict",
  not_live: "conflict",
  busy: "conflict",
};

export class SignupRefused extends DomainError {
  constructor(readonly reason: SignupRefusal) {
    super(refusalCodes[reason], `signup refused: ${reason}`);
  }
}

export type SignupOutcome = "confirmed" | "waitlisted" | "already_confirmed" | "already_waitlisted";

interface SlotContext {
  occurrenceId: number;
  roleId: number;
  activityId: number;
  activityTitle: string;
  roleName: string;
  hubId: number;
  hubName: string;
  startsAt: Date;
  endsAt: Date;
}

function payloadOf(slot: SlotContext, extra: Partial<NotificationPayload> = {}): NotificationPayload {
  return {
    activity: slot.activityTitle,
    role: slot.roleName,
    hub: slot.hubName,
    startsAt: slot.startsAt.toISOString(),
    endsAt: slot.endsAt.toISOString(),
    path: "/volunteer",
    ...extra,
  };
}

/** The occurrence and role, checked to belong together and to be open for sign-ups. */
async function openSlot(tx: Tx | Db, occurrenceId: number, roleId: number, now: Date): Promise<SlotContext & { hubStatus: string }> {
  const [row] = await tx
    .select({
      occurrenceId: occurrences.id,
      status: occurrences.status,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      activityId: occurrences.activityId,
      activityTitle: activities.title,
      activityStatus: activities.status,
      hubId: hubs.id,
      hubName: hubs.name,
      hubStatus: hubs.status,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(eq(occurrences.id, occurrenceId));
  if (!row) throw new SignupRefused("not_found");
  const [role] = await tx
    .select({ id: activityRoles.id, activityId: activityRoles.activityId, name: activityRoles.name, archivedAt: activityRoles.archivedAt })
    .from(activityRoles)
    .where(eq(activityRoles.id, roleId));
  if (!role) throw new SignupRefused("not_found");
  if (role.activityId !== row.activityId || role.archivedAt) throw new SignupRefused("role_mismatch");
  if (row.status === "cancelled" || row.activityStatus !== "active") throw new SignupRefused("cancelled");
  if (row.startsAt.getTime() <= now.getTime()) throw new SignupRefused("past");
  return { ...row, roleId: role.id, roleName: role.name };
}

/** Takes a free slot or joins the waitlist, for an account or a guest; inside `tx`. */
async function takeSlot(
  tx: Tx,
  slot: SlotContext,
  who: { userId: string; addedByUserId?: string } | { guestName: string; guestNote?: string; addedByUserId: string },
  now: Date,
): Promise<{ signupId: number; outcome: SignupOutcome }> {
  const pool = roleSlots(slot.occurrenceId, slot.roleId);
  const state = await pool.lock(tx);
  if ("userId" in who) {
    // Idempotent: a second submit of the same sign-up finds the first (we hold the slot lock).
    const [existing] = await tx
      .select({ id: signups.id, status: signups.status })
      .from(signups)
      .where(
        and(
          eq(signups.occurrenceId, slot.occurrenceId),
          eq(signups.roleId, slot.roleId),
          eq(signups.userId, who.userId),
          inArray(signups.status, ["confirmed", "waitlisted"]),
        ),
      );
    if (existing) return { signupId: existing.id, outcome: existing.status === "confirmed" ? "already_confirmed" : "already_waitlisted" };
    if (await personBusyFor(tx, { userId: who.userId, occurrenceId: slot.occurrenceId, roleId: slot.roleId })) throw new SignupRefused("busy");
  }
  const confirm = take(state) === "placed";
  const [row] = await tx
    .insert(signups)
    .values({
      occurrenceId: slot.occurrenceId,
      roleId: slot.roleId,
      userId: "userId" in who ? who.userId : null,
      guestName: "guestName" in who ? who.guestName : null,
      guestNote: "guestName" in who ? (who.guestNote ?? null) : null,
      addedByUserId: who.addedByUserId ?? null,
      status: confirm ? "confirmed" : "waitlisted",
      confirmedAt: confirm ? now : null,
      waitlistedAt: confirm ? null : now,
    })
    .returning({ id: signups.id });
  if (!row) throw new Error("sign-up not written");
  if ("userId" in who) {
    await notify(tx, { userId: who.userId, kind: confirm ? "signup_confirmed" : "signup_waitlisted", payload: payloadOf(slot) });
  }
  return { signupId: row.id, outcome: confirm ? "confirmed" : "waitlisted" };
}

/**
 * A volunteer signs up for a role in one occurrence: confirmed if a slot is free, else
 * waitlisted. Only at a public hub (a draft or closed hub's sessions do not exist for them,
 * whatever ids are posted), unless `invited`: the hub's organiser chose this person.
 */
export async function signUpForRole(
  db: Db,
  input: { userId: string; occurrenceId: number; roleId: number; now?: Date; invited?: boolean },
): Promise<{ signupId: number; outcome: SignupOutcome }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const slot = await openSlot(tx, input.occurrenceId, input.roleId, now);
    if (slot.hubStatus !== "public" && !input.invited) throw new SignupRefused("not_found");
    return takeSlot(tx, slot, { userId: input.userId }, now);
  });
}

/**
 * "Every time": signs up for the role in each coming occurrence of its activity (those already
 * scheduled), each on its own; full ones put the person on that session's waitlist, and those
 * where the person already holds a place at that time are left out (`busy`).
 */
export async function signUpForSeries(
  db: Db,
  input: { userId: string; activityId: number; roleId: number; now?: Date; limit?: number },
): Promise<{ confirmed: number; waitlisted: number; already: number; busy: number }> {
  const now = input.now ?? new Date();
  const [role] = await db.select({ activityId: activityRoles.activityId, archivedAt: activityRoles.archivedAt }).from(activityRoles).where(eq(activityRoles.id, input.roleId));
  if (!role) throw new SignupRefused("not_found");
  if (role.activityId !== input.activityId || role.archivedAt) throw new SignupRefused("role_mismatch");
  const coming = await db
    .select({ id: occurrences.id })
    .from(occurrences)
    .where(and(eq(occurrences.activityId, input.activityId), eq(occurrences.status, "scheduled"), gt(occurrences.startsAt, now)))
    .orderBy(asc(occurrences.startsAt))
    .limit(input.limit ?? 26);
  const counts = { confirmed: 0, waitlisted: 0, already: 0, busy: 0 };
  for (const occurrence of coming) {
    try {
      const { outcome } = await signUpForRole(db, { userId: input.userId, occurrenceId: occurrence.id, roleId: input.roleId, now });
      if (outcome === "confirmed") counts.confirmed++;
      else if (outcome === "waitlisted") counts.waitlisted++;
      else counts.already++;
    } catch (error) {
      if (!(error instanceof SignupRefused && error.reason === "busy")) throw error;
      counts.busy++;
    }
  }
  return counts;
}

/** An organiser enters someone who signed up on paper or by phone (no account, no mail). */
export async function addGuestSignup(
  db: Db,
  input: { organiserId: string; occurrenceId: number; roleId: number; guestName: string; guestNote?: string; now?: Date },
): Promise<{ signupId: number; outcome: SignupOutcome }> {
  const now = input.now ?? new Date();
  const guestName = input.guestName.trim();
  if (guestName.length < 1 || guestName.length > 100) throw new SignupRefused("guest_name");
  return db.transaction(async (tx) => {
    const slot = await openSlot(tx, input.occurrenceId, input.roleId, now);
    return takeSlot(tx, slot, { guestName, guestNote: input.guestNote?.trim() || undefined, addedByUserId: input.organiserId }, now);
  });
}

/**
 * Cancels a live sign-up. If it held a slot, the first on the waitlist takes it in the same
 * transaction (and is told), so a slot is never free while someone waits. `asOrganiser` is set
 * only by routes that have checked the hub editor; the person removed is then told.
 */
export async function cancelSignup(
  db: Db,
  input: { signupId: number; byUserId: string | null; asOrganiser?: boolean; now?: Date },
): Promise<{ promotedSignupId?: number }> {
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [signup] = await tx.select().from(signups).where(eq(signups.id, input.signupId));
    if (!signup) throw new SignupRefused("not_found");
    // Nobody (byUserId null: the retention sweep) may cancel only as the organiser would.
    if (!input.asOrganiser && (input.byUserId === null || signup.userId !== input.byUserId)) throw new SignupRefused("not_yours");
    const slot = await slotContextOf(tx, signup.occurrenceId, signup.roleId);
    const pool = roleSlots(signup.occurrenceId, signup.roleId);
    await pool.lock(tx);
    // Read again under the lock: a concurrent cancel of the same sign-up may have won.
    const [current] = await tx.select({ status: signups.status }).from(signups).where(eq(signups.id, signup.id));
    if (!current || (current.status !== "confirmed" && current.status !== "waitlisted")) throw new SignupRefused("not_live");
    if (!input.asOrganiser && slot.startsAt.getTime() <= now.getTime()) throw new SignupRefused("past");

    await tx.update(signups).set({ status: "cancelled", cancelledAt: now, cancelledByUserId: input.byUserId }).where(eq(signups.id, signup.id));
    if (input.asOrganiser && signup.userId && signup.userId !== input.byUserId) {
      await notify(tx, { userId: signup.userId, kind: "removed", payload: payloadOf(slot) });
    }
    const [promotedSignupId] = await release(tx, pool, now);
    if (promotedSignupId !== undefined) await tellPromoted(tx, [promotedSignupId], slot);
    return { promotedSignupId };
  });
}

/** Tells each person given a place from the waiting list (guests have no account to tell). */
export async function tellPromoted(tx: Tx, signupIds: number[], slot: SlotContext): Promise<void> {
  if (signupIds.length === 0) return;
  const rows = await tx.select({ userId: signups.userId }).from(signups).where(inArray(signups.id, signupIds));
  for (const row of rows) if (row.userId) await notify(tx, { userId: row.userId, kind: "promoted", payload: payloadOf(slot) });
}

/**
 * The organiser changed how many people a role needs: every session still to end follows, and
 * the first waiting take any new places (and are told). Fewer places than people confirmed in
 * some session is refused (BelowTaken): the organiser removes someone first.
 */
export async function resizeRoleSlots(tx: Tx, input: { roleId: number; slots: number; now: Date }): Promise<void> {
  for (const pool of await futureRolePools(tx, input.roleId, input.now)) {
    const admitted = await resize(tx, pool.pool, input.slots, input.now);
    if (admitted.length > 0) await tellPromoted(tx, admitted, await slotContextOf(tx, pool.occurrenceId, input.roleId));
  }
}

async function slotContextOf(tx: Tx | Db, occurrenceId: number, roleId: number): Promise<SlotContext> {
  const [row] = await tx
    .select({
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      activityId: occurrences.activityId,
      activityTitle: activities.title,
      hubId: hubs.id,
      hubName: hubs.name,
      roleId: activityRoles.id,
      roleName: activityRoles.name,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(activityRoles, eq(activityRoles.id, roleId))
    .where(eq(occurrences.id, occurrenceId));
  if (!row) throw new SignupRefused("not_found");
  return row;
}

/** Confirmed people per role of one occurrence, from the slot rows (no row: nobody yet). */
export async function confirmedCounts(db: Db, occurrenceIds: number[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (occurrenceIds.length === 0) return counts;
  const rows = await db.select().from(roleSlotFills).where(inArray(roleSlotFills.occurrenceId, occurrenceIds));
  for (const row of rows) counts.set(`${row.occurrenceId}:${row.roleId}`, row.confirmed);
  return counts;
}

/** The roster of one occurrence at a hub the actor edits: each role with its confirmed and waitlisted people, in order. */
export async function getRoster(db: Db, actor: Actor, occurrenceId: number) {
  const [occurrence] = await db
    .select({
      id: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      status: occurrences.status,
      activityId: activities.id,
      activityTitle: activities.title,
      hubId: hubs.id,
      hubName: hubs.name,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(occurrences.id, occurrenceId), editableBy(actor)));
  if (!occurrence) throw new NotFound("occurrence not found");
  const roles = await db
    .select({ id: activityRoles.id, name: activityRoles.name, slots: activityRoles.slots })
    .from(activityRoles)
    .where(and(eq(activityRoles.activityId, occurrence.activityId), isNull(activityRoles.archivedAt)))
    .orderBy(asc(activityRoles.sortOrder), asc(activityRoles.id));
  const people = await db
    .select({
      id: signups.id,
      roleId: signups.roleId,
      status: signups.status,
      userId: signups.userId,
      displayName: users.displayName,
      guestName: signups.guestName,
      guestNote: signups.guestNote,
      waitlistedAt: signups.waitlistedAt,
      createdAt: signups.createdAt,
      supported: sql<boolean>`exists (select 1 from support_bookings b where b.signup_id = ${signups.id})`,
    })
    .from(signups)
    .leftJoin(users, eq(users.id, signups.userId))
    .where(and(eq(signups.occurrenceId, occurrenceId), inArray(signups.status, ["confirmed", "waitlisted", "attended", "no_show"])))
    .orderBy(...queueOrder(signups));
  // A 参加支援 guest's absence never counts against them anywhere (issue 6): the organiser's
  // roster shows such a place as the neutral "confirmed", never as 欠席.
  const shown = people.map(({ supported, ...p }) => (supported && p.status === "no_show" ? { ...p, status: "confirmed" as const } : p));
  return {
    occurrence,
    roles: roles.map((role) => {
      const mine = shown.filter((p) => p.roleId === role.id);
      return {
        ...role,
        confirmed: mine.filter((p) => p.status !== "waitlisted"),
        waitlisted: mine.filter((p) => p.status === "waitlisted"),
      };
    }),
  };
}
export type Roster = NonNullable<Awaited<ReturnType<typeof getRoster>>>;

/** A person's sign-ups with what to show in their schedule and history. */
export async function listSignupsOfUser(db: Db, userId: string) {
  return db
    .select({
      id: signups.id,
      status: signups.status,
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      occurrenceStatus: occurrences.status,
      cancelReason: occurrences.cancelReason,
      occurrenceNote: occurrences.note,
      activityId: activities.id,
      activityTitle: activities.title,
      hubId: hubs.id,
      hubName: hubs.name,
      hubAddress: hubs.address,
      roleId: activityRoles.id,
      roleName: activityRoles.name,
    })
    .from(signups)
    .innerJoin(occurrences, eq(occurrences.id, signups.occurrenceId))
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .innerJoin(activityRoles, eq(activityRoles.id, signups.roleId))
    .where(eq(signups.userId, userId))
    .orderBy(asc(occurrences.startsAt), asc(signups.id));
}
export type UserSignup = Awaited<ReturnType<typeof listSignupsOfUser>>[number];

/** Hours contributed: sessions that have ended where the person was confirmed or attended. */
export function hoursContributed(rows: readonly UserSignup[], now: Date): number {
  let minutes = 0;
  for (const row of rows) {
    if (row.occurrenceStatus === "cancelled" || row.endsAt.getTime() > now.getTime()) continue;
    if (row.status === "confirmed" || row.status === "attended") minutes += (row.endsAt.getTime() - row.startsAt.getTime()) / 60_000;
  }
  return Math.round((minutes / 60) * 10) / 10;
}

/** One session as a volunteer sees it: each role's free places and their own sign-up, no names. */
export async function getSessionForVolunteer(db: Db, { occurrenceId, userId }: { occurrenceId: number; userId: string }) {
  const [occurrence] = await db
    .select({
      id: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      status: occurrences.status,
      activityId: activities.id,
      activityTitle: activities.title,
      hubName: hubs.name,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(eq(occurrences.id, occurrenceId), eq(hubs.status, "public")));
  if (!occurrence) return undefined;
  const roles = await db
    .select({
      id: activityRoles.id,
      name: activityRoles.name,
      description: activityRoles.description,
      slots: activityRoles.slots,
      confirmed: sql<number>`coalesce(${roleSlotFills.confirmed}, 0)`.mapWith(Number),
      busy: busyFor(userId, sql`${occurrenceId}::int`, activityRoles.id),
    })
    .from(activityRoles)
    .leftJoin(roleSlotFills, and(eq(roleSlotFills.roleId, activityRoles.id), eq(roleSlotFills.occurrenceId, occurrenceId)))
    .where(and(eq(activityRoles.activityId, occurrence.activityId), isNull(activityRoles.archivedAt)))
    .orderBy(asc(activityRoles.sortOrder), asc(activityRoles.id));
  const mine = await db
    .select({ id: signups.id, roleId: signups.roleId, status: signups.status })
    .from(signups)
    .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.userId, userId), inArray(signups.status, ["confirmed", "waitlisted"])));
  return {
    ...occurrence,
    roles: roles.map((role) => ({
      id: role.id,
      name: role.name,
      description: role.description,
      slots: role.slots,
      free: Math.max(0, role.slots - role.confirmed),
      mine: mine.find((m) => m.roleId === role.id) ?? null,
      /** Already holding a place in this session or at this time (a sign-up would be refused). */
      busy: role.busy,
    })),
  };
}

/** One helper role of one session: people needed, places taken (confirmed or already ticked), people waiting. */
export interface RoleFill {
  id: number;
  name: string;
  slots: number;
  confirmed: number;
  /** Places still open: slots − confirmed, never below 0. */
  missing: number;
  waiting: number;
}

/**
 * The live roles of the given sessions at hubs the actor edits, in the roster's order, each with
 * its places taken (role_slot_fills; no row yet means none) and its waiting list, by occurrence
 * id. The organiser's pages read a role's fill from here only; a session out of scope, or
 * without roles, has no entry.
 */
export async function listRoleFill(db: Db, actor: Actor, occurrenceIds: readonly number[]): Promise<Map<number, RoleFill[]>> {
  const byOccurrence = new Map<number, RoleFill[]>();
  if (occurrenceIds.length === 0) return byOccurrence;
  const rows = await db
    .select({
      occurrenceId: occurrences.id,
      id: activityRoles.id,
      name: activityRoles.name,
      slots: activityRoles.slots,
      confirmed: sql<number>`coalesce(${roleSlotFills.confirmed}, 0)`.mapWith(Number),
      // The partial index signups_waitlist answers this per slot.
      waiting: sql<number>`(select count(*) from ${signups} where ${signups.occurrenceId} = ${occurrences.id} and ${signups.roleId} = ${activityRoles.id} and ${signups.status} = 'waitlisted')`.mapWith(
        Number,
      ),
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(activityRoles, and(eq(activityRoles.activityId, activities.id), isNull(activityRoles.archivedAt)))
    .leftJoin(roleSlotFills, and(eq(roleSlotFills.occurrenceId, occurrences.id), eq(roleSlotFills.roleId, activityRoles.id)))
    // One array parameter however many sessions (an admin's fortnight can pass the 65,535 bind parameters of a list).
    .where(and(sql`${occurrences.id} = any(${`{${occurrenceIds.join(",")}}`}::int[])`, editableBy(actor, activities.hubId)))
    .orderBy(asc(activityRoles.sortOrder), asc(activityRoles.id));
  for (const { occurrenceId, ...role } of rows) {
    const roles = byOccurrence.get(occurrenceId) ?? [];
    roles.push({ ...role, missing: Math.max(0, role.slots - role.confirmed) });
    byOccurrence.set(occurrenceId, roles);
  }
  return byOccurrence;
}

/**
 * The next `days` days' sessions at the hubs an organiser edits that need helpers, with each
 * role's fill (`listRoleFill`): the overview of unfilled roles.
 */
export async function listUpcomingRoleFill(db: Db, actor: Actor, { now = new Date(), days = 14 }: { now?: Date; days?: number } = {}) {
  const until = new Date(now.getTime() + days * 86_400_000);
  const sessions = await db
    .select({
      occurrenceId: occurrences.id,
      startsAt: occurrences.startsAt,
      endsAt: occurrences.endsAt,
      activityTitle: activities.title,
      hubName: hubs.name,
    })
    .from(occurrences)
    .innerJoin(activities, eq(activities.id, occurrences.activityId))
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .where(and(editableBy(actor), eq(occurrences.status, "scheduled"), gt(occurrences.startsAt, now), lt(occurrences.startsAt, until)))
    .orderBy(asc(occurrences.startsAt), asc(occurrences.id));
  const fill = await listRoleFill(db, actor, sessions.map((s) => s.occurrenceId));
  return sessions.flatMap((session) => {
    const roles = fill.get(session.occurrenceId) ?? [];
    return roles.length === 0 ? [] : [{ ...session, roles }];
  });
}

/**
 * Queues the day-before reminder for every live confirmed sign-up of a session that starts on
 * the next Tokyo calendar day. Keyed per sign-up, so running it every few seconds queues each
 * reminder once.
 */
export async function enqueueDueReminders(db: Db, now: Date = new Date()): Promise<number> {
  const tomorrow = tokyoDate(new Date(now.getTime() + 86_400_000));
  const rows = await db
    .select({
      signupId: signups.id,
      userId: signups.userId,
      occurrenceId: occurrences.id,
      roleId: signups.roleId,
    })
    .from(signups)
    .innerJoin(occurrences, eq(occurrences.id, signups.occurrenceId))
    .where(
      and(
        eq(signups.status, "confirmed"),
        sql`${signups.userId} is not null`,
        eq(occurrences.status, "scheduled"),
        gt(occurrences.startsAt, now),
        sql`(${occurrences.startsAt} at time zone 'Asia/Tokyo')::date = ${tomorrow}::date`,
      ),
    );
  let queued = 0;
  for (const row of rows) {
    if (!row.userId) continue;
    const slot = await slotContextOf(db, row.occurrenceId, row.roleId);
    const userId = row.userId;
    const done = await db.transaction((tx) => notify(tx, { userId, kind: "reminder", payload: payloadOf(slot), dedupeKey: `reminder:signup:${row.signupId}` }));
    if (done) queued++;
  }
  return queued;
}

/**
 * Tells everyone signed up for a session that it was cancelled or changed. Call it in the
 * transaction that cancels or moves the occurrence (the organiser's edit).
 */
export async function notifySessionChange(tx: Db, input: { occurrenceId: number; kind: "occurrence_cancelled" | "occurrence_changed" }): Promise<number> {
  const rows = await tx
    .select({ signupId: signups.id, userId: signups.userId, roleId: signups.roleId })
    .from(signups)
    .where(and(eq(signups.occurrenceId, input.occurrenceId), inArray(signups.status, ["confirmed", "waitlisted"]), sql`${signups.userId} is not null`));
  for (const row of rows) {
    if (!row.userId) continue;
    const slot = await slotContextOf(tx, input.occurrenceId, row.roleId);
    await notify(tx, { userId: row.userId, kind: input.kind, payload: payloadOf(slot) });
  }
  return rows.length;
}
