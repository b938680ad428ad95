import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, auditEvents, hubs, notifications, outboxMessages, signups, supportAssignments, supportedPersons, supportStageChanges, supportVisitFills, supportVisits } from "#db/schema";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { mailText } from "~/lib/notification-text";
import { action as activityAction } from "~/routes/organise.activities.$activityId";
import { loader as personLoader } from "~/routes/support.$personId._index";
import { loader as supportHomeLoader } from "~/routes/support._index";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/support.notifications";
import { loader as rosterLoader } from "~/routes/organise_.occurrences.$occurrenceId";
import { action as placesAction, loader as placesLoader } from "~/routes/support.$personId.places";
import { withdrawConsent } from "~/services/support-privacy.server";
import { bookVisit, cancelVisit, listVisitOptions } from "~/services/support-visits.server";
import { createDistrict } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const HOME = { lat: 34.69, lng: 135.7 };

async function setup(options: { capacity?: number | null; occurrenceCount?: number } = {}) {
  const db = database.db;
  const coordinator = await createUser(db, { roles: ["coordinator"], displayName: "見学テスト相談員" });
  const district = await createDistrict(db, HOME);
  const newPerson = (pseudonym: string) =>
    createSupportedPerson(db, coordinator.id, {
      pseudonym,
      constraints: ["needs_companion", "quiet"],
      constraintNote: "見学テストの秘密メモ",
      interests: ["見学テストの趣味"],
      districtId: district.id,
      walkingMetres: 1500,
    });
  const person = await newPerson(`見学Vさん${Math.random().toString(36).slice(2, 6)}`);
  // A role that does not suit 会話少なめ: a visit needs no role, so it is still offered.
  const slot = await createRoleSlot(db, { loadTags: ["supported_ok"], hub: { ...HOME }, occurrenceCount: options.occurrenceCount ?? 1 });
  await db.update(activities).set({ capacity: options.capacity === undefined ? 1 : options.capacity }).where(eq(activities.id, slot.activity.id));
  return { db, coordinator, person, newPerson, slot, actor: { userId: coordinator.id } };
}

const visitsAt = (occurrenceId: number) => database.db.select().from(supportVisits).where(eq(supportVisits.occurrenceId, occurrenceId)).orderBy(supportVisits.id);

describe("見学 without a role", () => {
  test("the organiser's roster shows a 参加支援 visitor expected, the coordinator and 同行あり — nobody's identity, no role taken", async () => {
    const { db, person, slot, actor } = await setup({ capacity: 10 });
    expect(await bookVisit(db, actor, person.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false })).toEqual({ outcome: "expected" });
    expect(await db.select().from(signups).where(eq(signups.occurrenceId, slot.occurrence.id))).toEqual([]);
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
    const organiserCookie = await sessionCookie(organiser.id);
    const page = await run(() =>
      rosterLoader({ request: get(`/organise/occurrences/${slot.occurrence.id}`, organiserCookie), params: { occurrenceId: String(slot.occurrence.id) }, context }),
    );
    const body = await page.text();
    expect(body).toContain('"coordinatorName":"見学テスト相談員"');
    expect(body).toContain('"accompanied":true');
    for (const secret of [person.pseudonym, person.caseCode, "見学テストの秘密メモ", "見学テストの趣味", "personId", "needs_companion", "quiet"]) expect(body).not.toContain(secret);
  });

  test("it moves the stage to 見学 only when the coordinator chooses", async () => {
    const { db, person, newPerson, slot, actor } = await setup({ capacity: null });
    await bookVisit(db, actor, person.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false });
    expect((await db.select().from(supportedPersons).where(eq(supportedPersons.id, person.id)))[0]?.stage).toBe("consultation");
    const other = await newPerson("見学Wさん");
    await bookVisit(db, actor, other.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: true });
    expect((await db.select().from(supportedPersons).where(eq(supportedPersons.id, other.id)))[0]?.stage).toBe("visit");
    const changes = await db.select().from(supportStageChanges).where(and(eq(supportStageChanges.personId, other.id), eq(supportStageChanges.toStage, "visit")));
    expect(changes).toHaveLength(1);
    // No capacity set: nobody waits.
    expect((await visitsAt(slot.occurrence.id)).map((v) => v.status)).toEqual(["expected", "expected"]);
  });

  test("a full occurrence offers the waitlist and the other dates; a cancellation moves the waitlist up", async () => {
    const { db, person, newPerson, slot, actor, coordinator } = await setup({ capacity: 1, occurrenceCount: 2 });
    const [first, second] = slot.occurrences;
    if (!first || !second) throw new Error("occurrences");
    const other = await newPerson("見学Xさん");
    expect(await bookVisit(db, actor, person.id, { occurrenceId: first.id, countsAsVisitStage: false })).toEqual({ outcome: "expected" });
    const options = (await listVisitOptions(db, actor, other.id)).options.map((o) => [o.candidate.occurrenceId, o.candidate.placesLeft]);
    expect(options).toContainEqual([first.id, 0]);
    expect(options).toContainEqual([second.id, 1]);
    // Through the form: the full date goes on the waitlist and says so.
    const cookie = await sessionCookie(coordinator.id);
    const response = await run(() =>
      placesAction({ request: post(`/support/${other.id}/places`, { intent: "visit", occurrenceId: String(first.id) }, cookie), params: { personId: String(other.id) }, context }),
    );
    expect(await redirectOf(response)).toEqual({ location: `/support/${other.id}/places`, flash: "support.visits.waitlisted" });
    const page = await run(() => placesLoader({ request: get(`/support/${other.id}/places`, cookie), params: { personId: String(other.id) }, context }));
    expect(await page.text()).toContain(`"occurrenceId":${second.id}`);
    // A double submit finds the first.
    expect(await bookVisit(db, actor, other.id, { occurrenceId: first.id, countsAsVisitStage: false })).toEqual({ outcome: "already_waitlisted" });
    const [mine] = await visitsAt(first.id);
    await cancelVisit(db, actor, person.id, mine?.id ?? 0);
    expect((await visitsAt(first.id)).map((v) => v.status)).toEqual(["cancelled", "expected"]);
    const [fill] = await db.select().from(supportVisitFills).where(eq(supportVisitFills.occurrenceId, first.id));
    expect(fill).toMatchObject({ capacity: 1, expected: 1 });
  });

  test("the database refuses more visitors than the capacity, whatever the code does", async () => {
    const { db, person, slot, actor } = await setup({ capacity: 1 });
    await bookVisit(db, actor, person.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false });
    await expect(db.update(supportVisitFills).set({ expected: 2 }).where(eq(supportVisitFills.occurrenceId, slot.occurrence.id))).rejects.toThrow();
    await expect(db.update(supportVisitFills).set({ expected: -1 }).where(eq(supportVisitFills.occurrenceId, slot.occurrence.id))).rejects.toThrow();
  });

  test("withdrawal gives the visit back: the next visitor waiting is expected", async () => {
    const { db, person, newPerson, slot, actor } = await setup({ capacity: 1 });
    const other = await newPerson("見学Yさん");
    await bookVisit(db, actor, person.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false });
    await bookVisit(db, actor, other.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false });
    await withdrawConsent(db, actor, person.id, { withdrawnOn: "2026-06-01", confirmCaseCode: person.caseCode });
    expect((await visitsAt(slot.occurrence.id)).map((v) => [v.personId, v.status])).toEqual([
      [person.id, "cancelled"],
      [other.id, "expected"],
    ]);
  });

  test("another coordinator cannot book or cancel a visit for someone else's person", async () => {
    const { db, person, slot, actor } = await setup({ capacity: 5 });
    await bookVisit(db, actor, person.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false });
    const [visit] = await visitsAt(slot.occurrence.id);
    const stranger = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(stranger.id);
    const attempts: Record<string, string>[] = [
      { intent: "visit", occurrenceId: String(slot.occurrence.id) },
      { intent: "cancelVisit", visitId: String(visit?.id) },
    ];
    for (const fields of attempts) {
      const response = await run(() => placesAction({ request: post(`/support/${person.id}/places`, fields, cookie), params: { personId: String(person.id) }, context }));
      expect(response.status).toBe(404);
    }
    expect((await visitsAt(slot.occurrence.id)).map((v) => v.status)).toEqual(["expected"]);
  });
});

describe("an organiser cancels a session with a 見学 booked", () => {
  test("the visit is kept as cancelled with the session's reason, its coordinators are told without personal data, the person's page says why", async () => {
    const { db, person, slot, actor, coordinator } = await setup({ capacity: 2 });
    const occurrenceId = slot.occurrence.id;
    await bookVisit(db, actor, person.id, { occurrenceId, countsAsVisitStage: false });
    // A second coordinator assigned to the person is told too; a stranger is not.
    const colleague = await createUser(db, { roles: ["coordinator"] });
    await db.insert(supportAssignments).values({ personId: person.id, coordinatorId: colleague.id });
    const stranger = await createUser(db, { roles: ["coordinator"] });
    const cookie = await sessionCookie(coordinator.id);
    const personPage = async (as: string) =>
      run(() => personLoader({ request: get(`/support/${person.id}`, as), params: { personId: String(person.id) }, context }));

    // Before: the person's page lists the 見学 to come.
    const before = await (await personPage(cookie)).json();
    expect(before.visits.upcoming.map((v: { activityTitle: string; status: string }) => [v.activityTitle, v.status])).toEqual([[slot.activity.title, "expected"]]);
    expect(before.visits.cancelled).toEqual([]);

    // The organiser cancels the session through their page.
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
    const response = await run(async () =>
      activityAction({
        request: post(`/organise/activities/${slot.activity.id}`, { intent: "cancel", targetId: String(occurrenceId), reason: "講師の都合" }, await sessionCookie(organiser.id)),
        params: { activityId: String(slot.activity.id) },
        context,
      }),
    );
    expect(response.status).toBe(302);

    // Kept, marked cancelled with the reason; the place is given back.
    expect((await visitsAt(occurrenceId)).map((v) => [v.personId, v.status, v.cancelReason, v.cancelledWithSession, v.cancelledAt !== null])).toEqual([
      [person.id, "cancelled", "講師の都合", true, true],
    ]);
    expect((await db.select().from(supportVisitFills).where(eq(supportVisitFills.occurrenceId, occurrenceId)))[0]?.expected).toBe(0);

    // Audited as a 参加支援 write by the organiser, with no names or free text.
    const audits = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "support.visit.cancelled"), eq(auditEvents.targetId, String(person.id))));
    expect(audits.map((a) => [a.actorUserId, a.targetType])).toEqual([[organiser.id, "supported_person"]]);
    expect(JSON.stringify(audits[0]?.details)).not.toContain("講師の都合");

    // Both assigned coordinators are told, in the app and by mail; nobody else.
    const told = await db.select().from(notifications).where(eq(notifications.kind, "support_visit_cancelled"));
    expect(told.map((n) => n.userId).sort()).toEqual([coordinator.id, colleague.id].sort());
    expect(told.every((n) => n.payload.path === `/support/${person.id}`)).toBe(true);
    const mails = await db.select().from(outboxMessages).where(and(eq(outboxMessages.kind, "support_visit_cancelled"), inArray(outboxMessages.recipientUserId, [coordinator.id, colleague.id, stranger.id])));
    expect(mails.map((m) => m.recipientUserId).sort()).toEqual([coordinator.id, colleague.id].sort());
    const [hub] = await db.select({ name: hubs.name }).from(hubs).where(eq(hubs.id, slot.hubId));
    for (const mail of mails) {
      const { subject, text } = mailText(getServerTranslate("ja"), "ja", mail.kind, mail.payload, { displayName: "担当者" }, "https://machinaeki.example");
      expect(text).toContain(`https://machinaeki.example/support/${person.id}`);
      expect(subject).toBe("【まちなえき】参加支援：見学の予約が変わりました");
      // 要配慮個人情報 never goes into mail: no person, activity, place, time or reason.
      for (const secret of [person.pseudonym, person.caseCode, "見学テストの秘密メモ", slot.activity.title, hub?.name ?? "?", "講師の都合", "日時"]) {
        expect(`${subject}\n${text}`).not.toContain(secret);
      }
    }

    // The person's page lists the cancelled 見学 with the session's reason.
    const after = await (await personPage(cookie)).json();
    expect(after.visits.upcoming).toEqual([]);
    expect(after.visits.cancelled.map((v: { activityTitle: string; cancelReason: string; cancelledWithSession: boolean }) => [v.activityTitle, v.cancelReason, v.cancelledWithSession])).toEqual([
      [slot.activity.title, "講師の都合", true],
    ]);

    // The coordinator's home links to the notices and counts the unread one; the list is audited.
    const home = await (await run(() => supportHomeLoader({ request: get("/support", cookie), params: {}, context }))).json();
    expect(home.unread).toBe(1);
    const list = await (await run(() => notificationsLoader({ request: get("/support/notifications", cookie), params: {}, context }))).json();
    expect(list.notifications.map((n: { kind: string; payload: { path: string }; read: boolean }) => [n.kind, n.payload.path, n.read])).toEqual([
      ["support_visit_cancelled", `/support/${person.id}`, false],
    ]);
    const reads = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "support.notifications.read"), eq(auditEvents.actorUserId, coordinator.id)));
    expect(reads).toHaveLength(1);
    const marked = await run(() => notificationsAction({ request: post("/support/notifications", { intent: "markRead" }, cookie), params: {}, context }));
    expect(marked.status).toBe(302);
    expect((await (await run(() => supportHomeLoader({ request: get("/support", cookie), params: {}, context }))).json()).unread).toBe(0);

    // The wrong coordinator: no notice, and the person's page is a 404 (audited as denied).
    const strangerCookie = await sessionCookie(stranger.id);
    const strangerList = await (await run(() => notificationsLoader({ request: get("/support/notifications", strangerCookie), params: {}, context }))).json();
    expect(strangerList.notifications).toEqual([]);
    expect((await personPage(strangerCookie)).status).toBe(404);
    const denied = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "support.access.denied"), eq(auditEvents.actorUserId, stranger.id)));
    expect(denied.map((d) => d.targetId)).toEqual([String(person.id)]);
    // Organisers and volunteers cannot open the coordinators' notices at all.
    expect((await run(async () => notificationsLoader({ request: get("/support/notifications", await sessionCookie(organiser.id)), params: {}, context }))).status).toBe(403);
  });

  test("a session cancelled without 見学 notifies no coordinator; a restored session leaves the cancelled visit as it was", async () => {
    const { db, person, slot, actor, coordinator } = await setup({ capacity: 2, occurrenceCount: 2 });
    const [first, second] = slot.occurrences;
    if (!first || !second) throw new Error("occurrences");
    await bookVisit(db, actor, person.id, { occurrenceId: first.id, countsAsVisitStage: false });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
    const organiserCookie = await sessionCookie(organiser.id);
    const act = (fields: Record<string, string>) =>
      run(() => activityAction({ request: post(`/organise/activities/${slot.activity.id}`, fields, organiserCookie), params: { activityId: String(slot.activity.id) }, context }));
    expect((await act({ intent: "cancel", targetId: String(second.id), reason: "雨天中止" })).status).toBe(302);
    expect(await db.select().from(notifications).where(eq(notifications.userId, coordinator.id))).toEqual([]);
    expect((await act({ intent: "cancel", targetId: String(first.id), reason: "雨天中止" })).status).toBe(302);
    expect((await act({ intent: "restore", targetId: String(first.id) })).status).toBe(302);
    // The coordinator rebooks if the person still wants to go; nothing is booked behind their back.
    expect((await visitsAt(first.id)).map((v) => [v.status, v.cancelReason])).toEqual([["cancelled", "雨天中止"]]);
  });
});
