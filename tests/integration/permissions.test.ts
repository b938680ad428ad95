// The permission matrix: every protected loader and action, for every kind of person, with the
// status the server answers (docs/security.md lists who may call what). "ok" means the request
// got through the access check (200 for a page; 302/400/409 for an action given input chosen
// so that it writes nothing, or the same thing again). Wrong-scope people are personas of
// their own: an organiser of another hub, an organiser whose role was revoked but whose scope
// rows remain, a coordinator not assigned to the person. Pages that are public only while
// their hub is public are 404 for everyone once it is a draft.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { volunteerProfiles } from "#db/schema";
import * as account from "~/routes/account";
import * as activityPage from "~/routes/activities.$activityId";
import * as activityCalendar from "~/routes/activities.$activityId_.calendar[.]ics";
import * as admin from "~/routes/admin";
import * as adminIndex from "~/routes/admin._index";
import * as adminAssociations from "~/routes/admin.associations";
import * as adminAudit from "~/routes/admin.audit";
import * as adminNewHub from "~/routes/admin.hubs.new";
import * as adminSupport from "~/routes/admin.support";
import * as adminUser from "~/routes/admin.users.$userId";
import * as hubPage from "~/routes/hubs.$hubId";
import * as hubCalendar from "~/routes/hubs.$hubId_.calendar[.]ics";
import * as hubPrint from "~/routes/hubs.$hubId_.print";
import * as login from "~/routes/login";
import * as organise from "~/routes/organise._index";
import * as organiseActivity from "~/routes/organise.activities.$activityId";
import * as organiseAttendanceList from "~/routes/organise.attendance";
import * as organiseHub from "~/routes/organise.hubs.$hubId";
import * as organiseNewActivity from "~/routes/organise.hubs.$hubId_.activities.new";
import * as organiseAttendance from "~/routes/organise.occurrences.$occurrenceId.attendance";
import * as organiseRoster from "~/routes/organise_.occurrences.$occurrenceId";
import * as organiseReception from "~/routes/organise_.occurrences.$occurrenceId_.reception";
import * as organiseUpcoming from "~/routes/organise_.upcoming";
import * as signup from "~/routes/signup";
import * as staff from "~/routes/staff._index";
import * as staffHubsCsv from "~/routes/staff.hubs[.]csv";
import * as staffIndicatorsCsv from "~/routes/staff.indicators[.]csv";
import * as staffSupporters from "~/routes/staff.supporters";
import * as staffSurveys from "~/routes/staff.surveys";
import * as staffTargets from "~/routes/staff.targets";
import * as supportPerson from "~/routes/support.$personId._index";
import * as supportEdit from "~/routes/support.$personId.edit";
import * as supportPlaces from "~/routes/support.$personId.places";
import * as supportIndex from "~/routes/support._index";
import * as supportNotifications from "~/routes/support.notifications";
import * as supportNew from "~/routes/support.new";
import * as volunteer from "~/routes/volunteer";
import * as volunteerCalendar from "~/routes/volunteer_.calendar.$token";
import * as volunteerProfile from "~/routes/volunteer_.profile";
import * as volunteerSession from "~/routes/volunteer_.sessions.$occurrenceId";
import { createActivity } from "../factories/activities";
import { createAssociation, createHub } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

const personas = [
  "anonymous",
  "volunteer",
  "organiserOwnHub",
  "organiserByAssociation",
  "organiserOtherHub",
  "scopeWithoutRole",
  "coordinator",
  "coordinatorOther",
  "staff",
  "admin",
] as const;
type Persona = (typeof personas)[number];
type Expected = "ok" | 302 | 403 | 404;

const cookies = new Map<Persona, string | undefined>();
const ids = {
  ownHub: 0,
  ownActivity: 0,
  ownOccurrence: 0,
  ownRole: 0,
  draftHub: 0,
  draftActivity: 0,
  draftOccurrence: 0,
  draftRole: 0,
  person: 0,
  targetUser: "",
  invitee: "",
};

beforeAll(async () => {
  const db = database.db;
  const association = await createAssociation(db);
  const own = await createHub(db, { associationIds: [association.id] });
  const other = await createHub(db);
  const draft = await createHub(db, { status: "draft" });
  const slot = await createRoleSlot(db, { hubId: own.id, slots: 5 });
  const draftSlot = await createRoleSlot(db, { hubId: draft.id });
  const make = async (roles: Parameters<typeof createUser>[1]) => {
    const user = await createUser(db, roles);
    return { id: user.id, cookie: await sessionCookie(user.id) };
  };
  const coordinator = await make({ roles: ["coordinator"] });
  cookies.set("anonymous", undefined);
  cookies.set("volunteer", (await make({})).cookie);
  cookies.set("organiserOwnHub", (await make({ roles: ["organiser"], hubIds: [own.id] })).cookie);
  cookies.set("organiserByAssociation", (await make({ roles: ["organiser"], associationIds: [association.id] })).cookie);
  cookies.set("organiserOtherHub", (await make({ roles: ["organiser"], hubIds: [other.id] })).cookie);
  cookies.set("scopeWithoutRole", (await make({ hubIds: [own.id], associationIds: [association.id] })).cookie);
  cookies.set("coordinator", coordinator.cookie);
  cookies.set("coordinatorOther", (await make({ roles: ["coordinator"] })).cookie);
  cookies.set("staff", (await make({ roles: ["staff"] })).cookie);
  cookies.set("admin", (await make({ roles: ["admin"] })).cookie);
  const invitee = await createUser(db);
  await db.insert(volunteerProfiles).values({ userId: invitee.id, homeLat: 34.6917, homeLng: 135.7006, maxWalkingMinutes: 30, availability: [], contactOk: true });
  Object.assign(ids, {
    ownHub: own.id,
    ownActivity: (await createActivity(db, { hubId: own.id })).id,
    ownOccurrence: slot.occurrence.id,
    ownRole: slot.role.id,
    draftHub: draft.id,
    draftActivity: draftSlot.activity.id,
    draftOccurrence: draftSlot.occurrence.id,
    draftRole: draftSlot.role.id,
    person: (await createSupportedPerson(db, coordinator.id)).id,
    targetUser: (await createUser(db)).id,
    invitee: invitee.id,
  });
});

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

interface Case {
  name: string;
  call: (cookie: string | undefined) => Promise<Response>;
  expected: Record<Persona, Expected>;
}

type Params = () => Record<string, string>;
const page = (fn: Loader, path: () => string, params: Params = () => ({})) => (cookie: string | undefined) =>
  run(() => fn({ request: get(path(), cookie), context, params: params() }));
const submit = (fn: Action, path: () => string, fields: () => Record<string, string>, params: Params = () => ({})) => (cookie: string | undefined) =>
  run(() => fn({ request: post(path(), fields(), cookie), context, params: params() }));

const all = (expected: Expected): Record<Persona, Expected> => Object.fromEntries(personas.map((p) => [p, expected])) as Record<Persona, Expected>;
const only = (allowed: Persona[], otherwise: Expected = 403): Record<Persona, Expected> => ({
  ...all(otherwise),
  ...Object.fromEntries(allowed.map((p) => [p, "ok" as const])),
  anonymous: 302,
});

const everyoneLoggedIn = { ...all("ok"), anonymous: 302 } satisfies Record<Persona, Expected>;
const organisersAndAdmin = only(["organiserOwnHub", "organiserByAssociation", "organiserOtherHub", "admin"]);
/** The hub's editors; an organiser of another hub finds nothing there: 404, as if it did not exist. */
const hubEditors = { ...only(["organiserOwnHub", "organiserByAssociation", "admin"]), organiserOtherHub: 404 } satisfies Record<Persona, Expected>;
const adminOnly = only(["admin"]);
const staffAndAdmin = only(["staff", "admin"]);
const coordinators = only(["coordinator", "coordinatorOther"]);
/** The person's record exists only for the coordinators assigned to them: 404 for the others. */
const assignedCoordinator = { ...only(["coordinator"]), coordinatorOther: 404 } satisfies Record<Persona, Expected>;
const anonymousOnly = { ...all(302), anonymous: "ok" } satisfies Record<Persona, Expected>;
const publicPage = all("ok");
const notPublic = all(404);
const loggedInNotPublic = { ...all(404), anonymous: 302 } satisfies Record<Persona, Expected>;

const hubParams = () => ({ hubId: String(ids.ownHub) });
const userParams = () => ({ userId: ids.targetUser });
const activityParams = () => ({ activityId: String(ids.ownActivity) });
const occurrenceParams = () => ({ occurrenceId: String(ids.ownOccurrence) });
const personParams = () => ({ personId: String(ids.person) });
const tokyoToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
/** The person's own values, so an accepted save writes what was already there. */
const personForm = () => ({
  caseCode: "",
  pseudonym: "テストさん",
  interests: "",
  constraintNote: "",
  districtId: "",
  walkingMetres: "",
  consentGivenOn: "2026-04-01",
  consentPurpose: "居場所につなぐ支援のため",
  consentScope: "担当の相談支援員のみ",
});

const cases: Case[] = [
  // Accounts
  { name: "GET /login", call: page(login.loader, () => "/login"), expected: anonymousOnly },
  { name: "GET /signup", call: page(signup.loader, () => "/signup"), expected: anonymousOnly },
  { name: "GET /account", call: page(account.loader, () => "/account"), expected: everyoneLoggedIn },
  { name: "POST /account (empty password change)", call: submit(account.action, () => "/account", () => ({ intent: "password" })), expected: everyoneLoggedIn },

  // Public pages: public hubs only, whoever asks (an editor included: the public page is public data).
  { name: "GET /hubs/:hubId", call: page(hubPage.loader, () => `/hubs/${ids.ownHub}`, hubParams), expected: publicPage },
  { name: "GET /hubs/:hubId (draft)", call: page(hubPage.loader, () => `/hubs/${ids.draftHub}`, () => ({ hubId: String(ids.draftHub) })), expected: notPublic },
  { name: "GET /hubs/:hubId/print (draft)", call: page(hubPrint.loader, () => `/hubs/${ids.draftHub}/print`, () => ({ hubId: String(ids.draftHub) })), expected: notPublic },
  { name: "GET /hubs/:hubId/calendar.ics (draft)", call: page(hubCalendar.loader, () => `/hubs/${ids.draftHub}/calendar.ics`, () => ({ hubId: String(ids.draftHub) })), expected: notPublic },
  { name: "GET /activities/:activityId", call: page(activityPage.loader, () => `/activities/${ids.ownActivity}`, activityParams), expected: publicPage },
  {
    name: "GET /activities/:activityId (draft hub)",
    call: page(activityPage.loader, () => `/activities/${ids.draftActivity}`, () => ({ activityId: String(ids.draftActivity) })),
    expected: notPublic,
  },
  {
    name: "GET /activities/:activityId/calendar.ics (draft hub)",
    call: page(activityCalendar.loader, () => `/activities/${ids.draftActivity}/calendar.ics`, () => ({ activityId: String(ids.draftActivity) })),
    expected: notPublic,
  },
  {
    name: "GET /volunteer/calendar/:token (unknown token)",
    call: page(volunteerCalendar.loader, () => "/volunteer/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAA", () => ({ token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAA" })),
    expected: notPublic,
  },

  // Volunteers: every account
  { name: "GET /volunteer", call: page(volunteer.loader, () => "/volunteer"), expected: everyoneLoggedIn },
  { name: "POST /volunteer (unknown intent)", call: submit(volunteer.action, () => "/volunteer", () => ({ intent: "nothing" })), expected: everyoneLoggedIn },
  {
    name: "POST /volunteer (sign up at a draft hub)",
    call: submit(volunteer.action, () => "/volunteer", () => ({ intent: "signup", occurrenceId: String(ids.draftOccurrence), roleId: String(ids.draftRole) })),
    expected: loggedInNotPublic,
  },
  { name: "GET /volunteer/profile", call: page(volunteerProfile.loader, () => "/volunteer/profile"), expected: everyoneLoggedIn },
  { name: "POST /volunteer/profile (invalid)", call: submit(volunteerProfile.action, () => "/volunteer/profile", () => ({ maxWalkingMinutes: "0" })), expected: everyoneLoggedIn },
  { name: "GET /volunteer/sessions/:occurrenceId", call: page(volunteerSession.loader, () => `/volunteer/sessions/${ids.ownOccurrence}`, occurrenceParams), expected: everyoneLoggedIn },
  {
    name: "GET /volunteer/sessions/:occurrenceId (draft hub)",
    call: page(volunteerSession.loader, () => `/volunteer/sessions/${ids.draftOccurrence}`, () => ({ occurrenceId: String(ids.draftOccurrence) })),
    expected: loggedInNotPublic,
  },
  {
    name: "POST /volunteer/sessions/:occurrenceId (missing role)",
    call: submit(volunteerSession.action, () => `/volunteer/sessions/${ids.ownOccurrence}`, () => ({ intent: "signup", occurrenceId: String(ids.ownOccurrence) }), occurrenceParams),
    expected: everyoneLoggedIn,
  },

  // Organisers: the role, then the hub's scope
  { name: "GET /organise", call: page(organise.loader, () => "/organise"), expected: organisersAndAdmin },
  { name: "GET /organise/attendance", call: page(organiseAttendanceList.loader, () => "/organise/attendance"), expected: organisersAndAdmin },
  { name: "GET /organise/upcoming", call: page(organiseUpcoming.loader, () => "/organise/upcoming"), expected: organisersAndAdmin },
  {
    // The session is at the own hub: an organiser of another hub may not invite to it.
    name: "POST /organise/upcoming (invite to a session of the hub)",
    call: submit(organiseUpcoming.action, () => "/organise/upcoming", () => ({ intent: "invite", occurrenceId: String(ids.ownOccurrence), roleId: String(ids.ownRole), userId: ids.invitee })),
    expected: hubEditors,
  },
  { name: "GET /organise/hubs/:hubId", call: page(organiseHub.loader, () => `/organise/hubs/${ids.ownHub}`, hubParams), expected: hubEditors },
  {
    name: "POST /organise/hubs/:hubId (invalid form)",
    call: submit(organiseHub.action, () => `/organise/hubs/${ids.ownHub}`, () => ({ name: "" }), hubParams),
    expected: hubEditors,
  },
  {
    name: "GET /organise/hubs/:hubId/activities/new",
    call: page(organiseNewActivity.loader, () => `/organise/hubs/${ids.ownHub}/activities/new`, hubParams),
    expected: hubEditors,
  },
  {
    name: "POST /organise/hubs/:hubId/activities/new (invalid form)",
    call: submit(organiseNewActivity.action, () => `/organise/hubs/${ids.ownHub}/activities/new`, () => ({ title: "" }), hubParams),
    expected: hubEditors,
  },
  {
    name: "GET /organise/activities/:activityId",
    call: page(organiseActivity.loader, () => `/organise/activities/${ids.ownActivity}`, activityParams),
    expected: hubEditors,
  },
  {
    name: "POST /organise/activities/:activityId (invalid role)",
    call: submit(organiseActivity.action, () => `/organise/activities/${ids.ownActivity}`, () => ({ intent: "addRole", name: "", slots: "0" }), activityParams),
    expected: hubEditors,
  },
  {
    name: "GET /organise/occurrences/:occurrenceId (roster)",
    call: page(organiseRoster.loader, () => `/organise/occurrences/${ids.ownOccurrence}`, occurrenceParams),
    expected: hubEditors,
  },
  {
    name: "POST /organise/occurrences/:occurrenceId (guest without a role)",
    call: submit(organiseRoster.action, () => `/organise/occurrences/${ids.ownOccurrence}`, () => ({ intent: "addGuest", roleId: "", guestName: "山田さん" }), occurrenceParams),
    expected: hubEditors,
  },
  {
    name: "GET /organise/occurrences/:occurrenceId/reception (受付名簿)",
    call: page(organiseReception.loader, () => `/organise/occurrences/${ids.ownOccurrence}/reception`, occurrenceParams),
    expected: hubEditors,
  },
  {
    name: "POST /organise/occurrences/:occurrenceId (check-in by code)",
    call: submit(organiseRoster.action, () => `/organise/occurrences/${ids.ownOccurrence}`, () => ({ intent: "checkIn", code: "" }), occurrenceParams),
    expected: hubEditors,
  },
  {
    name: "GET /organise/occurrences/:occurrenceId/attendance",
    call: page(organiseAttendance.loader, () => `/organise/occurrences/${ids.ownOccurrence}/attendance`, occurrenceParams),
    expected: hubEditors,
  },
  {
    name: "POST /organise/occurrences/:occurrenceId/attendance (invalid counts)",
    call: submit(organiseAttendance.action, () => `/organise/occurrences/${ids.ownOccurrence}/attendance`, () => ({ participants: "" }), occurrenceParams),
    expected: hubEditors,
  },

  // City staff (admins see the dashboard too: README, "For city staff")
  { name: "GET /staff", call: page(staff.loader, () => "/staff"), expected: staffAndAdmin },
  { name: "GET /staff/indicators.csv", call: page(staffIndicatorsCsv.loader, () => "/staff/indicators.csv"), expected: staffAndAdmin },
  { name: "GET /staff/hubs.csv", call: page(staffHubsCsv.loader, () => "/staff/hubs.csv"), expected: staffAndAdmin },
  { name: "GET /staff/targets", call: page(staffTargets.loader, () => "/staff/targets"), expected: staffAndAdmin },
  { name: "POST /staff/targets (invalid)", call: submit(staffTargets.action, () => "/staff/targets", () => ({ indicator: "" })), expected: staffAndAdmin },
  { name: "GET /staff/supporters", call: page(staffSupporters.loader, () => "/staff/supporters"), expected: staffAndAdmin },
  { name: "POST /staff/supporters (invalid)", call: submit(staffSupporters.action, () => "/staff/supporters", () => ({ asOf: "" })), expected: staffAndAdmin },
  { name: "GET /staff/surveys", call: page(staffSurveys.loader, () => "/staff/surveys"), expected: staffAndAdmin },
  { name: "POST /staff/surveys (invalid)", call: submit(staffSurveys.action, () => "/staff/surveys", () => ({ code: "" })), expected: staffAndAdmin },

  // Coordinators: the role, then the assignment to the person
  { name: "GET /support", call: page(supportIndex.loader, () => "/support"), expected: coordinators },
  { name: "GET /support/notifications", call: page(supportNotifications.loader, () => "/support/notifications"), expected: coordinators },
  { name: "POST /support/notifications", call: submit(supportNotifications.action, () => "/support/notifications", () => ({ intent: "markRead" })), expected: coordinators },
  { name: "GET /support/new", call: page(supportNew.loader, () => "/support/new"), expected: coordinators },
  { name: "POST /support/new (invalid)", call: submit(supportNew.action, () => "/support/new", () => ({ caseCode: "" })), expected: coordinators },
  { name: "GET /support/:personId", call: page(supportPerson.loader, () => `/support/${ids.person}`, personParams), expected: assignedCoordinator },
  {
    name: "POST /support/:personId (the stage it already has)",
    call: submit(supportPerson.action, () => `/support/${ids.person}`, () => ({ intent: "stage", stage: "consultation", changedOn: tokyoToday() }), personParams),
    expected: assignedCoordinator,
  },
  { name: "GET /support/:personId/edit", call: page(supportEdit.loader, () => `/support/${ids.person}/edit`, personParams), expected: assignedCoordinator },
  {
    name: "POST /support/:personId/edit (a valid form)",
    call: submit(supportEdit.action, () => `/support/${ids.person}/edit`, () => ({ ...personForm(), caseCode: `permissions-${ids.person}` }), personParams),
    expected: assignedCoordinator,
  },
  { name: "GET /support/:personId/places", call: page(supportPlaces.loader, () => `/support/${ids.person}/places`, personParams), expected: assignedCoordinator },
  {
    name: "POST /support/:personId/places (a role not offered to the person)",
    call: submit(supportPlaces.action, () => `/support/${ids.person}/places`, () => ({ intent: "book", occurrenceId: String(ids.ownOccurrence), roleId: String(ids.ownRole) }), personParams),
    expected: assignedCoordinator,
  },

  // Admins
  { name: "GET /admin (layout)", call: page(admin.loader, () => "/admin"), expected: adminOnly },
  { name: "GET /admin (accounts)", call: page(adminIndex.loader, () => "/admin"), expected: adminOnly },
  { name: "GET /admin/users/:userId", call: page(adminUser.loader, () => `/admin/users/${ids.targetUser}`, userParams), expected: adminOnly },
  {
    name: "POST /admin/users/:userId (no scope chosen)",
    call: submit(adminUser.action, () => `/admin/users/${ids.targetUser}`, () => ({ intent: "addHub", hubId: "" }), userParams),
    expected: adminOnly,
  },
  { name: "GET /admin/associations", call: page(adminAssociations.loader, () => "/admin/associations"), expected: adminOnly },
  { name: "POST /admin/associations (empty)", call: submit(adminAssociations.action, () => "/admin/associations", () => ({ name: "" })), expected: adminOnly },
  { name: "GET /admin/hubs/new", call: page(adminNewHub.loader, () => "/admin/hubs/new"), expected: adminOnly },
  { name: "POST /admin/hubs/new (empty)", call: submit(adminNewHub.action, () => "/admin/hubs/new", () => ({ name: "" })), expected: adminOnly },
  { name: "GET /admin/audit", call: page(adminAudit.loader, () => "/admin/audit"), expected: adminOnly },
  { name: "GET /admin/support", call: page(adminSupport.loader, () => "/admin/support"), expected: adminOnly },
  { name: "POST /admin/support (no coordinator chosen)", call: submit(adminSupport.action, () => "/admin/support", () => ({ personId: String(ids.person) })), expected: adminOnly },
];

describe.each(cases)("$name", ({ call, expected }) => {
  test.each(personas)("%s", async (persona) => {
    const response = await call(cookies.get(persona));
    const want = expected[persona];
    if (want === "ok") {
      expect([200, 302, 400, 409]).toContain(response.status);
      // Not bounced to the login page or refused.
      expect(response.headers.get("Location") ?? "").not.toMatch(/^\/login/);
    } else {
      expect(response.status).toBe(want);
      if (want === 302 && persona === "anonymous") expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });
});
