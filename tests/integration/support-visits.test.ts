import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, signups, supportedPersons, supportStageChanges, supportVisitFills, supportVisits } from "#db/schema";
import { loader as rosterLoader } from "~/routes/organise_.occurrences.$occurrenceId";
import { action as placesAction, loader as placesLoader } from "~/routes/support.$personId.places";
import { withdrawConsent } from "~/services/support-privacy.server";
import { bookVisit, cancelVisit, listVisitOptions } from "~/services/support-visits.server";
import { createDistrict } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, get, post, run } from "../setup/requests";

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
    expect(response.headers.get("Location")).toBe(`/support/${other.id}/places?done=visitWaitlisted`);
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
