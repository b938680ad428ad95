// The volunteer and organiser routes, called as Remix would, on the test database.
import { and, eq } from "drizzle-orm";
import ICAL from "ical.js";
import { describe, expect, test } from "vitest";
import { notifications, occurrences, outboxMessages, signups, volunteerProfiles } from "#db/schema";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { coarsenPoint } from "~/lib/volunteering";
import { loader as calendarLoader } from "~/routes/volunteer_.calendar.$token";
import { action as rosterAction, loader as rosterLoader } from "~/routes/organise_.occurrences.$occurrenceId";
import { action as profileAction } from "~/routes/volunteer_.profile";
import { action as volunteerAction, loader as volunteerLoader } from "~/routes/volunteer";
import { tokyoDate } from "~/lib/dates";
import { cancelOccurrence, moveOccurrence } from "~/services/organise.server";
import { enqueueDueReminders, notifySessionChange, signUpForRole } from "~/services/signups.server";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot, createVolunteerProfile, nextTokyoTen } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

async function body(response: Response) {
  return JSON.parse(await response.text()) as Record<string, unknown>;
}

describe("bad input gets a clear Japanese message and changes nothing", () => {
  test("cancelling someone else's sign-up: 403, 「ほかの人の申し込みはキャンセルできません。」", async () => {
    const { occurrence, role } = await createRoleSlot(database.db);
    const [owner, other] = [await createUser(database.db), await createUser(database.db)];
    const { signupId } = await signUpForRole(database.db, { userId: owner.id, occurrenceId: occurrence.id, roleId: role.id });
    const cookie = await sessionCookie(other.id);
    const response = await run(() => volunteerAction({ request: post("/volunteer", { intent: "cancel", signupId: String(signupId) }, cookie), context, params: {} }));
    expect(response.status).toBe(403);
    const error = (await body(response)).error;
    expect(error).toBe("signup.error.not_yours");
    expect(serverTranslate("ja", "signup.error.not_yours")).toBe("ほかの人の申し込みはキャンセルできません。");
    const [row] = await database.db.select().from(signups).where(eq(signups.id, signupId));
    expect(row?.status).toBe("confirmed");
  });

  test("signing up twice, for a past session, or for another activity's role", async () => {
    const user = await createUser(database.db);
    const cookie = await sessionCookie(user.id);
    const a = await createRoleSlot(database.db);
    const b = await createRoleSlot(database.db);
    const past = await createRoleSlot(database.db, { startsAt: new Date(Date.now() - 3_600_000) });
    const signup = (occurrenceId: number, roleId: number) =>
      run(() => volunteerAction({ request: post("/volunteer", { intent: "signup", occurrenceId: String(occurrenceId), roleId: String(roleId) }, cookie), context, params: {} }));
    expect(await redirectOf(await signup(a.occurrence.id, a.role.id))).toEqual({ location: "/volunteer", flash: "volunteer.flash.confirmed" });
    expect(await redirectOf(await signup(a.occurrence.id, a.role.id))).toEqual({ location: "/volunteer", flash: "volunteer.flash.already_confirmed" });
    const wrongRole = await signup(a.occurrence.id, b.role.id);
    expect([wrongRole.status, (await body(wrongRole)).error]).toEqual([409, "signup.error.role_mismatch"]);
    const tooLate = await signup(past.occurrence.id, past.role.id);
    expect([tooLate.status, (await body(tooLate)).error]).toEqual([409, "signup.error.past"]);
    const garbage = await run(() => volunteerAction({ request: post("/volunteer", { intent: "signup", occurrenceId: "x", roleId: "1" }, cookie), context, params: {} }));
    expect(garbage.status).toBe(400);
    expect(await database.db.select().from(signups).where(eq(signups.userId, user.id))).toHaveLength(1);
  });

  test("a profile with an impossible distance is refused and nothing is saved; a good one stores a coarsened home", async () => {
    const user = await createUser(database.db);
    const cookie = await sessionCookie(user.id);
    const bad = await run(() =>
      profileAction({ request: post("/volunteer/profile", { maxWalkingMinutes: "500", home: "", freeSkills: "" }, cookie), context, params: {} }),
    );
    expect(bad.status).toBe(400);
    expect((await body(bad)).errors).toEqual({ maxWalkingMinutes: "volunteer.field.walking.range" });
    expect(await database.db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, user.id))).toEqual([]);

    const exact = { lat: 34.72153, lng: 135.71649 };
    const good = await run(() =>
      profileAction({
        request: post(
          "/volunteer/profile",
          { maxWalkingMinutes: "20", home: `${exact.lat},${exact.lng}`, freeSkills: "そば打ち、料理", skills: ["cooking", "nonsense"], availability: ["wed.morning", "xx"], contactOk: "on" },
          cookie,
        ),
        context,
        params: {},
      }),
    );
    expect(await redirectOf(good)).toEqual({ location: "/volunteer", flash: "volunteer.flash.profileSaved" });
    const [profile] = await database.db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, user.id));
    expect(profile).toMatchObject({ skills: ["cooking", "そば打ち"], availability: ["wed.morning"], maxWalkingMinutes: 20, contactOk: true });
    expect({ lat: profile?.homeLat, lng: profile?.homeLng }).toEqual(coarsenPoint(exact));
    expect(profile?.homeLat).not.toBe(exact.lat);
  });
});

describe("the roster", () => {
  test("only an editor of the hub sees it; they add a guest and remove a volunteer, who is told", async () => {
    const { occurrence, role, hubId } = await createRoleSlot(database.db, { slots: 2 });
    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
    const stranger = await createUser(database.db, { roles: ["organiser"] });
    const volunteer = await createUser(database.db);
    const { signupId } = await signUpForRole(database.db, { userId: volunteer.id, occurrenceId: occurrence.id, roleId: role.id });
    const path = `/organise/occurrences/${occurrence.id}`;
    const params = { occurrenceId: String(occurrence.id) };

    const strangerCookie = await sessionCookie(stranger.id);
    expect((await run(() => rosterLoader({ request: get(path, strangerCookie), context, params }))).status).toBe(404);
    expect((await run(() => rosterLoader({ request: get(path), context, params }))).status).toBe(302);
    const cookie = await sessionCookie(organiser.id);
    const page = await body(await run(() => rosterLoader({ request: get(path, cookie), context, params })));
    expect(JSON.stringify(page)).toContain(volunteer.displayName);

    const strangerRemoves = await run(() => rosterAction({ request: post(path, { intent: "remove", signupId: String(signupId) }, strangerCookie), context, params }));
    expect(strangerRemoves.status).toBe(404);
    const added = await run(() => rosterAction({ request: post(path, { intent: "addGuest", roleId: String(role.id), guestName: "田中（電話）", guestNote: "" }, cookie), context, params }));
    expect(await redirectOf(added)).toEqual({ location: path, flash: "roster.flash.confirmed" });
    const removed = await run(() => rosterAction({ request: post(path, { intent: "remove", signupId: String(signupId) }, cookie), context, params }));
    expect(await redirectOf(removed)).toEqual({ location: path, flash: "roster.flash.removed" });
    const told = await database.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, volunteer.id));
    expect(told.map((n) => n.kind)).toEqual(["signup_confirmed", "removed"]);
  });
});

describe("reminders, session changes, suggestions and the calendar feed", () => {
  test("the day before, each confirmed person gets one reminder however often the job runs", async () => {
    const now = new Date();
    const tomorrowTen = nextTokyoTen(1);
    const { occurrence, role } = await createRoleSlot(database.db, { startsAt: tomorrowTen });
    const later = await createRoleSlot(database.db, { startsAt: nextTokyoTen(3) });
    const [a, b] = [await createUser(database.db), await createUser(database.db)];
    await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    await signUpForRole(database.db, { userId: b.id, occurrenceId: later.occurrence.id, roleId: later.role.id });
    await enqueueDueReminders(database.db, now);
    await enqueueDueReminders(database.db, now);
    const mailTo = async (userId: string) =>
      (await database.db.select({ kind: outboxMessages.kind }).from(outboxMessages).where(and(eq(outboxMessages.recipientUserId, userId), eq(outboxMessages.kind, "reminder")))).length;
    expect(await mailTo(a.id)).toBe(1);
    expect(await mailTo(b.id)).toBe(0);
  });

  test("the organiser's cancel and move of a session tell the people signed up", async () => {
    const { occurrence, role, hubId } = await createRoleSlot(database.db, { startsAt: nextTokyoTen(5) });
    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
    const volunteer = await createUser(database.db);
    await signUpForRole(database.db, { userId: volunteer.id, occurrenceId: occurrence.id, roleId: role.id });
    await moveOccurrence(database.db, { userId: organiser.id }, { activityId: occurrence.activityId, occurrenceId: occurrence.id, date: tokyoDate(nextTokyoTen(6)), startTime: "13:00", endTime: "14:00" });
    await cancelOccurrence(database.db, { userId: organiser.id }, { activityId: occurrence.activityId, occurrenceId: occurrence.id, reason: "台風のため" });
    const kinds = (await database.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, volunteer.id))).map((n) => n.kind);
    expect(kinds).toEqual(["signup_confirmed", "occurrence_changed", "occurrence_cancelled"]);
  });

  test("a cancelled session tells everyone signed up", async () => {
    const { occurrence, role } = await createRoleSlot(database.db, { slots: 1 });
    const [a, b] = [await createUser(database.db), await createUser(database.db)];
    await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    await signUpForRole(database.db, { userId: b.id, occurrenceId: occurrence.id, roleId: role.id });
    await database.db.transaction(async (tx) => {
      await tx.update(occurrences).set({ status: "cancelled", cancelReason: "台風のため" }).where(eq(occurrences.id, occurrence.id));
      await notifySessionChange(tx, { occurrenceId: occurrence.id, kind: "occurrence_cancelled" });
    });
    for (const user of [a, b]) {
      const kinds = (await database.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, user.id))).map((n) => n.kind);
      expect(kinds).toContain("occurrence_cancelled");
    }
  });

  test("/volunteer shows suggestions with reasons for a volunteer with a profile", async () => {
    const hub = { lat: 34.7215, lng: 135.7165 };
    const { role } = await createRoleSlot(database.db, { hub, startsAt: nextTokyoTen(2), roleName: "受付テスト", loadTags: ["first_timers"] });
    const user = await createUser(database.db);
    const weekday = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][new Date(nextTokyoTen(2).getTime() + 9 * 3_600_000).getUTCDay()];
    await createVolunteerProfile(database.db, user.id, { homeLat: hub.lat, homeLng: hub.lng, availability: [`${weekday}.morning`] });
    expect((await run(() => volunteerLoader({ request: get("/volunteer"), context, params: {} }))).status).toBe(302);
    const response = await run(async () => volunteerLoader({ request: get("/volunteer", await sessionCookie(user.id)), context, params: {} }));
    const data = await body(response);
    const suggestions = data.suggestions as { state: string; items: { roleId: number; reasons: { key: string }[] }[] };
    expect(suggestions.state).toBe("ok");
    const mine = suggestions.items.find((s) => s.roleId === role.id);
    expect(mine?.reasons.map((r) => r.key)).toEqual(["match.reason.walk", "match.reason.available", "match.reason.firstTimerOk"]);
  });

  test("the personal feed marks a cancelled session CANCELLED with the reason, as the public feed does", async () => {
    const { occurrence, role, hubId } = await createRoleSlot(database.db, { startsAt: nextTokyoTen(5) });
    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
    const user = await createUser(database.db);
    await signUpForRole(database.db, { userId: user.id, occurrenceId: occurrence.id, roleId: role.id });
    await cancelOccurrence(database.db, { userId: organiser.id }, { activityId: occurrence.activityId, occurrenceId: occurrence.id, reason: "台風のため" });
    const cookie = await sessionCookie(user.id);
    const created = await run(() => volunteerAction({ request: post("/volunteer", { intent: "calendarCreate" }, cookie), context, params: {} }));
    const token = String((await body(created)).calendarUrl).split("/").pop() ?? "";
    const response = await run(() => calendarLoader({ request: get(`/volunteer/calendar/${token}`), context, params: { token } }));
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    const events = new ICAL.Component(ICAL.parse(await response.text())).getAllSubcomponents("vevent");
    expect(events).toHaveLength(1);
    const event = events[0];
    expect(event?.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(String(event?.getFirstPropertyValue("summary"))).toMatch(/^【中止】/);
    expect(String(event?.getFirstPropertyValue("description"))).toContain("【中止】台風のため");
  });

  test("the calendar URL works until it is replaced or turned off", async () => {
    const { occurrence, role } = await createRoleSlot(database.db);
    const user = await createUser(database.db);
    await signUpForRole(database.db, { userId: user.id, occurrenceId: occurrence.id, roleId: role.id });
    const cookie = await sessionCookie(user.id);
    const create = async () => {
      const response = await run(() => volunteerAction({ request: post("/volunteer", { intent: "calendarCreate" }, cookie), context, params: {} }));
      return String((await body(response)).calendarUrl).split("/").pop() ?? "";
    };
    const feed = (token: string) => run(() => calendarLoader({ request: get(`/volunteer/calendar/${token}`), context, params: { token } }));
    const first = await create();
    const ok = await feed(first);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(`occurrence-${occurrence.id}@`);
    const second = await create();
    expect((await feed(first)).status).toBe(404);
    expect((await feed(second)).status).toBe(200);
    await run(() => volunteerAction({ request: post("/volunteer", { intent: "calendarRevoke" }, cookie), context, params: {} }));
    expect((await feed(second)).status).toBe(404);
    const [profile] = await database.db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, user.id));
    expect(profile?.calendarTokenHash).toBeNull();
  });
});
