import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, roleSlotFills, signups, supportBookings, supportedPersons } from "#db/schema";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import { meetsNeed } from "~/lib/matching";
import { isSupportConstraint, supportConstraints, type SupportConstraint } from "~/lib/support";
import { loader as rosterLoader } from "~/routes/organise_.occurrences.$occurrenceId";
import { action as placesAction, loader as placesLoader } from "~/routes/support.$personId.places";
import { addGuestSignup, cancelSignup, getRoster } from "~/services/signups.server";
import { bookPlace, findPlacesFor, needOfConstraint } from "~/services/support-places.server";
import { applyRetention, withdrawConsent } from "~/services/support-privacy.server";
import { createDistrict } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot, nextTokyoTen } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, get, post, redirectOf, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const HOME = { lat: 34.69, lng: 135.7 };
const HOUR = 3_600_000;

async function setup(constraints: SupportConstraint[], extra: { constraintNote?: string } = {}) {
  const db = database.db;
  const coordinator = await createUser(db, { roles: ["coordinator"], displayName: "相談支援員テスト" });
  const district = await createDistrict(db, HOME);
  const person = await createSupportedPerson(db, coordinator.id, {
    pseudonym: `予約テストKさん${Math.random().toString(36).slice(2, 6)}`,
    constraints,
    constraintNote: extra.constraintNote ?? "大きな音が苦手（予約テスト）",
    interests: ["予約テストの趣味"],
    districtId: district.id,
    walkingMetres: 1500,
  });
  return { coordinator, person, actor: { userId: coordinator.id } };
}

describe("finding a place", () => {
  test("proposes only roles that welcome 参加支援 and meet every hard constraint, nearby", async () => {
    const db = database.db;
    const { person, actor } = await setup(["quiet", "morning_only", "needs_companion"]);
    const good = await createRoleSlot(db, { loadTags: ["quiet", "supported_ok"], hub: { ...HOME } });
    await createRoleSlot(db, { loadTags: ["supported_ok"], hub: { ...HOME } }); // not quiet
    await createRoleSlot(db, { loadTags: ["quiet", "supported_ok"], startsAt: new Date(nextTokyoTen(4).getTime() + 4 * HOUR), hub: { ...HOME } }); // afternoon
    await createRoleSlot(db, { loadTags: ["quiet"], hub: { ...HOME } }); // does not welcome 参加支援
    await createRoleSlot(db, { loadTags: ["quiet", "supported_ok"], hub: { lat: 34.8, lng: 135.7 } }); // 12 km away
    const welcoming = await createRoleSlot(db, { loadTags: ["solo"], hub: { ...HOME } });
    await db.update(activities).set({ welcomesSupported: true }).where(eq(activities.id, welcoming.activity.id));

    const { needsArea, suggestions } = await findPlacesFor(db, actor, person.id);
    expect(needsArea).toBe(false);
    expect(suggestions.map((s) => s.candidate.key).sort()).toEqual([`${good.occurrence.id}:${good.role.id}`, `${welcoming.occurrence.id}:${welcoming.role.id}`].sort());
    // Each comes with its reasons in words.
    expect(suggestions[0]?.reasons.length).toBeGreaterThan(0);
  });

  test("never proposes a role that violates a hard constraint (random places, random people)", async () => {
    const db = database.db;
    // A fixed-seed generator keeps the run repeatable.
    let seed = 20260401;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(items: readonly T[]) => items.filter(() => random() < 0.4);
    const tags = ["short", "seated", "quiet", "solo", "first_timers", "supported_ok"] as const;
    for (let i = 0; i < 40; i++) {
      await createRoleSlot(db, {
        loadTags: [...pick(tags), "supported_ok"],
        startsAt: new Date(nextTokyoTen(1 + Math.floor(random() * 20)).getTime() + Math.floor(random() * 10) * HOUR - 3 * HOUR),
        minutes: 30 + Math.floor(random() * 8) * 30,
        hub: { lat: HOME.lat + (random() - 0.5) * 0.02, lng: HOME.lng + (random() - 0.5) * 0.02, accessibility: random() < 0.5 ? ["step_free"] : [] },
      });
    }
    let proposed = 0;
    for (let p = 0; p < 8; p++) {
      const constraints = pick(supportConstraints).filter(isSupportConstraint);
      const { person, actor } = await setup(constraints);
      const { suggestions } = await findPlacesFor(db, actor, person.id);
      proposed += suggestions.length;
      for (const s of suggestions) {
        for (const code of constraints) {
          const need = needOfConstraint[code];
          if (need) expect(meetsNeed(need, s.candidate), `${s.candidate.key} vs ${code}`).toBe(true);
        }
        expect(s.candidate.loadTags.includes("supported_ok")).toBe(true);
        expect(s.candidate.freeSlots).toBeGreaterThan(0);
      }
    }
    // The property is not vacuous: people were offered places.
    expect(proposed).toBeGreaterThan(0);
  });

  test("without a district it says so instead of guessing", async () => {
    const db = database.db;
    const coordinator = await createUser(db, { roles: ["coordinator"] });
    const person = await createSupportedPerson(db, coordinator.id);
    expect(await findPlacesFor(db, { userId: coordinator.id }, person.id)).toEqual({ needsArea: true, suggestions: [] });
  });
});

describe("booking", () => {
  test("the organiser's roster shows 参加支援のゲスト, the coordinator and 同行あり — never the pseudonym, notes or constraints", async () => {
    const db = database.db;
    const { person, actor } = await setup(["quiet", "needs_companion", "no_crowds"], { constraintNote: "秘密の配慮（名簿テスト）" });
    const slot = await createRoleSlot(db, { loadTags: ["quiet", "supported_ok"], hub: { ...HOME } });
    await db.update(activities).set({ capacity: 10 }).where(eq(activities.id, slot.activity.id));
    expect(await bookPlace(db, actor, person.id, { occurrenceId: slot.occurrence.id, roleId: slot.role.id })).toEqual({ outcome: "confirmed" });
    const editor = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
    const roster = JSON.stringify(await getRoster(db, { userId: editor.id }, slot.occurrence.id));
    expect(roster).toContain("参加支援のゲスト");
    expect(roster).toContain("相談支援員：相談支援員テスト・同行あり");
    for (const secret of [person.pseudonym, person.caseCode, "秘密の配慮（名簿テスト）", "予約テストの趣味"]) expect(roster).not.toContain(secret);
    for (const code of ["quiet", "needs_companion", "no_crowds"] as const) {
      expect(roster).not.toContain(serverTranslate("ja", `support.constraint.${code}`));
    }
    const [booking] = await db.select().from(supportBookings).where(eq(supportBookings.personId, person.id));
    expect(booking?.accompanied).toBe(true);

    // The organiser's roster page: everything its HTML is rendered from.
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
    const organiserCookie = await sessionCookie(organiser.id);
    const page = await run(() =>
      rosterLoader({ request: get(`/organise/occurrences/${slot.occurrence.id}`, organiserCookie), params: { occurrenceId: String(slot.occurrence.id) }, context }),
    );
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain("参加支援のゲスト");
    expect(body).toContain("同行あり");
    for (const secret of [person.pseudonym, person.caseCode, "秘密の配慮（名簿テスト）", "予約テストの趣味", "会話少なめ", "人混みが苦手", "同行が必要"]) {
      expect(body).not.toContain(secret);
    }
  });

  test("withdrawal of consent gives the booked places back and leaves the roster anonymous", async () => {
    const db = database.db;
    const { coordinator, person, actor } = await setup([]);
    const slot = await createRoleSlot(db, { slots: 1, loadTags: ["supported_ok"], hub: { ...HOME } });
    await bookPlace(db, actor, person.id, { occurrenceId: slot.occurrence.id, roleId: slot.role.id });
    const waiting = await addGuestSignup(db, { organiserId: coordinator.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, guestName: "電話の申込" });
    expect(waiting.outcome).toBe("waitlisted");
    await withdrawConsent(db, actor, person.id, { withdrawnOn: "2026-06-01", confirmCaseCode: person.caseCode });
    const rows = await db.select({ id: signups.id, status: signups.status, guestName: signups.guestName }).from(signups).where(eq(signups.occurrenceId, slot.occurrence.id));
    expect(rows.find((r) => r.guestName === "参加支援のゲスト")?.status).toBe("cancelled");
    expect(rows.find((r) => r.id === waiting.signupId)?.status).toBe("confirmed");
  });

  test("the retention sweep gives the booked places back too, in the same transaction as the anonymising", async () => {
    const db = database.db;
    const { coordinator, person, actor } = await setup([]);
    const slot = await createRoleSlot(db, { slots: 1, loadTags: ["supported_ok"], hub: { ...HOME } });
    await bookPlace(db, actor, person.id, { occurrenceId: slot.occurrence.id, roleId: slot.role.id });
    const waiting = await addGuestSignup(db, { organiserId: coordinator.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id, guestName: "電話の申込" });
    expect(waiting.outcome).toBe("waitlisted");
    await db.update(supportedPersons).set({ stage: "ended", endedAt: new Date(Date.now() - 400 * 86_400_000) }).where(eq(supportedPersons.id, person.id));
    expect(await applyRetention(db, { days: 365 })).toBe(1);
    const rows = await db.select({ id: signups.id, status: signups.status, guestName: signups.guestName, cancelledBy: signups.cancelledByUserId }).from(signups).where(eq(signups.occurrenceId, slot.occurrence.id));
    expect(rows.find((r) => r.guestName === "参加支援のゲスト")).toMatchObject({ status: "cancelled", cancelledBy: null });
    expect(rows.find((r) => r.id === waiting.signupId)?.status).toBe("confirmed");
    const [fill] = await db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, slot.occurrence.id));
    expect(fill?.confirmed).toBe(1);
    const [anonymised] = await db.select({ anonymisedAt: supportedPersons.anonymisedAt }).from(supportedPersons).where(eq(supportedPersons.id, person.id));
    expect(anonymised?.anonymisedAt).not.toBeNull();
  });

  test("if giving a place back fails, the retention sweep leaves the record as it was (one transaction)", async () => {
    const db = database.db;
    const { person, actor } = await setup([]);
    const slot = await createRoleSlot(db, { slots: 1, loadTags: ["supported_ok"], hub: { ...HOME } });
    await bookPlace(db, actor, person.id, { occurrenceId: slot.occurrence.id, roleId: slot.role.id });
    await db.update(supportedPersons).set({ stage: "ended", endedAt: new Date(Date.now() - 400 * 86_400_000) }).where(eq(supportedPersons.id, person.id));
    // Break the slot counter so the cancellation's decrement violates its check constraint.
    await db.update(roleSlotFills).set({ confirmed: 0 }).where(eq(roleSlotFills.occurrenceId, slot.occurrence.id));
    await expect(applyRetention(db, { days: 365 })).rejects.toThrow();
    const [unchanged] = await db.select().from(supportedPersons).where(eq(supportedPersons.id, person.id));
    expect(unchanged).toMatchObject({ pseudonym: person.pseudonym, anonymisedAt: null });
    const [live] = await db.select({ status: signups.status }).from(signups).where(eq(signups.occurrenceId, slot.occurrence.id));
    expect(live?.status).toBe("confirmed");
  });

  test("a cancellation or an absence never counts against the person: same places, same scores, same reasons, booking again allowed", async () => {
    const db = database.db;
    const { coordinator, person, actor } = await setup(["quiet"]);
    const district = (await db.select({ districtId: supportedPersons.districtId }).from(supportedPersons).where(eq(supportedPersons.id, person.id)))[0]?.districtId ?? null;
    // A twin with exactly the same needs and no history at all.
    const twin = await createSupportedPerson(db, coordinator.id, { constraints: ["quiet"], districtId: district, walkingMetres: 1500 });
    const slots = [];
    for (let i = 0; i < 3; i++) slots.push(await createRoleSlot(db, { slots: 2, loadTags: ["quiet", "supported_ok"], hub: { ...HOME } }));
    const [cancelledByCoordinator, removedByOrganiser, absent] = slots;
    if (!cancelledByCoordinator || !removedByOrganiser || !absent) throw new Error("slots");
    await bookPlace(db, actor, person.id, { occurrenceId: cancelledByCoordinator.occurrence.id, roleId: cancelledByCoordinator.role.id });
    await bookPlace(db, actor, person.id, { occurrenceId: removedByOrganiser.occurrence.id, roleId: removedByOrganiser.role.id });
    await bookPlace(db, actor, person.id, { occurrenceId: absent.occurrence.id, roleId: absent.role.id });
    const booked = await db.select({ signupId: supportBookings.signupId, occurrenceId: signups.occurrenceId }).from(supportBookings).innerJoin(signups, eq(signups.id, supportBookings.signupId)).where(eq(supportBookings.personId, person.id));
    const signupAt = (occurrenceId: number) => booked.find((b) => b.occurrenceId === occurrenceId)?.signupId ?? 0;
    await cancelSignup(db, { signupId: signupAt(cancelledByCoordinator.occurrence.id), byUserId: coordinator.id, asOrganiser: true });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [removedByOrganiser.hubId] });
    await cancelSignup(db, { signupId: signupAt(removedByOrganiser.occurrence.id), byUserId: organiser.id, asOrganiser: true });
    // 欠席: recorded as no_show on the sign-up (no other record of it exists anywhere).
    await db.update(signups).set({ status: "no_show" }).where(eq(signups.id, signupAt(absent.occurrence.id)));

    const view = async (personId: number) =>
      new Map((await findPlacesFor(db, actor, personId)).suggestions.map((s) => [s.candidate.key, { score: s.score, reasons: s.reasons }]));
    const mine = await view(person.id);
    const theirs = await view(twin.id);
    expect(mine.size).toBeGreaterThanOrEqual(3);
    expect(mine).toEqual(theirs);
    // The places cancelled or missed can be booked again, like any other.
    expect(await bookPlace(db, actor, person.id, { occurrenceId: cancelledByCoordinator.occurrence.id, roleId: cancelledByCoordinator.role.id })).toEqual({ outcome: "confirmed" });
    expect(await bookPlace(db, actor, person.id, { occurrenceId: removedByOrganiser.occurrence.id, roleId: removedByOrganiser.role.id })).toEqual({ outcome: "confirmed" });
    // The organiser's roster marks nobody as absent or cancelled: the guest simply is not listed as such.
    const roster = JSON.stringify(await getRoster(db, { userId: (await createUser(db, { roles: ["organiser"], hubIds: [absent.hubId] })).id }, absent.occurrence.id));
    expect(roster).not.toContain("no_show");
  });

  test("a role that breaks a hard constraint cannot be booked, even by a crafted request", async () => {
    const db = database.db;
    const { coordinator, person } = await setup(["quiet"]);
    const loud = await createRoleSlot(db, { loadTags: ["supported_ok"], hub: { ...HOME } });
    const cookie = await sessionCookie(coordinator.id);
    const response = await run(() =>
      placesAction({ request: post(`/support/${person.id}/places`, { occurrenceId: String(loud.occurrence.id), roleId: String(loud.role.id) }, cookie), params: { personId: String(person.id) }, context }),
    );
    expect(response.status).toBe(302);
    expect(await redirectOf(response)).toEqual({ location: `/support/${person.id}/places`, flash: "support.places.refused" });
    expect(await db.select().from(signups).where(eq(signups.occurrenceId, loud.occurrence.id))).toEqual([]);
  });

  test("a full role goes on the waitlist, and the other dates are still offered", async () => {
    const db = database.db;
    const { coordinator, person, actor } = await setup([]);
    const slot = await createRoleSlot(db, { slots: 1, loadTags: ["supported_ok"], occurrenceCount: 2, hub: { ...HOME } });
    const [first, second] = slot.occurrences;
    await addGuestSignup(db, { organiserId: coordinator.id, occurrenceId: first?.id ?? 0, roleId: slot.role.id, guestName: "電話の申込" });
    const keys = (await findPlacesFor(db, actor, person.id)).suggestions.map((s) => s.candidate.key);
    expect(keys).not.toContain(`${first?.id}:${slot.role.id}`);
    expect(keys).toContain(`${second?.id}:${slot.role.id}`);
    expect(await bookPlace(db, actor, person.id, { occurrenceId: first?.id ?? 0, roleId: slot.role.id })).toEqual({ outcome: "waitlisted" });
    const cookie = await sessionCookie(coordinator.id);
    const response = await run(() =>
      placesAction({ request: post(`/support/${person.id}/places`, { occurrenceId: String(first?.id), roleId: String(slot.role.id) }, cookie), params: { personId: String(person.id) }, context }),
    );
    expect(await redirectOf(response)).toEqual({ location: `/support/${person.id}/places`, flash: "support.places.waitlisted" });
  });

  test("another coordinator gets 404 from the places page and the booking action, and books nothing", async () => {
    const db = database.db;
    const { person } = await setup([]);
    const slot = await createRoleSlot(db, { loadTags: ["supported_ok"], hub: { ...HOME } });
    const stranger = await sessionCookie((await createUser(db, { roles: ["coordinator"] })).id);
    const params = { personId: String(person.id) };
    const page = await run(() => placesLoader({ request: get(`/support/${person.id}/places`, stranger), params, context }));
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(person.pseudonym);
    const book = await run(() => placesAction({ request: post(`/support/${person.id}/places`, { occurrenceId: String(slot.occurrence.id), roleId: String(slot.role.id) }, stranger), params, context }));
    expect(book.status).toBe(404);
    expect(await db.select().from(signups).where(eq(signups.occurrenceId, slot.occurrence.id))).toEqual([]);
    for (const who of [undefined, await sessionCookie((await createUser(db, { roles: ["organiser", "staff", "admin"] })).id)]) {
      const response = await run(() => placesLoader({ request: get(`/support/${person.id}/places`, who), params, context }));
      expect([302, 403]).toContain(response.status);
    }
  });
});
