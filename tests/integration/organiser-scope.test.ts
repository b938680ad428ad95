// Every service an organiser calls puts the scope in its own query (issue 13, part 2): called
// as an organiser of another hub, each answers "not found" (or nothing) and changes nothing.
// The list below must name every export of the organiser's service modules: a new export
// without a scope check here fails the last test. (The coordinator's side: actor-scope.test.ts.)
import { asc, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { activities, activityRoles, attendanceRecords, hubs, invitations, occurrences, signups } from "#db/schema";
import { emptyActivityForm } from "~/components/activity-form";
import { DomainError, type DomainErrorCode } from "~/lib/domain-errors";
import { activitySchema, roleSchema } from "~/lib/forms/activity";
import { statusOf } from "~/lib/http.server";
import { isAccessibilityFeature } from "~/lib/accessibility";
import { fiscalYearOf } from "~/lib/metrics/periods";
import * as attendance from "~/services/attendance.server";
import * as hubEditing from "~/services/hub-editing.server";
import * as invites from "~/services/invitations.server";
import * as organise from "~/services/organise.server";
import * as organiserHome from "~/services/organiser-home.server";
import * as participants from "~/services/participants.server";
import * as permissions from "~/services/permissions.server";
import * as roster from "~/services/roster-intents.server";
import { getRoster, listRoleFill, listUpcomingRoleFill, signUpForRole } from "~/services/signups.server";
import { listVisitorsForRoster } from "~/services/support-visits.server";
import { createSession } from "../factories/metrics";
import { createHub } from "../factories/places";
import { createUser } from "../factories/users";
import { createRoleSlot, createVolunteerProfile, nextTokyoTen } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";

const database = useTestDatabase();
const HUB = { lat: 34.7215, lng: 135.7165 };
const modules = {
  "organise.server": organise,
  "organiser-home.server": organiserHome,
  "attendance.server": attendance,
  "roster-intents.server": roster,
  "hub-editing.server": hubEditing,
  "invitations.server": invites,
  "permissions.server": permissions,
  "participants.server": participants,
};

/** Exports that take no organiser's scope, and why. */
const notActorScoped: Record<string, string> = {
  "attendance.server.attendanceWindow": "a pure rule on a session already loaded in scope",
  "attendance.server.rollupMatchesAttendance": "tests and repairs (operators), no route",
  "hub-editing.server.listHubFormOptions": "reference data (種別, 地区, 自治会), no hub",
  "hub-editing.server.createHub": "admin only (requireRole admin on /admin/hubs/new)",
  "hub-editing.server.createAssociation": "admin only (requireRole admin on /admin/associations)",
  "hub-editing.server.listAllHubNames": "admin only (the scope picker on /admin/users/:userId)",
  "hub-editing.server.listAssociations": "admin only (/admin/associations)",
  "invitations.server.listPendingInvitations": "the volunteer's own invitations (user_id = the person)",
  "invitations.server.respondToInvitation": "the volunteer's own invitation (refused for anyone else)",
  "permissions.server.listRoles": "the person's own roles",
  "permissions.server.editableBy": "the scope itself, used inside the queries below",
};

function weekdayOf(instant: Date) {
  return ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][new Date(instant.getTime() + 9 * 3_600_000).getUTCDay()];
}

async function setup() {
  const db = database.db;
  const startsAt = nextTokyoTen(4);
  const slot = await createRoleSlot(db, { hub: HUB, startsAt, slots: 3 });
  const owner = await createUser(db, { roles: ["organiser"], hubIds: [slot.hubId] });
  const stranger = await createUser(db, { roles: ["organiser"], hubIds: [(await createHub(db)).id] });
  const volunteer = await createUser(db);
  await signUpForRole(db, { userId: volunteer.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id });
  // Someone the suggestions would offer for the hub's free places.
  const fits = await createUser(db);
  await createVolunteerProfile(db, fits.id, { homeLat: HUB.lat, homeLng: HUB.lng, availability: [`${weekdayOf(startsAt)}.morning`], contactOk: true });
  // A session held an hour ago: its attendance can be entered.
  const held = await createSession(db, { hubId: slot.hubId, categoryId: slot.category.id, startsAt: new Date(Date.now() - 2 * 3_600_000) });
  // A session a month ago with its attendance recorded (outside every "to record" list): a record of the 年度.
  const recorded = await createSession(db, { hubId: slot.hubId, categoryId: slot.category.id, startsAt: new Date(Date.now() - 30 * 86_400_000) });
  await attendance.recordAttendance(db, { userId: owner.id }, { occurrenceId: recorded.occurrence.id, participants: 2, firstTimers: 0, supportedParticipants: 0, ignoreWindow: true });
  const recordYear = fiscalYearOf(recorded.occurrence.startsAt);
  const [hub] = await db.select().from(hubs).where(eq(hubs.id, slot.hubId));
  if (!hub) throw new Error("hub");
  const signupId = (await db.select({ id: signups.id }).from(signups).where(eq(signups.occurrenceId, slot.occurrence.id)))[0]?.id ?? 0;
  return { db, slot, held: held.occurrence, recordYear, hub, owner, stranger, fits, signupId, actor: { userId: stranger.id } };
}

type Setup = Awaited<ReturnType<typeof setup>>;

const activityInput = () =>
  activitySchema.parse({ ...emptyActivityForm, title: "のっとり", category: "exercise", audience: "everyone", feeYen: "0", scheduleKind: "once", interval: "1", startDate: "2036-01-01", startTime: "10:00", endTime: "11:00" });
const roleInput = () => roleSchema.parse({ name: "のっとり", description: "", slots: "9", skills: "", loadTags: [] });
const session = (s: Setup) => ({ activityId: s.slot.activity.id, occurrenceId: s.slot.occurrence.id });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const flat = async (map: Promise<Map<unknown, unknown[]>>) => [...(await map).values()].flat();

/** Each scoped export, called as the stranger: "refused" (404, thrown or answered) or "empty" (nothing of the hub). */
const calls: Record<string, { expect: "refused" | "empty"; call: (s: Setup) => Promise<unknown> }> = {
  "organise.server.listActivitiesByHub": { expect: "empty", call: (s) => flat(organise.listActivitiesByHub(s.db, s.actor)) },
  "organise.server.createActivity": { expect: "refused", call: (s) => organise.createActivity(s.db, s.actor, { hubId: s.hub.id, input: activityInput() }) },
  "organise.server.getActivityForOrganiser": { expect: "refused", call: (s) => organise.getActivityForOrganiser(s.db, s.actor, s.slot.activity.id) },
  "organise.server.updateActivity": { expect: "refused", call: (s) => organise.updateActivity(s.db, s.actor, { activityId: s.slot.activity.id, input: activityInput() }) },
  "organise.server.endActivity": { expect: "refused", call: (s) => organise.endActivity(s.db, s.actor, { activityId: s.slot.activity.id }) },
  "organise.server.cancelOccurrence": { expect: "refused", call: (s) => organise.cancelOccurrence(s.db, s.actor, { ...session(s), reason: "のっとり" }) },
  "organise.server.restoreOccurrence": { expect: "refused", call: (s) => organise.restoreOccurrence(s.db, s.actor, session(s)) },
  "organise.server.moveOccurrence": { expect: "refused", call: (s) => organise.moveOccurrence(s.db, s.actor, { ...session(s), date: "2036-01-01", startTime: "13:00", endTime: "14:00" }) },
  "organise.server.annotateOccurrence": { expect: "refused", call: (s) => organise.annotateOccurrence(s.db, s.actor, { ...session(s), note: "のっとり" }) },
  "organise.server.addRole": { expect: "refused", call: (s) => organise.addRole(s.db, s.actor, { activityId: s.slot.activity.id, input: roleInput() }) },
  "organise.server.updateRole": { expect: "refused", call: (s) => organise.updateRole(s.db, s.actor, { activityId: s.slot.activity.id, roleId: s.slot.role.id, input: roleInput() }) },
  "organise.server.archiveRole": { expect: "refused", call: (s) => organise.archiveRole(s.db, s.actor, { activityId: s.slot.activity.id, roleId: s.slot.role.id }) },
  "organise.server.getHubName": { expect: "refused", call: (s) => organise.getHubName(s.db, s.actor, s.hub.id) },
  "organiser-home.server.getOrganiserHome": {
    expect: "empty",
    call: async (s) => {
      const home = await organiserHome.getOrganiserHome(s.db, s.actor);
      return [...home.todaySessions, ...home.toRecord, ...home.comingSessions];
    },
  },
  "attendance.server.getOccurrenceForAttendance": { expect: "refused", call: (s) => attendance.getOccurrenceForAttendance(s.db, s.actor, s.held.id) },
  "attendance.server.listRosterForAttendance": { expect: "refused", call: (s) => attendance.listRosterForAttendance(s.db, s.actor, s.slot.occurrence.id) },
  "attendance.server.recordAttendance": {
    expect: "refused",
    call: (s) => attendance.recordAttendance(s.db, s.actor, { occurrenceId: s.held.id, participants: 99, firstTimers: 0, supportedParticipants: 0 }),
  },
  "attendance.server.listRecordableSessions": { expect: "empty", call: (s) => attendance.listRecordableSessions(s.db, s.actor) },
  "attendance.server.listAttendanceRecords": { expect: "empty", call: (s) => attendance.listAttendanceRecords(s.db, s.actor, s.recordYear) },
  "attendance.server.listApplicantsForAttendance": { expect: "refused", call: (s) => attendance.listApplicantsForAttendance(s.db, s.actor, s.held.id) },
  "participants.server.getSessionParticipants": { expect: "refused", call: (s) => participants.getSessionParticipants(s.db, s.actor, s.slot.occurrence.id, { withContact: true }) },
  "roster-intents.server.runRosterIntent": {
    expect: "refused",
    call: (s) => roster.runRosterIntent(s.db, s.actor, { occurrenceId: s.slot.occurrence.id, form: form({ intent: "remove", signupId: String(s.signupId) }) }),
  },
  "hub-editing.server.getHubForEditing": { expect: "refused", call: (s) => hubEditing.getHubForEditing(s.db, s.actor, s.hub.id) },
  "hub-editing.server.updateHub": {
    expect: "refused",
    call: async (s) => {
      const { id: _id, updatedAt: _updatedAt, accessibility, ...fields } = await hubEditing.getHubForEditing(s.db, { userId: s.owner.id }, s.hub.id);
      return hubEditing.updateHub(s.db, s.actor, { hubId: s.hub.id, values: { ...fields, name: "のっとり", accessibility: accessibility.filter(isAccessibilityFeature) } });
    },
  },
  "hub-editing.server.listEditableHubs": {
    expect: "empty",
    call: async (s) => (await hubEditing.listEditableHubs(s.db, s.actor)).filter((hub) => hub.id === s.hub.id),
  },
  "invitations.server.suggestVolunteersForSlots": { expect: "empty", call: (s) => flat(invites.suggestVolunteersForSlots(s.db, s.actor)) },
  "invitations.server.inviteVolunteer": {
    expect: "refused",
    call: (s) => invites.inviteVolunteer(s.db, s.actor, { occurrenceId: s.slot.occurrence.id, roleId: s.slot.role.id, userId: s.fits.id }),
  },
  "invitations.server.runInviteIntent": {
    expect: "refused",
    call: (s) => invites.runInviteIntent(s.db, s.actor, form({ intent: "invite", occurrenceId: String(s.slot.occurrence.id), roleId: String(s.slot.role.id), userId: s.fits.id })),
  },
  "permissions.server.requireEditableHub": { expect: "refused", call: (s) => permissions.requireEditableHub(s.db, s.actor, s.hub.id) },
  "permissions.server.requireEditableActivity": { expect: "refused", call: (s) => permissions.requireEditableActivity(s.db, s.actor, s.slot.activity.id) },
  "permissions.server.requireEditableOccurrence": { expect: "refused", call: (s) => permissions.requireEditableOccurrence(s.db, s.actor, s.slot.occurrence.id) },
  "permissions.server.canEditHub": { expect: "empty", call: async (s) => ((await permissions.canEditHub(s.db, s.actor, s.hub.id)) ? [s.hub.id] : []) },
  "permissions.server.listEditableHubIds": { expect: "empty", call: async (s) => (await permissions.listEditableHubIds(s.db, s.actor)).filter((id) => id === s.hub.id) },
  // The organiser's exports of modules that otherwise serve volunteers and coordinators.
  "signups.server.getRoster": { expect: "refused", call: (s) => getRoster(s.db, s.actor, s.slot.occurrence.id) },
  "signups.server.listUpcomingRoleFill": { expect: "empty", call: (s) => listUpcomingRoleFill(s.db, s.actor) },
  "signups.server.listRoleFill": { expect: "empty", call: (s) => flat(listRoleFill(s.db, s.actor, [s.slot.occurrence.id, s.held.id])) },
  "support-visits.server.listVisitorsForRoster": { expect: "refused", call: (s) => listVisitorsForRoster(s.db, s.actor, s.slot.occurrence.id) },
};

/** The refusal's code, whether thrown (a DomainError) or answered (an intent's `{ ok: false, code }`). */
function refusalCode(outcome: unknown): DomainErrorCode | undefined {
  if (outcome instanceof DomainError) return outcome.code;
  if (typeof outcome === "object" && outcome !== null && "ok" in outcome && outcome.ok === false && "code" in outcome) return outcome.code as DomainErrorCode;
  return undefined;
}

async function snapshot(s: Setup) {
  const db = s.db;
  const activityId = s.slot.activity.id;
  return {
    hub: await db.select().from(hubs).where(eq(hubs.id, s.hub.id)),
    activities: await db.select().from(activities).where(eq(activities.hubId, s.hub.id)).orderBy(asc(activities.id)),
    roles: await db.select().from(activityRoles).where(eq(activityRoles.activityId, activityId)).orderBy(asc(activityRoles.id)),
    sessions: await db.select().from(occurrences).where(eq(occurrences.activityId, activityId)).orderBy(asc(occurrences.id)),
    signups: await db.select().from(signups).where(eq(signups.occurrenceId, s.slot.occurrence.id)).orderBy(asc(signups.id)),
    attendance: await db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, s.held.id)),
    invitations: await db.select().from(invitations).where(eq(invitations.occurrenceId, s.slot.occurrence.id)),
  };
}

describe("every organiser service, called by an organiser of another hub", () => {
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
      const code = refusalCode(outcome);
      expect(code, String(outcome)).toBeDefined();
      expect(statusOf(code ?? "invalid")).toBe(404);
    } else {
      expect(outcome).toEqual([]);
    }
    expect(await snapshot(s)).toEqual(before);
    // The hub's own organiser reaches it all: the refusal is the scope, not a broken setup.
    const owner = { userId: s.owner.id };
    expect((await getRoster(s.db, owner, s.slot.occurrence.id)).roles[0]?.confirmed).toHaveLength(1);
    expect(await attendance.listRecordableSessions(s.db, owner)).toHaveLength(1);
    expect(await attendance.listAttendanceRecords(s.db, owner, s.recordYear)).toHaveLength(1);
    expect(await flat(invites.suggestVolunteersForSlots(s.db, owner))).not.toEqual([]);
    const home = await organiserHome.getOrganiserHome(s.db, owner);
    expect([...home.todaySessions, ...home.toRecord, ...home.comingSessions].map((session) => session.occurrenceId)).toEqual(expect.arrayContaining([s.slot.occurrence.id, s.held.id]));
    expect(await flat(listRoleFill(s.db, owner, [s.slot.occurrence.id]))).toHaveLength(1);
  });

  test("the list names every export of the organiser's service modules", () => {
    const exported = Object.entries(modules).flatMap(([file, module]) =>
      Object.entries(module)
        .filter(([, value]) => typeof value === "function" && !/^[A-Z]/.test(value.name))
        .map(([name]) => `${file}.${name}`),
    );
    const covered = new Set([...Object.keys(calls), ...Object.keys(notActorScoped)]);
    expect(exported.filter((name) => !covered.has(name))).toEqual([]);
    const ownModules = [...covered].filter((name) => Object.keys(modules).some((file) => name.startsWith(`${file}.`)));
    expect(ownModules.filter((name) => !exported.includes(name))).toEqual([]);
  });
});
