// Every 参加支援 service a coordinator calls puts the scope in its own query (issue 13, part 2):
// called as a coordinator the person is not assigned to, each answers "not found" (or nothing),
// changes nothing, and the refusal is audited. The list below must name every export of the
// coordinator's service modules: a new export without a scope check here fails the last test.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, auditEvents, supportBookings, supportedPersons, supportVisits } from "#db/schema";
import { DomainError } from "~/lib/domain-errors";
import { statusOf } from "~/lib/http.server";
import * as places from "~/services/support-places.server";
import * as privacy from "~/services/support-privacy.server";
import * as support from "~/services/support.server";
import * as visits from "~/services/support-visits.server";
import { createDistrict } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();
const HOME = { lat: 34.69, lng: 135.7 };
const modules = { "support.server": support, "support-places.server": places, "support-visits.server": visits, "support-privacy.server": privacy };

/** Exports that take no coordinator's scope, and why (each is reached only through something that does, or is not 参加支援 data). */
const notActorScoped: Record<string, string> = {
  "support.server.assignedTo": "the scope itself, used inside the queries below",
  "support.server.listDistricts": "reference data (地区), no person",
  "support.server.createPerson": "creates a person assigned to the actor",
  "support.server.listAssignmentsForAdmin": "admin only (requireRole admin on /admin/support)",
  "support.server.reassignCoordinators": "admin only (requireRole admin on /admin/support)",
  "support.server.listMySupportNotifications": "the actor's own notices (user_id = actor)",
  "support.server.countMyUnreadSupportNotifications": "the actor's own notices (user_id = actor)",
  "support.server.markMySupportNotificationsRead": "the actor's own notices (user_id = actor)",
  "support-visits.server.cancelVisitIn": "takes the transaction of a scoped service (cancelVisit, withdrawConsent)",
  "support-visits.server.liveFutureVisitIds": "takes the transaction of a scoped service (withdrawConsent)",
  "support-visits.server.listVisitorsForRoster": "the organiser's roster, scoped by the organiser's hubs (organiser-scope.test.ts)",
  "support-privacy.server.anonymisePerson": "called by withdrawConsent (scoped) and by the retention command",
  "support-privacy.server.applyRetention": "the operator's retention command",
};

async function setup() {
  const db = database.db;
  const owner = await createUser(db, { roles: ["coordinator"] });
  const stranger = await createUser(db, { roles: ["coordinator"] });
  const district = await createDistrict(db, HOME);
  const person = await createSupportedPerson(db, owner.id, { districtId: district.id, walkingMetres: 1500 });
  const slot = await createRoleSlot(db, { loadTags: ["supported_ok"], hub: { ...HOME }, slots: 3 });
  await db.update(activities).set({ capacity: 5, welcomesSupported: true }).where(eq(activities.id, slot.activity.id));
  await visits.bookVisit(db, { userId: owner.id }, person.id, { occurrenceId: slot.occurrence.id, countsAsVisitStage: false });
  await places.bookPlace(db, { userId: owner.id }, person.id, { occurrenceId: slot.occurrence.id, roleId: slot.role.id });
  const [visit] = await db.select().from(supportVisits).where(eq(supportVisits.personId, person.id));
  if (!visit) throw new Error("visit");
  return { db, owner, stranger, person, slot, visit, actor: { userId: stranger.id } };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Each actor-scoped export, called as the stranger: "refused" (a DomainError 404) or "empty" (nothing of the person). */
const calls: Record<string, { expect: "refused" | "empty"; call: (s: Setup) => Promise<unknown> }> = {
  "support.server.requireAssigned": { expect: "refused", call: (s) => support.requireAssigned(s.db, s.actor, s.person.id) },
  "support.server.getPersonRecord": { expect: "refused", call: (s) => support.getPersonRecord(s.db, s.actor, s.person.id) },
  "support.server.updatePerson": { expect: "refused", call: (s) => support.updatePerson(s.db, s.actor, s.person.id, { ...s.person, pseudonym: "のっとり" }) },
  "support.server.changeStage": { expect: "refused", call: (s) => support.changeStage(s.db, s.actor, s.person.id, "trial", "2026-11-01") },
  "support.server.addEntry": {
    expect: "refused",
    call: (s) => support.addEntry(s.db, s.actor, s.person.id, { kind: "phone", occurredOn: "2026-11-01", notes: "のっとり", meetingId: null }),
  },
  "support.server.linkPartner": { expect: "refused", call: (s) => support.linkPartner(s.db, s.actor, s.person.id, { kind: "department", name: "のっとり課", linkedOn: "2026-11-01" }) },
  "support.server.listMyPersons": { expect: "empty", call: (s) => support.listMyPersons(s.db, s.actor) },
  "support.server.listMyMeetings": { expect: "empty", call: (s) => support.listMyMeetings(s.db, s.actor) },
  "support-places.server.matchPersonFor": { expect: "empty", call: async (s) => (await places.matchPersonFor(s.db, s.actor, s.person.id)) ?? [] },
  "support-places.server.findPlacesFor": { expect: "refused", call: (s) => places.findPlacesFor(s.db, s.actor, s.person.id) },
  "support-places.server.bookPlace": { expect: "refused", call: (s) => places.bookPlace(s.db, s.actor, s.person.id, { occurrenceId: s.slot.occurrence.id, roleId: s.slot.role.id }) },
  "support-places.server.listBookings": { expect: "empty", call: (s) => places.listBookings(s.db, s.actor, s.person.id) },
  "support-visits.server.listVisitOptions": { expect: "refused", call: (s) => visits.listVisitOptions(s.db, s.actor, s.person.id) },
  "support-visits.server.bookVisit": { expect: "refused", call: (s) => visits.bookVisit(s.db, s.actor, s.person.id, { occurrenceId: s.slot.occurrence.id, countsAsVisitStage: true }) },
  "support-visits.server.cancelVisit": { expect: "refused", call: (s) => visits.cancelVisit(s.db, s.actor, s.person.id, s.visit.id) },
  "support-visits.server.listVisitsForPersonPage": { expect: "empty", call: async (s) => Object.values(await visits.listVisitsForPersonPage(s.db, s.actor, s.person.id)).flat() },
  "support-visits.server.listVisitsOfPerson": { expect: "empty", call: (s) => visits.listVisitsOfPerson(s.db, s.actor, s.person.id) },
  "support-privacy.server.withdrawConsent": {
    expect: "refused",
    call: (s) => privacy.withdrawConsent(s.db, s.actor, s.person.id, { withdrawnOn: "2026-11-01", confirmCaseCode: s.person.caseCode }),
  },
};

async function snapshot(s: Setup) {
  const [person] = await s.db.select().from(supportedPersons).where(eq(supportedPersons.id, s.person.id));
  const visitRows = await s.db.select({ id: supportVisits.id, status: supportVisits.status }).from(supportVisits).where(eq(supportVisits.personId, s.person.id));
  const bookings = await s.db.select({ id: supportBookings.id }).from(supportBookings).where(eq(supportBookings.personId, s.person.id));
  return { person, visitRows, bookings };
}

describe("every coordinator service, called by a coordinator the person is not assigned to", () => {
  test.each(Object.keys(calls))("%s finds nothing and changes nothing", async (name) => {
    const s = await setup();
    const before = await snapshot(s);
    const entry = calls[name];
    if (!entry) throw new Error(name);
    let outcome: unknown;
    try {
      outcome = await entry.call(s);
    } catch (error) {
      outcome = error;
    }
    if (entry.expect === "refused") {
      expect(outcome).toBeInstanceOf(DomainError);
      expect(statusOf((outcome as DomainError).code)).toBe(404);
      const denied = await s.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorUserId, s.stranger.id), eq(auditEvents.action, "support.access.denied"), eq(auditEvents.targetId, String(s.person.id))));
      expect(denied.length).toBeGreaterThan(0);
    } else {
      expect(outcome).toEqual([]);
    }
    expect(await snapshot(s)).toEqual(before);
    // The owner still reads it all: the refusal is the scope, not a broken setup.
    expect(await places.listBookings(s.db, { userId: s.owner.id }, s.person.id)).toHaveLength(1);
    expect(await visits.listVisitsOfPerson(s.db, { userId: s.owner.id }, s.person.id)).toHaveLength(1);
  });

  test("the list names every export of the coordinator's service modules", () => {
    const exported = Object.entries(modules).flatMap(([file, module]) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === "function" && !/^[A-Z]/.test(value.name))
        .map(([name]) => `${file}.${name}`),
    );
    const covered = new Set([...Object.keys(calls), ...Object.keys(notActorScoped)]);
    expect(exported.filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !exported.includes(name))).toEqual([]);
  });
});
