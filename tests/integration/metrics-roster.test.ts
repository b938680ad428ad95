import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { metricHubFirstHeld, metricOperatorMonths, roleSlotFills, signups, supportBookings } from "#db/schema";
import { fiscalYearPeriod } from "~/lib/metrics/periods";
import { listRosterForAttendance, recordAttendance, rollupMatchesAttendance, type RosterMark } from "~/services/attendance.server";
import { computeIndicators, hubThisMonth, indicatorQuery } from "~/services/metrics.server";
import { createCategory, createSession } from "../factories/metrics";
import { rebuildSummaries } from "~/services/metric-rollups.server";
import { cancelOccurrence, restoreOccurrence } from "~/services/organise.server";
import { addGuestSignup, cancelSignup, signUpForRole } from "~/services/signups.server";
import { createSupportedPerson } from "../factories/support";
import { createUser } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { summaryTables } from "../support/metric-summaries";
import { rowsOf } from "~/lib/db-rows.server";

const database = useTestDatabase();
const tokyo = (iso: string) => new Date(`${iso}+09:00`);
const MINUTE = 60_000;

/**
 * One hub, one 90-minute session with a role of 4 places: volunteers V1 and V2 (accounts), a
 * guest entered by phone (G) and a 参加支援 guest (S). The organiser O records attendance.
 * Each test uses its own fiscal year, so the city-wide figures are this session's alone.
 */
async function rosterSession(startsAt: Date) {
  const db = database.db;
  const slot = await createRoleSlot(db, { slots: 4, startsAt, minutes: 90 });
  const organiser = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
  const coordinator = await createUser(db, { roles: ["coordinator"] });
  const v1 = await createUser(db);
  const v2 = await createUser(db);
  const before = new Date(+startsAt - 24 * 60 * MINUTE);
  const sign = (userId: string) => signUpForRole(db, { userId, occurrenceId: slot.occurrence.id, roleId: slot.role.id, now: before });
  const s1 = await sign(v1.id);
  const s2 = await sign(v2.id);
  const g = await addGuestSignup(db, { organiserId: organiser.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, guestName: "山田さん", now: before });
  const s = await addGuestSignup(db, { organiserId: coordinator.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, guestName: "参加支援のゲスト", now: before });
  const person = await createSupportedPerson(db, coordinator.id);
  await db.insert(supportBookings).values({ personId: person.id, signupId: s.signupId, coordinatorId: coordinator.id });
  const ids = { v1: s1.signupId, v2: s2.signupId, g: g.signupId, s: s.signupId };
  const save = (ticks: Partial<Record<keyof typeof ids, RosterMark>>, participants = 20, occurrenceId = slot.occurrence.id, now = new Date(+startsAt + 30 * MINUTE)) =>
    recordAttendance(db, { userId: organiser.id }, {
      occurrenceId,
      participants,
      firstTimers: 0,
      supportedParticipants: 0,
      roster: Object.fromEntries(Object.entries(ticks).map(([k, mark]) => [ids[k as keyof typeof ids], mark])),
      now,
    });
  return { slot, organiser, ids, person, save };
}

async function statuses(ids: Record<string, number>) {
  const rows = await database.db.select({ id: signups.id, status: signups.status }).from(signups).where(inArray(signups.id, Object.values(ids)));
  return Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, rows.find((r) => r.id === id)?.status]));
}

async function confirmedInSlot(occurrenceId: number, roleId: number) {
  const [row] = await database.db.select().from(roleSlotFills).where(and(eq(roleSlotFills.occurrenceId, occurrenceId), eq(roleSlotFills.roleId, roleId)));
  return row?.confirmed;
}

describe("roster attendance", () => {
  test("ticks feed 担い手 and volunteer hours; saving twice changes nothing; slots are untouched", async () => {
    const { slot, ids, save, organiser } = await rosterSession(tokyo("2031-05-10T10:00:00"));
    const fy = fiscalYearPeriod(2031);
    expect((await listRosterForAttendance(database.db, { userId: organiser.id }, slot.occurrence.id)).map((r) => [r.guest, r.supported])).toEqual([
      [false, false],
      [false, false],
      [true, false],
      [true, true],
    ]);

    await save({ v1: "attended", v2: "absent", g: "attended", s: "absent" });
    // O (recorded), V1 and G (attended): 3 people; 2 attended × 1.5 h = 3 h.
    expect(await computeIndicators(database.db, fy)).toMatchObject({ sessions_held: 1, participants: 20, operators: 3, volunteer_hours: 3 });
    // The 参加支援 guest's absence is not a no-show: their sign-up stays as it was.
    expect(await statuses(ids)).toEqual({ v1: "attended", v2: "no_show", g: "attended", s: "confirmed" });
    expect(await confirmedInSlot(slot.occurrence.id, slot.role.id)).toBe(4);

    await save({ v1: "attended", v2: "absent", g: "attended", s: "absent" });
    expect(await computeIndicators(database.db, fy)).toMatchObject({ sessions_held: 1, participants: 20, operators: 3, volunteer_hours: 3 });

    // A correction: V1 did not come after all, V2 did, and the 参加支援 guest too.
    await save({ v1: "absent", v2: "attended", s: "attended" });
    expect(await statuses(ids)).toEqual({ v1: "no_show", v2: "attended", g: "attended", s: "attended" });
    // O, V2, G and S (one person across bookings): 4 people; 3 × 1.5 h.
    expect(await computeIndicators(database.db, fy)).toMatchObject({ operators: 4, volunteer_hours: 4.5 });
    const people = await database.db.select({ person: metricOperatorMonths.person }).from(metricOperatorMonths).where(eq(metricOperatorMonths.hubId, slot.hubId));
    expect(people.map((p) => p.person.split(":")[0]).sort()).toEqual(["guest", "support", "user", "user"]);
    expect(await confirmedInSlot(slot.occurrence.id, slot.role.id)).toBe(4);
    expect(await rollupMatchesAttendance(database.db, slot.hubId)).toBe(true);
    // A ticked sign-up is no longer live: removing it afterwards is refused, so no place frees up.
    await expect(cancelSignup(database.db, { signupId: ids.v2, byUserId: organiser.id, asOrganiser: true, now: tokyo("2031-05-10T11:00:00") })).rejects.toThrow(/not_live/);
    expect(await confirmedInSlot(slot.occurrence.id, slot.role.id)).toBe(4);
  });

  test("a person on two sessions of the month is one 担い手; a tick for someone not on the roster is refused", async () => {
    const first = await rosterSession(tokyo("2032-06-01T10:00:00"));
    const fy = fiscalYearPeriod(2032);
    await first.save({ v1: "attended" });
    // The same organiser records a second session of the same hub that month, with nobody ticked.
    const second = await createRoleSlot(database.db, { hubId: first.slot.hubId, startsAt: tokyo("2032-06-08T10:00:00"), minutes: 60 });
    await first.save({}, 5, second.occurrence.id, tokyo("2032-06-08T11:00:00"));
    expect(await computeIndicators(database.db, fy)).toMatchObject({ sessions_held: 2, participants: 25, operators: 2, volunteer_hours: 1.5 });
    await expect(
      recordAttendance(database.db, { userId: first.organiser.id }, {
        occurrenceId: second.occurrence.id,
        participants: 5,
        firstTimers: 0,
        supportedParticipants: 0,
        roster: { [first.ids.v2]: "attended" },
        now: tokyo("2032-06-08T11:00:00"),
      }),
    ).rejects.toThrow(/roster/);
  });
});

describe("cancelling a session that already has attendance", () => {
  test("takes it out of the rollups in the same transaction, and restoring puts it back", async () => {
    const { slot, organiser, save } = await rosterSession(tokyo("2033-07-01T10:00:00"));
    const fy = fiscalYearPeriod(2033);
    await save({ v1: "attended", g: "attended" });
    expect(await computeIndicators(database.db, fy)).toMatchObject({ active_hubs: 1, new_hubs: 1, sessions_held: 1, participants: 20, operators: 3, volunteer_hours: 3 });

    // Still running (it ends at 11:30), so the organiser may cancel it.
    await cancelOccurrence(database.db, { userId: organiser.id }, { activityId: slot.occurrence.activityId, occurrenceId: slot.occurrence.id, reason: "途中で中止", now: tokyo("2033-07-01T10:45:00") });
    expect(await computeIndicators(database.db, fy)).toMatchObject({ active_hubs: 0, new_hubs: 0, sessions_held: 0, participants: 0, operators: 0, volunteer_hours: 0 });
    expect(await rollupMatchesAttendance(database.db, slot.hubId)).toBe(true);
    expect(await database.db.select().from(metricHubFirstHeld).where(eq(metricHubFirstHeld.hubId, slot.hubId))).toEqual([]);

    await restoreOccurrence(database.db, { userId: organiser.id }, { activityId: slot.occurrence.activityId, occurrenceId: slot.occurrence.id, now: tokyo("2033-07-01T10:50:00") });
    expect(await computeIndicators(database.db, fy)).toMatchObject({ active_hubs: 1, sessions_held: 1, participants: 20, operators: 3, volunteer_hours: 3 });
    expect(await rollupMatchesAttendance(database.db, slot.hubId)).toBe(true);
  });
});

describe("city-wide year summaries kept on write", () => {
  test("every 年度's summary row equals the same figures computed from the per-hub rollups, and a full rebuild changes nothing", async () => {
    const db = database.db;
    const years = [2030, 2031, 2032, 2033, 2034];
    const fromRollups = async (year: number) => {
      const result: unknown = await db.execute(indicatorQuery(fiscalYearPeriod(year)));
      const row = rowsOf(result)[0] ?? {};
      const keys = ["active_hubs", "new_hubs", "continuing_hubs", "active_associations", "sessions_held", "participants", "first_timers", "support_participants", "operators"];
      return Object.fromEntries(keys.map((k) => [k, Number(row[k] ?? 0)]).concat([["volunteer_hours", Math.round(Number(row.volunteer_hours ?? 0) * 10) / 10]]));
    };
    // A hub active in two consecutive years (continuing), then one year cancelled again.
    const { slot, organiser, save } = await rosterSession(tokyo("2033-12-01T10:00:00"));
    await save({ v1: "attended" });
    const next = await createRoleSlot(database.db, { hubId: slot.hubId, startsAt: tokyo("2034-04-02T10:00:00"), minutes: 60 });
    await save({}, 3, next.occurrence.id, tokyo("2034-04-02T10:30:00"));
    const check = async () => {
      for (const year of years) {
        // The figures the summaries hold (not the 参加支援 records' or the staff records').
        const expected = await fromRollups(year);
        const all = await computeIndicators(db, fiscalYearPeriod(year));
        const summary = Object.fromEntries(Object.keys(expected).map((k) => [k, all[k as keyof typeof all]]));
        expect(summary, `年度${year}`).toEqual(expected);
      }
    };
    await check();
    await cancelOccurrence(db, { userId: organiser.id }, { activityId: next.occurrence.activityId, occurrenceId: next.occurrence.id, reason: "中止", now: tokyo("2034-04-02T10:40:00") });
    await check();
    // Every summary the writes kept is what a full rebuild from the month rollups makes.
    const kept = await summaryTables(db);
    expect(kept.metric_hub_activity.length).toBeGreaterThan(0);
    expect(kept.metric_operator_activity.length).toBeGreaterThan(0);
    await rebuildSummaries(db);
    expect(await summaryTables(db)).toEqual(kept);
    await check();
  });
});

describe("the public hub page: this month's sessions and participants", () => {
  test("nothing before a session is held; 1–2 participants show as 「3未満」 and the number never reaches the page", async () => {
    const db = database.db;
    const category = await createCategory(db);
    const now = tokyo("2035-05-20T12:00:00");
    const { slot, organiser } = await rosterSession(tokyo("2035-05-10T10:00:00"));
    expect(await hubThisMonth(db, slot.hubId, now)).toBeNull();
    const { occurrence } = await createSession(db, { hubId: slot.hubId, categoryId: category.id, startsAt: tokyo("2035-05-20T10:00:00") });
    await recordAttendance(db, { userId: organiser.id }, { occurrenceId: occurrence.id, participants: 2, firstTimers: 0, supportedParticipants: 0, now });
    expect(await hubThisMonth(db, slot.hubId, now)).toMatchObject({ sessions: { text: "1" }, participants: { value: null, text: "3未満" } });
    await recordAttendance(db, { userId: organiser.id }, { occurrenceId: occurrence.id, participants: 12, firstTimers: 0, supportedParticipants: 0, now });
    expect(await hubThisMonth(db, slot.hubId, now)).toMatchObject({ sessions: { text: "1" }, participants: { value: 12, text: "12" } });
    // Next month starts empty.
    expect(await hubThisMonth(db, slot.hubId, tokyo("2035-06-01T00:00:00"))).toBeNull();
  });
});
