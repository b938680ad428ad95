// Capacity under load, on PostgreSQL only (PGlite takes one connection at a time, so it cannot
// race). Figures are printed so the closing note can quote them.
import { and, count, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { roleSlotFills, signups } from "#db/schema";
import { cancelSignup, signUpForRole, SignupRefused } from "~/services/signups.server";
import { createUser } from "../factories/users";
import { createRoleSlot, nextTokyoTen } from "../factories/volunteering";
import { testDbKind, useTestDatabase } from "../setup/database";

const onPostgres = testDbKind() === "postgres";
const database = useTestDatabase({ poolMax: 40 });

async function tally(occurrenceId: number, roleId: number) {
  const rows = await database.db
    .select({ status: signups.status, n: count() })
    .from(signups)
    .where(and(eq(signups.occurrenceId, occurrenceId), eq(signups.roleId, roleId)))
    .groupBy(signups.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Never at once: a free slot and someone waiting (read in one statement, one snapshot). */
async function freeSlotWhileWaiting(occurrenceId: number, roleId: number): Promise<boolean> {
  const [row] = await database.db
    .select({
      bad: sql<boolean>`(select count(*) from ${signups} s where s.occurrence_id = ${occurrenceId} and s.role_id = ${roleId} and s.status = 'confirmed')
        < (select f.slots from ${roleSlotFills} f where f.occurrence_id = ${occurrenceId} and f.role_id = ${roleId})
        and exists (select 1 from ${signups} s where s.occurrence_id = ${occurrenceId} and s.role_id = ${roleId} and s.status = 'waitlisted')`,
    })
    .from(sql`(select 1) as one`);
  return Boolean(row?.bad);
}

describe.skipIf(!onPostgres)("capacity under concurrency (PostgreSQL)", () => {
  test("200 concurrent sign-ups for 10 slots leave exactly 10 confirmed, in each of 5 trials", async () => {
    const people = await Promise.all(Array.from({ length: 200 }, () => createUser(database.db)));
    const figures: string[] = [];
    for (let trial = 1; trial <= 5; trial++) {
      // A day apart: the same 200 people sign up each time, and nobody holds two places at once.
      const { occurrence, role } = await createRoleSlot(database.db, { slots: 10, startsAt: nextTokyoTen(2 + trial) });
      const started = performance.now();
      const results = await Promise.allSettled(
        people.map((p) => signUpForRole(database.db, { userId: p.id, occurrenceId: occurrence.id, roleId: role.id })),
      );
      const ms = performance.now() - started;
      const failures = results.filter((r) => r.status === "rejected");
      expect(failures).toEqual([]);
      const outcomes = results.map((r) => (r.status === "fulfilled" ? r.value.outcome : "error"));
      const counts = await tally(occurrence.id, role.id);
      const [fill] = await database.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, occurrence.id));
      figures.push(`trial ${trial}: ${counts.confirmed} confirmed, ${counts.waitlisted} waitlisted, slot row ${fill?.confirmed}/${fill?.slots}, ${ms.toFixed(0)} ms`);
      expect(outcomes.filter((o) => o === "confirmed")).toHaveLength(10);
      expect(counts).toEqual({ confirmed: 10, waitlisted: 190 });
      expect(fill?.confirmed).toBe(10);
    }
    console.log(`200 concurrent sign-ups for 10 slots:\n  ${figures.join("\n  ")}`);
  });

  test("a double submit, sent at the same moment, gives one sign-up (20 pairs)", async () => {
    const { occurrence, role } = await createRoleSlot(database.db, { slots: 5 });
    const people = await Promise.all(Array.from({ length: 20 }, () => createUser(database.db)));
    const results = await Promise.all(
      people.flatMap((p) => [1, 2].map(() => signUpForRole(database.db, { userId: p.id, occurrenceId: occurrence.id, roleId: role.id }))),
    );
    for (let i = 0; i < people.length; i++) expect(results[2 * i]?.signupId).toBe(results[2 * i + 1]?.signupId);
    expect(await tally(occurrence.id, role.id)).toEqual({ confirmed: 5, waitlisted: 15 });
  });

  test("one person signing up for 8 sessions at the same hour, all at once, holds exactly one place (10 people)", async () => {
    const startsAt = nextTokyoTen(20);
    const sessions: Awaited<ReturnType<typeof createRoleSlot>>[] = [];
    for (let i = 0; i < 8; i++) sessions.push(await createRoleSlot(database.db, { slots: 20, startsAt: new Date(startsAt.getTime() + i * 5 * 60_000) }));
    const people = await Promise.all(Array.from({ length: 10 }, () => createUser(database.db)));
    const settled = await Promise.allSettled(
      people.flatMap((p) => sessions.map((x) => signUpForRole(database.db, { userId: p.id, occurrenceId: x.occurrence.id, roleId: x.role.id }))),
    );
    const reasons = settled.map((r) => (r.status === "fulfilled" ? r.value.outcome : r.reason instanceof SignupRefused ? r.reason.reason : String(r.reason)));
    expect(reasons.filter((r) => r === "confirmed")).toHaveLength(people.length);
    expect(reasons.filter((r) => r === "busy")).toHaveLength(people.length * (sessions.length - 1));
    for (const p of people) {
      const [held] = await database.db.select({ n: count() }).from(signups).where(and(eq(signups.userId, p.id), eq(signups.status, "confirmed")));
      expect(held?.n).toBe(1);
    }
    console.log(`one person, 8 overlapping sessions at once: ${people.length} people, each confirmed once, ${reasons.filter((r) => r === "busy").length} refused as busy`);
  });

  test("cancellations racing sign-ups: never a free slot while someone waits, and promotion in waitlist order", async () => {
    const { occurrence, role } = await createRoleSlot(database.db, { slots: 10 });
    const first = await Promise.all(Array.from({ length: 30 }, () => createUser(database.db)));
    const firstSignups = [];
    for (const p of first) firstSignups.push({ p, s: await signUpForRole(database.db, { userId: p.id, occurrenceId: occurrence.id, roleId: role.id }) });
    const waiting = firstSignups.slice(10).map((x) => x.s.signupId);
    const latecomers = await Promise.all(Array.from({ length: 40 }, () => createUser(database.db)));

    let watching = true;
    let observations = 0;
    let violations = 0;
    const watcher = (async () => {
      while (watching) {
        observations++;
        if (await freeSlotWhileWaiting(occurrence.id, role.id)) violations++;
      }
    })();
    // The 10 confirmed cancel while 40 more sign up, all at once.
    const cancels = firstSignups.slice(0, 10).map(({ p, s }) => cancelSignup(database.db, { signupId: s.signupId, byUserId: p.id }));
    const joins = latecomers.map((p) => signUpForRole(database.db, { userId: p.id, occurrenceId: occurrence.id, roleId: role.id }));
    const settled = await Promise.allSettled([...cancels, ...joins]);
    watching = false;
    await watcher;

    expect(settled.filter((r) => r.status === "rejected")).toEqual([]);
    expect(violations).toBe(0);
    expect(observations).toBeGreaterThan(0);
    expect(await tally(occurrence.id, role.id)).toEqual({ cancelled: 10, confirmed: 10, waitlisted: 50 });
    // The 10 who waited longest were promoted (they were waiting before any latecomer).
    const confirmedIds = (
      await database.db.select({ id: signups.id }).from(signups).where(and(eq(signups.occurrenceId, occurrence.id), eq(signups.status, "confirmed")))
    ).map((r) => r.id);
    expect(confirmedIds.sort((a, b) => a - b)).toEqual(waiting.slice(0, 10).sort((a, b) => a - b));
    console.log(`cancellations racing sign-ups: ${observations} snapshots read while 10 cancelled and 40 joined, ${violations} with a free slot and a waiting person`);
  });
});
