// One capacity rule (issue 13): places, the waiting list and one person's places, through the
// organiser's and the volunteer's own paths, and the database refusing what the code must never do.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, activityRoles, notifications, roleSlotFills, signups, supportVisits } from "#db/schema";
import { tokyoDate } from "~/lib/dates";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { action as editAction } from "~/routes/organise.activities.$activityId";
import { action as volunteerAction, loader as volunteerLoader } from "~/routes/volunteer";
import { loader as sessionLoader } from "~/routes/volunteer_.sessions.$occurrenceId";
import { bookVisit } from "~/services/support-visits.server";
import { cancelSignup, getRoster, signUpForRole, signUpForSeries } from "~/services/signups.server";
import { listCandidateSlots } from "~/services/volunteers.server";
import { createDistrict } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { databaseRefusal, signupRefusal } from "../support/refusals";
import { context, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

async function statusOf(signupId: number) {
  const [row] = await database.db.select({ status: signups.status }).from(signups).where(eq(signups.id, signupId));
  return row?.status;
}

async function postAsOrganiser(hubId: number, activityId: number, fields: Record<string, string | string[]>) {
  const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
  const cookie = await sessionCookie(organiser.id);
  return run(() => editAction({ request: post(`/organise/activities/${activityId}`, fields, cookie), params: { activityId: String(activityId) }, context }));
}

function roleForm(roleId: number, slots: string): Record<string, string> {
  return { intent: "updateRole", targetId: String(roleId), name: "受付", description: "", slots, skills: "" };
}

describe("raising the places gives them to those waiting", () => {
  test("an organiser raises a role from 1 to 3 people: the first two waiting are confirmed, in order, and told", async () => {
    const { hubId, activity, role, occurrence } = await createRoleSlot(database.db, { slots: 1 });
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await createUser(database.db));
    const ids = [];
    for (const person of people) ids.push((await signUpForRole(database.db, { userId: person.id, occurrenceId: occurrence.id, roleId: role.id })).signupId);

    const response = await postAsOrganiser(hubId, activity.id, roleForm(role.id, "3"));
    expect(response.status).toBe(302);
    expect(await Promise.all(ids.map(statusOf))).toEqual(["confirmed", "confirmed", "confirmed", "waitlisted"]);
    const [fill] = await database.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, occurrence.id));
    expect(fill).toMatchObject({ slots: 3, confirmed: 3 });
    for (const person of people.slice(1, 3)) {
      const told = await database.db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.userId, person.id)).orderBy(notifications.id);
      expect(told.map((n) => n.kind)).toEqual(["signup_waitlisted", "promoted"]);
    }
    // A person signing up now waits behind the one already waiting.
    const late = await createUser(database.db);
    expect((await signUpForRole(database.db, { userId: late.id, occurrenceId: occurrence.id, roleId: role.id })).outcome).toBe("waitlisted");
  });

  test("fewer places than people confirmed is refused beside the field, and nothing changes", async () => {
    const { hubId, activity, role, occurrence } = await createRoleSlot(database.db, { slots: 2 });
    for (const person of [await createUser(database.db), await createUser(database.db)]) {
      await signUpForRole(database.db, { userId: person.id, occurrenceId: occurrence.id, roleId: role.id });
    }
    const response = await postAsOrganiser(hubId, activity.id, roleForm(role.id, "1"));
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('"slots":"orgActivities.error.slotsBelowConfirmed"');
    expect(body).toContain('"slots":"1"');
    const [saved] = await database.db.select({ slots: activityRoles.slots }).from(activityRoles).where(eq(activityRoles.id, role.id));
    expect(saved?.slots).toBe(2);
  });

  test("raising an activity's capacity lets the first 参加支援 visitor waiting in", async () => {
    const coordinator = await createUser(database.db, { roles: ["coordinator"] });
    const district = await createDistrict(database.db, { lat: 34.69, lng: 135.7 });
    const slot = await createRoleSlot(database.db, { loadTags: ["supported_ok"], hub: { lat: 34.69, lng: 135.7 } });
    await database.db.update(activities).set({ capacity: 1 }).where(eq(activities.id, slot.activity.id));
    const actor = { userId: coordinator.id };
    const persons = [];
    for (const pseudonym of ["容量Aさん", "容量Bさん"]) persons.push(await createSupportedPerson(database.db, coordinator.id, { pseudonym, districtId: district.id, walkingMetres: 1500 }));
    for (const person of persons) await bookVisit(database.db, actor, person.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false });
    const visits = () => database.db.select({ status: supportVisits.status }).from(supportVisits).where(eq(supportVisits.occurrenceId, slot.occurrence.id)).orderBy(supportVisits.id);
    expect((await visits()).map((v) => v.status)).toEqual(["expected", "waitlisted"]);

    const date = tokyoDate(slot.occurrence.startsAt);
    const response = await postAsOrganiser(slot.hubId, slot.activity.id, {
      intent: "save",
      title: slot.activity.title,
      description: "",
      category: "meals",
      audience: "seniors",
      feeYen: "0",
      feeNote: "",
      capacity: "2",
      accessibilityNotes: "",
      scheduleKind: "once",
      interval: "1",
      startDate: date,
      endDate: "",
      startTime: "10:00",
      endTime: "11:30",
      exceptionDates: "",
    });
    expect(response.status, await response.clone().text()).toBe(302);
    expect((await visits()).map((v) => v.status)).toEqual(["expected", "expected"]);
  });
});

describe("one queue order, shown and taken alike", () => {
  test("two people waiting since the same instant: the roster's first is the one promoted", async () => {
    const { occurrence, role, hubId } = await createRoleSlot(database.db, { slots: 1 });
    const [a, b, c] = [await createUser(database.db), await createUser(database.db), await createUser(database.db)];
    const first = await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    const second = await signUpForRole(database.db, { userId: b.id, occurrenceId: occurrence.id, roleId: role.id });
    const third = await signUpForRole(database.db, { userId: c.id, occurrenceId: occurrence.id, roleId: role.id });
    // Concurrent sign-ups share waitlisted_at, and created_at need not follow the ids.
    const instant = new Date();
    await database.db.update(signups).set({ waitlistedAt: instant, createdAt: new Date(instant.getTime() + 1000) }).where(eq(signups.id, second.signupId));
    await database.db.update(signups).set({ waitlistedAt: instant, createdAt: instant }).where(eq(signups.id, third.signupId));

    const organiser = await createUser(database.db, { roles: ["organiser"], hubIds: [hubId] });
    const roster = await getRoster(database.db, { userId: organiser.id }, occurrence.id);
    const shownFirst = roster?.roles[0]?.waitlisted[0];
    expect(shownFirst?.id).toBe(second.signupId);
    const { promotedSignupId } = await cancelSignup(database.db, { signupId: first.signupId, byUserId: a.id });
    expect(promotedSignupId).toBe(shownFirst?.id);
  });
});

describe("one person, one place at a time", () => {
  async function secondRole(activityId: number, allowsOverlap = false) {
    const [role] = await database.db.insert(activityRoles).values({ activityId, name: "配膳", slots: 3, allowsOverlap }).returning();
    if (!role) throw new Error("role");
    return role;
  }

  test("a second role of the same session is refused, whatever the organiser allows", async () => {
    const { activity, role, occurrence } = await createRoleSlot(database.db);
    const other = await secondRole(activity.id, true);
    const person = await createUser(database.db);
    await signUpForRole(database.db, { userId: person.id, occurrenceId: occurrence.id, roleId: role.id });
    expect(await signupRefusal(signUpForRole(database.db, { userId: person.id, occurrenceId: occurrence.id, roleId: other.id }))).toBe("busy");
    // The database refuses it too.
    expect(await databaseRefusal(database.db.insert(signups).values({ occurrenceId: occurrence.id, roleId: other.id, userId: person.id, status: "confirmed" }))).toBe(
      "23P01 the person already holds a place at that time",
    );
    // Once the first is cancelled, the other role is free to take.
    const [mine] = await database.db.select().from(signups).where(and(eq(signups.userId, person.id), eq(signups.roleId, role.id)));
    await cancelSignup(database.db, { signupId: mine?.id ?? 0, byUserId: person.id });
    expect((await signUpForRole(database.db, { userId: person.id, occurrenceId: occurrence.id, roleId: other.id })).outcome).toBe("confirmed");
  });

  test("overlapping sessions are refused unless a role allows it; a session after the first ends is fine", async () => {
    const first = await createRoleSlot(database.db);
    const start = first.occurrence.startsAt;
    const overlapping = await createRoleSlot(database.db, { startsAt: new Date(start.getTime() + 60 * 60_000) });
    const after = await createRoleSlot(database.db, { startsAt: first.occurrence.endsAt });
    const person = await createUser(database.db);
    await signUpForRole(database.db, { userId: person.id, occurrenceId: first.occurrence.id, roleId: first.role.id });

    expect(await signupRefusal(signUpForRole(database.db, { userId: person.id, occurrenceId: overlapping.occurrence.id, roleId: overlapping.role.id }))).toBe("busy");
    expect(
      await databaseRefusal(database.db.insert(signups).values({ occurrenceId: overlapping.occurrence.id, roleId: overlapping.role.id, userId: person.id, status: "confirmed" })),
    ).toBe("23P01 the person already holds a place at that time");
    expect((await signUpForRole(database.db, { userId: person.id, occurrenceId: after.occurrence.id, roleId: after.role.id })).outcome).toBe("confirmed");

    // The organiser says this role may be held alongside another (a 見守り on call, say).
    const onCall = await secondRole(overlapping.activity.id, true);
    expect((await signUpForRole(database.db, { userId: person.id, occurrenceId: overlapping.occurrence.id, roleId: onCall.id })).outcome).toBe("confirmed");
  });

  test("suggestions and the whole-series sign-up leave out the sessions where the person is busy", async () => {
    const series = await createRoleSlot(database.db, { occurrenceCount: 3 });
    const [one, two, three] = series.occurrences;
    if (!one || !two || !three) throw new Error("occurrences");
    const clash = await createRoleSlot(database.db, { startsAt: two.startsAt });
    const sameSession = await secondRole(series.activity.id);
    const person = await createUser(database.db);
    await signUpForRole(database.db, { userId: person.id, occurrenceId: clash.occurrence.id, roleId: clash.role.id });
    await signUpForRole(database.db, { userId: person.id, occurrenceId: one.id, roleId: sameSession.id });

    const offered = (await listCandidateSlots(database.db, { now: new Date(), freeFor: person.id, days: 60 })).map((c) => `${c.occurrenceId}:${c.roleId}`);
    expect(offered).toContain(`${three.id}:${series.role.id}`);
    for (const taken of [`${one.id}:${series.role.id}`, `${two.id}:${series.role.id}`, `${clash.occurrence.id}:${clash.role.id}`, `${two.id}:${sameSession.id}`]) {
      expect(offered).not.toContain(taken);
    }
    // Someone else is offered all of them.
    const other = await createUser(database.db);
    const offeredToOther = (await listCandidateSlots(database.db, { now: new Date(), freeFor: other.id, days: 60 })).map((c) => `${c.occurrenceId}:${c.roleId}`);
    expect(offeredToOther).toContain(`${two.id}:${series.role.id}`);

    expect(await signUpForSeries(database.db, { userId: person.id, activityId: series.activity.id, roleId: series.role.id })).toEqual({ confirmed: 1, waitlisted: 0, already: 0, busy: 2 });
  });
});

describe("what the volunteer is told", () => {
  test("a sign-up at a busy time is refused in Japanese; a whole series says how many were left out", async () => {
    const series = await createRoleSlot(database.db, { occurrenceCount: 2 });
    const [one] = series.occurrences;
    if (!one) throw new Error("occurrences");
    const clash = await createRoleSlot(database.db, { startsAt: one.startsAt });
    const person = await createUser(database.db);
    const cookie = await sessionCookie(person.id);
    await signUpForRole(database.db, { userId: person.id, occurrenceId: clash.occurrence.id, roleId: clash.role.id });
    const submit = (fields: Record<string, string>) => run(() => volunteerAction({ request: post("/volunteer", fields, cookie), context, params: {} }));

    // The session's page says so before anyone presses a button, and offers only "every time".
    const sessionPage = async (occurrenceId: number) => {
      const response = await run(() => sessionLoader({ request: get(`/volunteer/sessions/${occurrenceId}`, cookie), context, params: { occurrenceId: String(occurrenceId) } }));
      return ((await response.json()) as { session: { roles: { id: number; busy: boolean }[] } }).session.roles.map((r) => [r.id, r.busy]);
    };
    expect(await sessionPage(one.id)).toEqual([[series.role.id, true]]);
    expect(await sessionPage(series.occurrences[1]?.id ?? 0)).toEqual([[series.role.id, false]]);

    const refused = await submit({ intent: "signup", occurrenceId: String(one.id), roleId: String(series.role.id) });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toBe("signup.error.busy");

    const whole = await submit({ intent: "signupSeries", activityId: String(series.activity.id), roleId: String(series.role.id) });
    const location = whole.headers.get("Location") ?? "";
    expect(location).toBe("/volunteer?done=seriesBusy&c=1&w=0&b=1");
    const page = await run(() => volunteerLoader({ request: get(location, cookie), context, params: {} }));
    const { flash } = (await page.json()) as { flash: { key: string; confirmed: number; waitlisted: number; busy: number } };
    expect(serverTranslate("ja", `volunteer.flash.${flash.key}` as "volunteer.flash.seriesBusy", flash)).toBe(
      "1回分を申し込み、0回分はキャンセル待ちに登録しました。1回分は、同じ時間にほかの申し込みがあるため申し込んでいません。",
    );
  });
});

describe("the database keeps the invariants whatever the code does", () => {
  test("never a free place while someone waits, checked at commit", async () => {
    const { role, occurrence } = await createRoleSlot(database.db, { slots: 1 });
    const [a, b] = [await createUser(database.db), await createUser(database.db)];
    await signUpForRole(database.db, { userId: a.id, occurrenceId: occurrence.id, roleId: role.id });
    const waiting = await signUpForRole(database.db, { userId: b.id, occurrenceId: occurrence.id, roleId: role.id });
    // More places that nobody takes, directly or through the role (trigger 0008).
    const freeWhileWaiting = "23514 a role place is free while someone waits";
    expect(await databaseRefusal(database.db.update(roleSlotFills).set({ slots: 2 }).where(eq(roleSlotFills.occurrenceId, occurrence.id)))).toBe(freeWhileWaiting);
    expect(await databaseRefusal(database.db.update(activityRoles).set({ slots: 2 }).where(eq(activityRoles.id, role.id)))).toBe(freeWhileWaiting);
    // A confirmed person leaving without the next taking the place.
    expect(await databaseRefusal(database.db.update(signups).set({ status: "cancelled", cancelledAt: new Date() }).where(eq(signups.userId, a.id)))).toBe(freeWhileWaiting);
    expect(await statusOf(waiting.signupId)).toBe("waitlisted");
    // The count follows the rows: it cannot be written apart from them.
    const [fill] = await database.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, occurrence.id));
    expect(fill).toMatchObject({ slots: 1, confirmed: 1 });
  });
});
