// The organiser's home (/organise, issue 14): today's and the coming week's sessions at the
// actor's hubs with their helper roles and to-dos, the past week's attendance still to record,
// and organisers landing there after login.
import { describe, expect, test } from "vitest";
import { activityRoles, occurrences } from "#db/schema";
import { addToDate, tokyoInstant } from "~/lib/dates";
import type { RoleName } from "~/lib/roles";
import { action as loginAction } from "~/routes/login";
import { loader as organiseLoader } from "~/routes/organise._index";
import { ATTENDANCE_EDIT_DAYS } from "~/lib/forms/metrics";
import { attendanceWindow, recordAttendance } from "~/services/attendance.server";
import { cancelOccurrence } from "~/services/organise.server";
import { getOrganiserHome, HOME_DAYS_BACK, HOME_LIST_LIMIT, type HomeSession } from "~/services/organiser-home.server";
import { getRoster, listUpcomingRoleFill, signUpForRole } from "~/services/signups.server";
import { apply } from "~/services/applications.server";
import { applicantDetails, createApplicableActivity } from "../factories/applications";
import { createAssociation, createHub } from "../factories/places";
import { createUser, sessionCookie, TEST_PASSWORD } from "../factories/users";
import { createRoleSlot, nextTokyoTen } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, cookieFrom, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

// A Wednesday morning in Tokyo. The home's week is 6/11–6/17; the week back is 6/4–6/10.
const NOW = tokyoInstant("2031-06-11", "09:00");
const at = (date: string, time: string) => tokyoInstant(date, time);

async function sessionAt(hubId: number, startsAt: Date, overrides: { slots?: number; roleName?: string } = {}) {
  return createRoleSlot(database.db, { hubId, startsAt, minutes: 60, ...overrides });
}

const ids = (sessions: HomeSession[]) => sessions.map((s) => s.occurrenceId);

describe("what the home lists", () => {
  test("today's sessions first, the coming week, and the past week's sessions without attendance — only at the actor's hubs", async () => {
    const db = database.db;
    const hub = await createHub(db, { name: "萩の台まちなえき" });
    const otherHub = await createHub(db, { name: "よその集会所" });
    const owner = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    const stranger = await createUser(db, { roles: ["organiser"], hubIds: [otherHub.id] });

    const midnight = await sessionAt(hub.id, at("2031-06-11", "00:00")); // today, already held
    const morning = await sessionAt(hub.id, at("2031-06-11", "10:00"));
    const lastDay = await sessionAt(hub.id, at("2031-06-17", "23:30"));
    await sessionAt(hub.id, at("2031-06-18", "00:00")); // the eighth day: not this week
    const weekBack = await sessionAt(hub.id, at("2031-06-04", "00:00"));
    await sessionAt(hub.id, at("2031-06-03", "23:30")); // eight days back: not listed
    const yesterday = await sessionAt(hub.id, at("2031-06-10", "10:00"));
    const cancelledYesterday = await sessionAt(hub.id, at("2031-06-10", "13:00"));
    const cancelledTomorrow = await sessionAt(hub.id, at("2031-06-12", "10:00"));
    for (const s of [cancelledYesterday, cancelledTomorrow]) {
      await cancelOccurrence(db, { userId: owner.id }, { activityId: s.activity.id, occurrenceId: s.occurrence.id, reason: "雨天中止", now: at("2031-06-01", "09:00") });
    }
    const elsewhere = await sessionAt(otherHub.id, at("2031-06-11", "10:00"));

    const home = await getOrganiserHome(db, { userId: owner.id }, { now: NOW });
    expect(home.today).toBe("2031-06-11");
    expect(home.lastDay).toBe("2031-06-17");
    expect(ids(home.todaySessions)).toEqual([midnight.occurrence.id, morning.occurrence.id]);
    expect(ids(home.comingSessions)).toEqual([cancelledTomorrow.occurrence.id, lastDay.occurrence.id]);
    // A cancelled session needs no attendance; the oldest to record comes first.
    expect(ids(home.toRecord)).toEqual([weekBack.occurrence.id, yesterday.occurrence.id]);
    expect(home.truncated).toBe(false);

    const [first, second] = home.todaySessions;
    expect(first).toMatchObject({ activityTitle: midnight.activity.title, hubName: "萩の台まちなえき", status: "scheduled", participants: null });
    // Held today and not recorded: attendance; its open place no longer matters.
    expect(first?.todo).toEqual([{ kind: "attendance" }]);
    expect(second?.todo).toEqual([{ kind: "unfilled", count: 2 }]);
    const cancelled = home.comingSessions[0];
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "雨天中止" });
    expect(cancelled?.todo).toEqual([{ kind: "cancelled" }]);
    expect(home.toRecord.every((s) => s.todo.some((item) => item.kind === "attendance"))).toBe(true);

    // An organiser of another hub sees only theirs; a volunteer without the role sees nothing.
    const theirs = await getOrganiserHome(db, { userId: stranger.id }, { now: NOW });
    expect(ids([...theirs.todaySessions, ...theirs.comingSessions, ...theirs.toRecord])).toEqual([elsewhere.occurrence.id]);
    const volunteer = await createUser(db);
    const none = await getOrganiserHome(db, { userId: volunteer.id }, { now: NOW });
    expect([...none.todaySessions, ...none.comingSessions, ...none.toRecord]).toEqual([]);
  });

  test("an organiser of a 自治会 sees the sessions of the hubs serving it; an organiser of an unrelated hub sees none of them", async () => {
    const db = database.db;
    const association = await createAssociation(db);
    const hub = await createHub(db, { associationIds: [association.id] });
    const bySociety = await createUser(db, { roles: ["organiser"], associationIds: [association.id] });
    const unrelated = await createUser(db, { roles: ["organiser"], hubIds: [(await createHub(db)).id] });
    const slot = await sessionAt(hub.id, at("2031-06-13", "10:00"));
    expect(ids((await getOrganiserHome(db, { userId: bySociety.id }, { now: NOW })).comingSessions)).toEqual([slot.occurrence.id]);
    const theirs = await getOrganiserHome(db, { userId: unrelated.id }, { now: NOW });
    expect([...theirs.todaySessions, ...theirs.comingSessions, ...theirs.toRecord]).toEqual([]);
  });

  test("helper roles: confirmed/slots per live role and the waiting list, as the roster and the upcoming overview count them", async () => {
    const db = database.db;
    const hub = await createHub(db);
    const owner = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    const slot = await sessionAt(hub.id, at("2031-06-13", "10:00"), { slots: 2, roleName: "受付" });
    const [cooking] = await db.insert(activityRoles).values({ activityId: slot.activity.id, name: "調理", slots: 1, sortOrder: 1 }).returning();
    await db.insert(activityRoles).values({ activityId: slot.activity.id, name: "廃止した役割", slots: 5, sortOrder: 2, archivedAt: at("2031-06-01", "09:00") });
    if (!cooking) throw new Error("role");
    const signUp = async (roleId: number) => (await signUpForRole(db, { userId: (await createUser(db)).id, occurrenceId: slot.occurrence.id, roleId, now: NOW })).outcome;
    expect(await signUp(slot.role.id)).toBe("confirmed");
    expect(await signUp(cooking.id)).toBe("confirmed");
    expect(await signUp(cooking.id)).toBe("waitlisted");
    expect(await signUp(cooking.id)).toBe("waitlisted");

    const home = await getOrganiserHome(db, { userId: owner.id }, { now: NOW });
    const session = home.comingSessions.find((s) => s.occurrenceId === slot.occurrence.id);
    expect(session?.roles).toEqual([
      { id: slot.role.id, name: "受付", slots: 2, confirmed: 1, missing: 1, waiting: 0 },
      { id: cooking.id, name: "調理", slots: 1, confirmed: 1, missing: 0, waiting: 2 },
    ]);
    expect(session?.todo).toEqual([
      { kind: "unfilled", count: 1 },
      { kind: "waiting", count: 2 },
    ]);
    // Residents' places are the applications work's to fill: nothing is made up meanwhile.
    expect(session?.participants).toBeNull();

    // The same counts as the roster and /organise/upcoming (one computation: listRoleFill).
    const roster = await getRoster(db, { userId: owner.id }, slot.occurrence.id);
    expect(roster.roles.map((r) => [r.name, r.confirmed.length, r.slots, r.waitlisted.length])).toEqual(session?.roles.map((r) => [r.name, r.confirmed, r.slots, r.waiting]));
    const upcoming = await listUpcomingRoleFill(db, { userId: owner.id }, { now: NOW });
    expect(upcoming.find((s) => s.occurrenceId === slot.occurrence.id)?.roles).toEqual(session?.roles);

    // Every place filled, nobody waiting: nothing left to do.
    const full = await sessionAt(hub.id, at("2031-06-14", "10:00"), { slots: 1 });
    await signUpForRole(db, { userId: (await createUser(db)).id, occurrenceId: full.occurrence.id, roleId: full.role.id, now: NOW });
    const again = await getOrganiserHome(db, { userId: owner.id }, { now: NOW });
    expect(again.comingSessions.find((s) => s.occurrenceId === full.occurrence.id)?.todo).toEqual([]);
  });

  test("a past session without attendance is a to-do until its attendance is recorded", async () => {
    const db = database.db;
    const hub = await createHub(db);
    const owner = { userId: (await createUser(db, { roles: ["organiser"], hubIds: [hub.id] })).id };
    const held = await sessionAt(hub.id, at("2031-06-09", "10:00"));
    const heldToday = await sessionAt(hub.id, at("2031-06-11", "07:00"));

    const before = await getOrganiserHome(db, owner, { now: NOW });
    expect(before.toRecord.map((s) => [s.occurrenceId, s.todo])).toEqual([[held.occurrence.id, [{ kind: "attendance" }]]]);
    // Whatever the home asks to record, the attendance form still takes.
    expect(HOME_DAYS_BACK).toBeLessThanOrEqual(ATTENDANCE_EDIT_DAYS);
    expect(before.toRecord.map((s) => attendanceWindow(s, NOW))).toEqual(["open"]);
    expect(before.todaySessions.find((s) => s.occurrenceId === heldToday.occurrence.id)?.todo).toEqual([{ kind: "attendance" }]);

    for (const s of [held, heldToday]) {
      await recordAttendance(db, owner, { occurrenceId: s.occurrence.id, participants: 12, firstTimers: 1, supportedParticipants: 0, now: NOW });
    }
    const after = await getOrganiserHome(db, owner, { now: NOW });
    expect(after.toRecord).toEqual([]);
    // Today's session stays in today's list, with nothing left to do.
    expect(after.todaySessions.find((s) => s.occurrenceId === heldToday.occurrence.id)).toMatchObject({ attendanceRecorded: true, todo: [] });
  });

  test("each list stops at its limit and says so", async () => {
    const db = database.db;
    const hub = await createHub(db);
    const owner = { userId: (await createUser(db, { roles: ["organiser"], hubIds: [hub.id] })).id };
    const slot = await sessionAt(hub.id, at("2031-06-12", "10:00"));
    // A busy day: as many more sessions of the activity, every ten minutes.
    await db.insert(occurrences).values(
      Array.from({ length: HOME_LIST_LIMIT }, (_, i) => {
        const startsAt = new Date(+at("2031-06-13", "00:00") + i * 10 * 60_000);
        return { activityId: slot.activity.id, originalDate: addToDate("2032-01-01", { days: i }), startsAt, endsAt: new Date(+startsAt + 5 * 60_000) };
      }),
    );
    const home = await getOrganiserHome(db, owner, { now: NOW });
    expect(home.comingSessions).toHaveLength(HOME_LIST_LIMIT);
    expect(home.comingSessions[0]?.occurrenceId).toBe(slot.occurrence.id);
    expect(home.truncated).toBe(true);
  });
});

describe("the page and the landing", () => {
  test("/organise shows the home's sessions to the hub's organiser", async () => {
    const db = database.db;
    const hub = await createHub(db, { name: "わたしの集会所" });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    const slot = await createRoleSlot(db, { hubId: hub.id, startsAt: nextTokyoTen(2) });
    const cookie = await sessionCookie(organiser.id);
    const response = await run(() => organiseLoader({ request: get("/organise", cookie), context, params: {} }));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.home.comingSessions.map((s: { occurrenceId: number }) => s.occurrenceId)).toEqual([slot.occurrence.id]);
    expect(data.home.comingSessions[0].participants).toBeNull();
  });

  test("organisers land on /organise after login unless a safe redirectTo says otherwise; other roles keep their page", async () => {
    const db = database.db;
    const hub = await createHub(db);
    const association = await createAssociation(db);
    const login = async (email: string, redirectTo?: string) => {
      const fields: Record<string, string> = { email, password: TEST_PASSWORD };
      if (redirectTo !== undefined) fields.redirectTo = redirectTo;
      return run(() => loginAction({ request: post("/login", fields), context, params: {} }));
    };
    const homes: [RoleName[], string][] = [
      [["organiser"], "/organise"],
      [[], "/"],
      [["coordinator"], "/support"],
      [["staff"], "/staff"],
      // An admin edits every hub, but their landing page is the admin's menu, which links /organise.
      [["admin"], "/admin"],
    ];
    for (const [roles, home] of homes) {
      const user = await createUser(db, { roles, hubIds: roles.includes("organiser") ? [hub.id] : [] });
      expect((await login(user.email)).headers.get("Location"), roles.join("+") || "volunteer").toBe(home);
    }
    const bySociety = await createUser(db, { roles: ["organiser"], associationIds: [association.id] });
    const landed = await login(bySociety.email);
    expect(landed.headers.get("Location")).toBe("/organise");
    // The page they land on answers, with their home.
    const page = await run(() => organiseLoader({ request: get("/organise", cookieFrom(landed)), context, params: {} }));
    expect(page.status).toBe(200);
    expect(await page.json()).toHaveProperty("home.todaySessions");

    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    expect((await login(organiser.email, "/organise/upcoming")).headers.get("Location")).toBe("/organise/upcoming");
    // A redirectTo that would leave the site is no redirectTo: home, not the search page.
    for (const unsafe of ["//evil.example/", "https://evil.example/organise", ""]) {
      expect((await login(organiser.email, unsafe)).headers.get("Location"), unsafe).toBe("/organise");
    }
  });
});

describe("residents' places on the home", () => {
  test("a session taking applications shows confirmed, waiting and capacity; one that does not shows none", async () => {
    const db = database.db;
    const now = new Date();
    const applicable = await createApplicableActivity(db, { capacity: 2, startsAt: new Date(now.getTime() + 2 * 86_400_000) });
    const plain = await createRoleSlot(db, { hubId: applicable.hubId, startsAt: new Date(now.getTime() + 3 * 86_400_000) });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [applicable.hubId] });
    for (const partySize of [2, 1]) await apply(db, { occurrenceId: applicable.occurrence.id, scope: "one", details: applicantDetails({ partySize }) });
    const home = await getOrganiserHome(db, { userId: organiser.id }, { now });
    const sessions = [...home.todaySessions, ...home.comingSessions];
    const taking = sessions.find((s) => s.occurrenceId === applicable.occurrence.id);
    expect(taking?.participants).toEqual({ confirmed: 2, waiting: 1, capacity: 2 });
    expect(taking?.todo).toContainEqual(expect.objectContaining({ kind: "waiting" }));
    expect(sessions.find((s) => s.occurrenceId === plain.occurrence.id)?.participants).toBeNull();
  });
});
