// Property: whatever a form posts — very long text, control characters (NUL included), SQL and
// HTML fragments, numbers where text is expected and text where numbers are, missing,
// repeated and unknown fields, unknown intents, files instead of text, nonsense route params —
// no action answers 500 or throws anything but a Response, and an action that refuses the
// submission (4xx) leaves the database exactly as it was.
//
// Every route module in app/routes/ that exports an `action` has a spec below; a new one fails
// the first test until it gets one. Each action is called as the person who may use it (with
// the right hub scope or coordinator assignment), so its validation is reached, not its 403.
//
// The database fingerprint is every row of every table in `public`, hashed per table, except:
// - audit_events: append-only by design (triggers refuse UPDATE/DELETE), and refused attempts
//   are meant to be recorded there (failed logins, throttled logins, refused support reads).
//   A refusal may only append rows whose action is in REFUSAL_AUDIT_ACTIONS; old rows are
//   covered by the triggers.
// - sessions.last_seen_at: written (at most once a minute) by every authenticated request of a
//   coordinator, staff or admin session; the other columns are compared.
// - login_throttles, for /login and /signup only: a failed login or a sign-up with a taken
//   e-mail counts against the IP and the account by design (docs/decisions/005).
// A submission the action accepts (2xx/3xx) may change the database: it was valid, hostile
// characters and all. The fingerprint is then taken again, and `accepted` counts them; the last
// test checks that nothing accepted left a control character in any table.
//
// Half the submissions are the form as it would be sent with one or two fields made hostile
// (where a single bad value among valid ones reaches the database), half are hostile throughout.
// HOSTILE_RUNS=300 runs each action longer; the summary per action is printed at the end.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs } from "@remix-run/node";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { councils, mutualAidSchemes, volunteerProfiles } from "#db/schema";
import { accessibilityFeatures } from "~/lib/accessibility";
import { audiences } from "~/lib/activity-search";
import { loadTags } from "~/lib/load-tags";
import { ageBandCodes, indicatorCodes } from "~/lib/metrics/indicators";
import { surveyCodes } from "~/lib/surveys";
import { roleNames } from "~/lib/roles";
import { accompanimentKinds, partnerKinds, supportConstraints, supportStages } from "~/lib/support";
import { availabilityCells, listedSkills } from "~/lib/volunteering";
import * as account from "~/routes/account";
import * as adminAssociations from "~/routes/admin.associations";
import * as adminNewHub from "~/routes/admin.hubs.new";
import * as adminFacilityImport from "~/routes/admin.imports.facilities";
import * as adminSupport from "~/routes/admin.support";
import * as adminUser from "~/routes/admin.users.$userId";
import * as language from "~/routes/language";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as activityApply from "~/routes/activities.$activityId_.apply";
import * as applicationPage from "~/routes/applications.$token";
import { apply } from "~/services/applications.server";
import { applicantDetails, createApplicableActivity } from "../factories/applications";
import * as organiseActivity from "~/routes/organise.activities.$activityId";
import * as organiseHub from "~/routes/organise.hubs.$hubId";
import * as organiseNewActivity from "~/routes/organise.hubs.$hubId_.activities.new";
import * as organiseAttendance from "~/routes/organise.occurrences.$occurrenceId.attendance";
import * as organiseRoster from "~/routes/organise_.occurrences.$occurrenceId";
import * as organiseUpcoming from "~/routes/organise_.upcoming";
import * as signup from "~/routes/signup";
import * as staffKayoiHub from "~/routes/staff.kayoi.hubs.$hubId";
import * as staffPopulation from "~/routes/staff.population";
import * as staffSupporters from "~/routes/staff.supporters";
import * as staffSurveys from "~/routes/staff.surveys";
import * as staffTargets from "~/routes/staff.targets";
import * as staffCouncil from "~/routes/staff.councils.$councilId";
import * as staffNewCouncil from "~/routes/staff.councils.new";
import * as staffScheme from "~/routes/staff.mutual-aid.$schemeId";
import * as staffNewScheme from "~/routes/staff.mutual-aid.new";
import * as supportPerson from "~/routes/support.$personId._index";
import * as supportNotifications from "~/routes/support.notifications";
import * as supportEdit from "~/routes/support.$personId.edit";
import * as supportPlaces from "~/routes/support.$personId.places";
import * as supportNew from "~/routes/support.new";
import * as volunteer from "~/routes/volunteer";
import * as volunteerProfile from "~/routes/volunteer_.profile";
import * as volunteerSession from "~/routes/volunteer_.sessions.$occurrenceId";
import { addGuestSignup, signUpForRole } from "~/services/signups.server";
import { createActivity } from "../factories/activities";
import { createAssociation, createDistrict, createHub } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { testDbKind, useTestDatabase } from "../setup/database";
import { context, ORIGIN, run } from "../setup/requests";
import { rowsOf } from "~/lib/db-rows.server";

const database = useTestDatabase({ asAppDatabase: true });

/** Runs per action: enough to meet every kind of value below several times, ~1–3 s per action. */
const NUM_RUNS = Number(process.env.HOSTILE_RUNS ?? 40);
const REFUSAL_AUDIT_ACTIONS = new Set(["login.failure", "login.throttled", "support.access.denied"]);

// ── Hostile values ──────────────────────────────────────────────────────────────────────────

const fragments = [
  "'; drop table hubs;--",
  "' or '1'='1",
  "1; select pg_sleep(10)--",
  "\\'; delete from users; --",
  "%' union select email, password_hash from users --",
  "$1",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "{{7*7}}${7*7}",
  "\u0000",
  "a\u0000b",
  "\u0001\u0002\u001b[31m\u007f",
  "\u0085\u009f",
  "\r\n\r\n",
  "\t",
  "\u202eevil",
  "\ufeff",
  "\ud83d\ude00𠮷ｱ",
  "",
  " ",
  "　",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1.5",
  "1e309",
  "2147483648",
  "99999999999999999999",
  "-2147483649",
  "0x10",
  "１２",
  "true",
  "on",
  "[]",
  "{}",
  "../../../etc/passwd",
  "//evil.example",
  "/\\evil.example",
  "/\t/evil.example",
  "/日本語?q=あ#x",
  "/a\nLocation: //evil.example",
  "2026-02-30",
  "25:61",
  "5e-324",
  `0.${"0".repeat(320)}1`,
] as const;

const controlCharacters = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat(["\u007f", "\u0085"]);

const longString = fc
  .tuple(fc.constantFrom("a", "あ", "<b>", "\u0000", "'", "1", "、"), fc.integer({ min: 200, max: 10_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n));

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...fragments), weight: 6 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...controlCharacters), minLength: 1, maxLength: 4 }), weight: 1 },
  { arbitrary: longString, weight: 2 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom(...fragments), fc.constantFrom(...fragments)).map(([a, b]) => a + b), weight: 1 },
);

/** A value for a field: mostly something the form would send, often hostile. */
const fieldValues = (plausible: fc.Arbitrary<string>) =>
  fc.oneof(
    { arbitrary: plausible.map((v) => [v]), weight: 4 },
    { arbitrary: hostileString.map((v) => [v]), weight: 3 },
    // Missing.
    { arbitrary: fc.constant<string[]>([]), weight: 1 },
    // Repeated, e.g. a single-value field posted twice.
    { arbitrary: fc.array(fc.oneof(plausible, hostileString), { minLength: 2, maxLength: 3 }), weight: 1 },
  );

// ── The database fingerprint ────────────────────────────────────────────────────────────────

type Fingerprint = Record<string, string>;
let fingerprintQuery = "";

async function prepareFingerprint() {
  const tables = rowsOf<{ table_name: string }>(
    await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`),
  ).map((r) => r.table_name);
  expect(tables).toContain("hubs");
  const source = (table: string) => {
    if (table === "sessions") return "(select id, user_id, expires_at, created_at from sessions)";
    return `"${table}"`;
  };
  fingerprintQuery = tables
    .filter((table) => table !== "audit_events")
    .map((table) => `select '${table}' as t, count(*) || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${source(table)} x`)
    .join(" union all ");
}

async function fingerprint(): Promise<Fingerprint> {
  const rows = rowsOf<{ t: string; h: string }>(await database.db.execute(sql.raw(fingerprintQuery)));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

async function lastAuditId(): Promise<number> {
  const [row] = rowsOf<{ id: number | string | null }>(await database.db.execute(sql`select max(id) as id from audit_events`));
  return Number(row?.id ?? 0);
}

async function auditActionsAfter(id: number): Promise<string[]> {
  return rowsOf<{ action: string }>(await database.db.execute(sql`select action from audit_events where id > ${id} order by id`)).map((r) => r.action);
}

// ── The people and things the actions are about ─────────────────────────────────────────────

const ids = {
  districtId: 0,
  kindId: 0,
  associationId: 0,
  hubId: 0,
  otherHubId: 0,
  activityId: 0,
  roleId: 0,
  occurrenceId: 0,
  pastOccurrenceId: 0,
  pastRoleId: 0,
  volunteerSignupId: 0,
  guestSignupId: 0,
  personId: 0,
  caseCode: "",
  volunteerId: "",
  coordinatorId: "",
  targetUserId: "",
  scopeId: 0,
  accountEmail: "",
  applyActivityId: 0,
  applyOccurrenceId: 0,
  applicationToken: "",
  councilId: 0,
  schemeId: 0,
};
const cookies = { volunteer: "", accountOwner: "", organiser: "", coordinator: "", staff: "", admin: "" };

beforeAll(async () => {
  const db = database.db;
  const district = await createDistrict(db);
  const association = await createAssociation(db, { districtId: district.id });
  const hub = await createHub(db, { districtId: district.id, associationIds: [association.id] });
  const other = await createHub(db, { districtId: district.id });
  const slot = await createRoleSlot(db, { hubId: hub.id, slots: 3, occurrenceCount: 2 });
  // Started yesterday: its attendance form is open.
  const past = await createRoleSlot(db, { hubId: hub.id, slots: 3, startsAt: new Date(Date.now() - 26 * 3_600_000) });
  await createActivity(db, { hubId: hub.id });

  const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
  const volunteerUser = await createUser(db);
  const accountOwner = await createUser(db);
  const coordinator = await createUser(db, { roles: ["coordinator"] });
  const staff = await createUser(db, { roles: ["staff"] });
  const admin = await createUser(db, { roles: ["admin"] });
  const target = await createUser(db, { roles: ["organiser"], hubIds: [other.id] });
  await db.insert(volunteerProfiles).values({ userId: volunteerUser.id, homeLat: 34.6917, homeLng: 135.7006, maxWalkingMinutes: 20, availability: [], contactOk: true });

  const mine = await signUpForRole(db, { userId: volunteerUser.id, occurrenceId: slot.occurrence.id, roleId: slot.role.id });
  const guest = await addGuestSignup(db, {
    organiserId: organiser.id,
    occurrenceId: past.occurrence.id,
    roleId: past.role.id,
    guestName: "山田さん",
    now: new Date(+past.occurrence.startsAt - 3_600_000),
  });
  const person = await createSupportedPerson(db, coordinator.id, { districtId: district.id, walkingMetres: 2000 });
  const [scope] = rowsOf<{ id: number }>(await db.execute(sql`select id from organiser_scopes where user_id = ${target.id}`));
  // At a hub of its own: the organiser's hub form may make theirs a draft, and a draft's activities are not public.
  const applicable = await createApplicableActivity(db, { capacity: 3, occurrenceCount: 2 });
  const applied = await apply(db, { occurrenceId: applicable.occurrence.id, scope: "one", details: applicantDetails() });

  const [council] = await db.insert(councils).values({ districtId: district.id, name: "移動支援部会", theme: "移動支援", establishedOn: "2023-06-01" }).returning();
  const [scheme] = await db.insert(mutualAidSchemes).values({ districtId: district.id, councilId: council?.id, name: "移動支援", launchedOn: "2024-01-15" }).returning();

  Object.assign(ids, {
    councilId: council?.id ?? 0,
    schemeId: scheme?.id ?? 0,
    districtId: district.id,
    kindId: hub.kindId,
    associationId: association.id,
    hubId: hub.id,
    otherHubId: other.id,
    activityId: slot.activity.id,
    roleId: slot.role.id,
    occurrenceId: slot.occurrence.id,
    pastOccurrenceId: past.occurrence.id,
    pastRoleId: past.role.id,
    volunteerSignupId: mine.signupId,
    guestSignupId: guest.signupId,
    personId: person.id,
    caseCode: person.caseCode,
    volunteerId: volunteerUser.id,
    coordinatorId: coordinator.id,
    targetUserId: target.id,
    scopeId: scope?.id ?? 0,
    accountEmail: accountOwner.email,
    applyActivityId: applicable.activity.id,
    applyOccurrenceId: applicable.occurrence.id,
    applicationToken: applied.token,
  });
  cookies.volunteer = await sessionCookie(volunteerUser.id);
  cookies.accountOwner = await sessionCookie(accountOwner.id);
  cookies.organiser = await sessionCookie(organiser.id);
  cookies.coordinator = await sessionCookie(coordinator.id);
  cookies.staff = await sessionCookie(staff.id);
  cookies.admin = await sessionCookie(admin.id);
  await prepareFingerprint();
});

// ── Specs: one per action ───────────────────────────────────────────────────────────────────

type Action = (args: ActionFunctionArgs) => Promise<unknown>;

interface Spec {
  action: Action;
  /** The page's address (for the Request; the action reads `params`). */
  path: () => string;
  /** The session cookie of someone allowed to post here (undefined: not logged in). */
  cookie: () => string | undefined;
  params?: () => Record<string, string>;
  /** The form's fields, each with values the form itself would send. */
  fields: () => Record<string, fc.Arbitrary<string>>;
  /** Values of `intent`, when the form has several buttons. */
  intents?: string[];
  /** Tables this action may change even when it refuses (see the header). */
  mayChange?: string[];
  /** Statuses other than 200/302/400/404/409 that are a correct refusal here. */
  alsoAllowed?: number[];
  /** An action with nothing to validate (it only redirects): it must never change the database. */
  writesNothing?: true;
  /** An action that never reads its body (logout): a body that is not a form changes nothing there. */
  readsNoBody?: true;
}

const str = (values: readonly (string | number)[]) => fc.constantFrom(...values.map(String));
const dateText = fc.date({ min: new Date("1999-01-01"), max: new Date("2101-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const timeText = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 })).map(([h, m]) => `${h}:${String(m).padStart(2, "0")}`);
const shortText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 });
const count = fc.integer({ min: 0, max: 120 }).map(String);
const password = fc.string({ unit: "grapheme-ascii", minLength: 8, maxLength: 40 });
// fc.emailAddress() is RFC 5322, which the forms' (stricter) check mostly refuses.
const email = fc.tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.constantFrom("example.jp", "example.com")).map(([local, domain]) => `${local}@${domain}`);

// 協議体 and 支えあいの仕組み (staff).
const councilFields = () => ({
  name: shortText,
  districtId: str([ids.districtId, 999999999]),
  theme: shortText,
  establishedOn: dateText,
  dissolvedOn: fc.oneof(fc.constant(""), dateText),
  isPublic: str(["on", ""]),
  residentMembers: count,
  professionalMembers: str(["0", "3", "-1"]),
  organisationMembers: count,
});
const schemeFields = () => ({
  name: shortText,
  description: shortText,
  launchedOn: dateText,
  districtId: str([ids.districtId, 999999999]),
  councilId: str(["", ids.councilId, 999999999]),
  isPublic: str(["on", ""]),
});

const kanaText = fc.oneof(shortText, str(["ハギノダイ", "はぎのだい　まちなえき", "ﾊｷﾞﾉﾀﾞｲ", "萩の台", ""]));

const hubFields = () => ({
  name: shortText,
  nameKana: kanaText,
  parkingInfo: shortText,
  description: shortText,
  kindId: str([ids.kindId]),
  districtId: str([ids.districtId]),
  address: shortText,
  lat: fc.double({ min: -100, max: 100, noNaN: true }).map(String),
  lng: fc.double({ min: -200, max: 200, noNaN: true }).map(String),
  accessibility: str(accessibilityFeatures),
  contactPhone: str(["0743-00-0000", "", "+81 743 00 0000"]),
  contactEmail: fc.oneof(email, fc.constant("")),
  contactNote: shortText,
  associationIds: str([ids.associationId]),
  status: str(["public", "draft", "closed"]),
});

const activityFields = () => ({
  title: shortText,
  titleKana: kanaText,
  applicationMethod: shortText,
  description: shortText,
  category: str(["exercise", "meals", "salon", "nope"]),
  audience: str(audiences),
  feeYen: str(["0", "300", "", "１００"]),
  feeNote: shortText,
  registrationRequired: str(["on", ""]),
  capacity: str(["", "10", "-1", "０"]),
  welcomesSupported: str(["on", ""]),
  accessibilityNotes: shortText,
  trainingCourse: str(["", "ai_supporter", "nope"]),
  scheduleKind: str(["once", "weekly", "monthly"]),
  interval: str(["1", "2", "3", "4"]),
  weekdays: str(["1", "2", "3", "4", "5", "6", "7"]),
  monthWeeks: str(["1", "2", "3", "4", "-1", "5"]),
  startDate: fc.oneof(dateText, fc.constant("2026-12-02")),
  endDate: fc.oneof(dateText, fc.constant("")),
  startTime: timeText,
  endTime: timeText,
  exceptionDates: fc.array(dateText, { maxLength: 3 }).map((d) => d.join("\n")),
});

const personFields = () => ({
  caseCode: shortText,
  pseudonym: shortText,
  realName: shortText,
  interests: fc.array(shortText, { maxLength: 4 }).map((a) => a.join("、")),
  constraints: str(supportConstraints),
  constraintNote: shortText,
  districtId: str([ids.districtId, ""]),
  walkingMetres: str(["", "800", "5001"]),
  consentGivenOn: dateText,
  consentPurpose: shortText,
  consentScope: shortText,
  clearUnreadableRealName: str(["on", ""]),
});

const specs: Record<string, Spec> = {
  "account.tsx": {
    action: account.action,
    path: () => "/account",
    cookie: () => cookies.accountOwner,
    intents: ["password", "delete"],
    // The right current password is never generated: a change or deletion would end the session.
    fields: () => ({ currentPassword: password, newPassword: password, password, confirm: str(["yes", "no"]) }),
  },
  "admin.associations.tsx": {
    action: adminAssociations.action,
    path: () => "/admin/associations",
    cookie: () => cookies.admin,
    fields: () => ({ name: shortText, districtId: str([ids.districtId]) }),
  },
  "admin.hubs.new.tsx": {
    action: adminNewHub.action,
    path: () => "/admin/hubs/new",
    cookie: () => cookies.admin,
    fields: hubFields,
  },
  // The confirm's table is checked again in full; a plausible one with a digest that is not its own is refused (409).
  "admin.imports.facilities.tsx": {
    action: adminFacilityImport.action,
    path: () => "/admin/imports/facilities",
    cookie: () => cookies.admin,
    intents: ["preview", "confirm"],
    fields: () => ({
      kindId: str([ids.kindId]),
      status: str(["draft", "public", "closed"]),
      file: str(["名称,住所,緯度,経度\r\n会館,生駒市,34.7,135.7\r\n", "NO,名称\r\n1,"]),
      payload: str([JSON.stringify({ header: ["名称", "住所", "緯度", "経度"], rows: [{ line: 2, cells: ["会館", "生駒市", "34.7", "135.7"] }] })]),
      digest: shortText,
    }),
    alsoAllowed: [413],
  },
  "admin.support.tsx": {
    action: adminSupport.action,
    path: () => "/admin/support",
    cookie: () => cookies.admin,
    fields: () => ({ personId: str([ids.personId]), coordinatorIds: str([ids.coordinatorId, ids.volunteerId]) }),
  },
  "admin.users.$userId.tsx": {
    action: adminUser.action,
    path: () => `/admin/users/${ids.targetUserId}`,
    cookie: () => cookies.admin,
    params: () => ({ userId: ids.targetUserId }),
    intents: ["roles", "addHub", "addAssociation", "removeScope", "disable", "enable"],
    fields: () => ({ roles: str(roleNames), hubId: str([ids.hubId, ids.otherHubId]), associationId: str([ids.associationId]), scopeId: str([ids.scopeId]) }),
  },
  "language.ts": {
    action: language.action,
    path: () => "/language",
    cookie: () => undefined,
    fields: () => ({ lang: str(["ja", "en"]), redirectTo: str(["/", "/hubs/1?x=1", "/activities"]) }),
    writesNothing: true,
  },
  "login.tsx": {
    action: login.action,
    path: () => "/login",
    cookie: () => undefined,
    fields: () => ({ email: fc.oneof(email, fc.constant(ids.accountEmail)), password, redirectTo: str(["/", "/organise"]) }),
    mayChange: ["login_throttles"],
    alsoAllowed: [429],
  },
  "logout.ts": {
    action: logout.action,
    path: () => "/logout",
    cookie: () => undefined,
    fields: () => ({ redirectTo: str(["/"]) }),
    writesNothing: true,
    readsNoBody: true,
  },
  "organise.activities.$activityId.tsx": {
    action: organiseActivity.action,
    path: () => `/organise/activities/${ids.activityId}`,
    cookie: () => cookies.organiser,
    params: () => ({ activityId: String(ids.activityId) }),
    intents: ["save", "addRole", "updateRole", "archiveRole", "cancel", "restore", "move", "note"],
    fields: () => ({
      ...activityFields(),
      targetId: str([ids.occurrenceId, ids.roleId, ids.pastOccurrenceId]),
      name: shortText,
      slots: str(["1", "3", "0", "１０"]),
      skills: shortText,
      loadTags: str(loadTags),
      reason: shortText,
      date: dateText,
      note: shortText,
    }),
  },
  "organise.hubs.$hubId.tsx": {
    action: organiseHub.action,
    path: () => `/organise/hubs/${ids.hubId}`,
    cookie: () => cookies.organiser,
    params: () => ({ hubId: String(ids.hubId) }),
    // A hubId field naming another hub is refused with 403 (the IDOR check).
    fields: () => ({ ...hubFields(), hubId: str([ids.hubId, ids.otherHubId]) }),
    alsoAllowed: [403],
  },
  "organise.hubs.$hubId_.activities.new.tsx": {
    action: organiseNewActivity.action,
    path: () => `/organise/hubs/${ids.hubId}/activities/new`,
    cookie: () => cookies.organiser,
    params: () => ({ hubId: String(ids.hubId) }),
    fields: activityFields,
  },
  "organise.occurrences.$occurrenceId.attendance.tsx": {
    action: organiseAttendance.action,
    path: () => `/organise/occurrences/${ids.pastOccurrenceId}/attendance`,
    cookie: () => cookies.organiser,
    params: () => ({ occurrenceId: String(ids.pastOccurrenceId) }),
    fields: () => ({
      participants: count,
      firstTimers: str(["0", "1"]),
      supportedParticipants: str(["0", "1"]),
      ...Object.fromEntries(ageBandCodes.map((code) => [`age_${code}`, str(["", "0", "1"])])),
      [`signup_${ids.guestSignupId}`]: str(["attended", "absent"]),
    }),
  },
  "organise_.occurrences.$occurrenceId.tsx": {
    action: organiseRoster.action,
    path: () => `/organise/occurrences/${ids.occurrenceId}`,
    cookie: () => cookies.organiser,
    params: () => ({ occurrenceId: String(ids.occurrenceId) }),
    intents: ["remove", "addGuest", "enterApplication", "checkIn", "cancelApplication"],
    fields: () => ({
      signupId: str([ids.volunteerSignupId, ids.guestSignupId]),
      roleId: str([ids.roleId, ids.pastRoleId]),
      guestName: shortText,
      guestNote: shortText,
      // A phone or paper application, and the code typed (or scanned) at the door.
      name: shortText,
      phone: str(["", "0743-74-1111", "０９０１２３４５６７８"]),
      email: fc.oneof(email, str([""])),
      partySize: str(["1", "2", "4"]),
      firstTime: str(["on", ""]),
      note: shortText,
      code: str(["ABCD2345", "abcd-2345", "MACHINAEKI:ABCD2345"]),
    }),
  },
  "activities.$activityId_.apply.tsx": {
    action: activityApply.action,
    path: () => `/activities/${ids.applyActivityId}/apply`,
    cookie: () => undefined,
    params: () => ({ activityId: String(ids.applyActivityId) }),
    fields: () => ({
      session: str([ids.applyOccurrenceId, ids.occurrenceId, ""]),
      scope: str(["one", "month", "year"]),
      name: shortText,
      phone: str(["", "0743-74-1111", "０９０１２３４５６７８", "12-34"]),
      email: fc.oneof(email, str([""])),
      partySize: str(["1", "2", "4", "5", "0", "２"]),
      firstTime: str(["on", ""]),
      note: shortText,
    }),
  },
  "applications.$token.tsx": {
    action: applicationPage.action,
    path: () => `/applications/${ids.applicationToken}`,
    cookie: () => undefined,
    params: () => ({ token: ids.applicationToken }),
    intents: ["cancel", "cancelAll", "withdraw"],
    fields: () => ({ occurrenceId: str([ids.applyOccurrenceId, ids.occurrenceId, "x"]), confirm: str(["on", ""]) }),
  },
  "organise_.upcoming.tsx": {
    action: organiseUpcoming.action,
    path: () => "/organise/upcoming",
    cookie: () => cookies.organiser,
    intents: ["invite"],
    // An occurrence at a hub the organiser does not edit is refused with 403.
    fields: () => ({ occurrenceId: str([ids.occurrenceId, ids.pastOccurrenceId]), roleId: str([ids.roleId]), userId: str([ids.volunteerId, ids.targetUserId]) }),
    alsoAllowed: [403],
  },
  "signup.tsx": {
    action: signup.action,
    path: () => "/signup",
    cookie: () => undefined,
    fields: () => ({ email: fc.oneof(email, fc.constant(ids.accountEmail)), displayName: shortText, password, redirectTo: str(["/", "/volunteer"]) }),
    mayChange: ["login_throttles"],
    alsoAllowed: [429],
  },
  "staff.kayoi.hubs.$hubId.tsx": {
    action: staffKayoiHub.action,
    path: () => `/staff/kayoi/hubs/${ids.hubId}`,
    cookie: () => cookies.staff,
    params: () => ({ hubId: String(ids.hubId) }),
    fields: () => ({
      kayoiOperator: str(["resident_group", "municipality", "", "resident_gang"]),
      kayoiVenue: str(["community_hall", "park", "", "castle"]),
      fy: str(["2025", "", "x"]),
    }),
  },
  "staff.population.tsx": {
    action: staffPopulation.action,
    path: () => "/staff/population",
    cookie: () => cookies.staff,
    intents: ["preview", "confirm"],
    fields: () => ({
      asOf: dateText,
      file: str(["地域名,総人口\r\n中央,10\r\n"]),
      payload: str([JSON.stringify({ header: ["地域名", "総人口"], rows: [{ line: 2, cells: ["中央", "10"] }] })]),
      digest: shortText,
    }),
    alsoAllowed: [413],
  },
  "staff.supporters.tsx": {
    action: staffSupporters.action,
    path: () => "/staff/supporters",
    cookie: () => cookies.staff,
    fields: () => ({ asOf: dateText, people: str(["1646", "1,646", "-1", "１６４６", "1.5", ""]) }),
  },
  "staff.surveys.tsx": {
    action: staffSurveys.action,
    path: () => "/staff/surveys",
    cookie: () => cookies.staff,
    fields: () => ({
      code: str([...surveyCodes, "survey_nope"]),
      fiscalYear: str(["2025", "1999", "2101"]),
      surveyName: shortText,
      surveyedOn: dateText,
      respondents: str(["1200", "1,200", "0", "-3"]),
      percentage: str(["42.5", "44.1%", "100", "100.1", "18.65", "-1"]),
    }),
  },
  "staff.targets.tsx": {
    action: staffTargets.action,
    path: () => "/staff/targets",
    cookie: () => cookies.staff,
    fields: () => ({
      indicator: str(indicatorCodes),
      fiscalYear: str(["2026", "2018", "2101"]),
      baseline: str(["0", "12.5", "-1"]),
      baselineDate: dateText,
      target: str(["100", "1e3"]),
    }),
  },
  "staff.councils.new.tsx": {
    action: staffNewCouncil.action,
    path: () => "/staff/councils/new",
    cookie: () => cookies.staff,
    fields: councilFields,
  },
  "staff.councils.$councilId.tsx": {
    action: staffCouncil.action,
    path: () => `/staff/councils/${ids.councilId}`,
    cookie: () => cookies.staff,
    params: () => ({ councilId: String(ids.councilId) }),
    intents: ["update", "meeting"],
    fields: () => ({ ...councilFields(), heldOn: dateText, attendees: str(["0", "12", "-1", "100000"]), outcome: shortText }),
  },
  "staff.mutual-aid.new.tsx": {
    action: staffNewScheme.action,
    path: () => "/staff/mutual-aid/new",
    cookie: () => cookies.staff,
    fields: schemeFields,
  },
  "staff.mutual-aid.$schemeId.tsx": {
    action: staffScheme.action,
    path: () => `/staff/mutual-aid/${ids.schemeId}`,
    cookie: () => cookies.staff,
    params: () => ({ schemeId: String(ids.schemeId) }),
    fields: schemeFields,
  },
  "support.notifications.tsx": {
    action: supportNotifications.action,
    path: () => "/support/notifications",
    cookie: () => cookies.coordinator,
    intents: ["markRead"],
    fields: () => ({}),
  },
  "support.$personId._index.tsx": {
    action: supportPerson.action,
    path: () => `/support/${ids.personId}`,
    cookie: () => cookies.coordinator,
    params: () => ({ personId: String(ids.personId) }),
    intents: ["stage", "entry", "partner", "withdraw"],
    // The case code is never confirmed: withdrawal would anonymise the record for the rest of the run.
    fields: () => ({
      stage: str(supportStages),
      changedOn: dateText,
      kind: str(accompanimentKinds),
      occurredOn: dateText,
      notes: shortText,
      meetingId: str(["", "1"]),
      partnerKind: str(partnerKinds),
      partnerName: shortText,
      linkedOn: dateText,
      withdrawnOn: dateText,
      confirmCaseCode: shortText,
    }),
  },
  "support.$personId.edit.tsx": {
    action: supportEdit.action,
    path: () => `/support/${ids.personId}/edit`,
    cookie: () => cookies.coordinator,
    params: () => ({ personId: String(ids.personId) }),
    fields: personFields,
  },
  "support.$personId.places.tsx": {
    action: supportPlaces.action,
    path: () => `/support/${ids.personId}/places`,
    cookie: () => cookies.coordinator,
    params: () => ({ personId: String(ids.personId) }),
    intents: ["book", "visit", "cancelVisit"],
    fields: () => ({ occurrenceId: str([ids.occurrenceId]), roleId: str([ids.roleId]), visitId: str(["1"]), countsAsVisitStage: str(["on", ""]) }),
  },
  "support.new.tsx": {
    action: supportNew.action,
    path: () => "/support/new",
    cookie: () => cookies.coordinator,
    fields: personFields,
  },
  "volunteer.tsx": {
    action: volunteer.action,
    path: () => "/volunteer",
    cookie: () => cookies.volunteer,
    intents: ["signup", "signupSeries", "cancel", "acceptInvitation", "declineInvitation", "markRead", "calendarCreate", "calendarRevoke"],
    fields: () => ({
      occurrenceId: str([ids.occurrenceId, ids.pastOccurrenceId]),
      roleId: str([ids.roleId]),
      activityId: str([ids.activityId]),
      signupId: str([ids.volunteerSignupId, ids.guestSignupId]),
      invitationId: str(["1"]),
    }),
    // Cancelling someone else's sign-up is refused with 403.
    alsoAllowed: [403],
  },
  "volunteer_.profile.tsx": {
    action: volunteerProfile.action,
    path: () => "/volunteer/profile",
    cookie: () => cookies.volunteer,
    fields: () => ({
      skills: str(listedSkills),
      freeSkills: shortText,
      interests: str(["exercise", "meals", "Not_Valid"]),
      availability: str(availabilityCells),
      home: str([`district:${ids.districtId}`, "district:999999999", "landmark:1", "34.69,135.70", ""]),
      maxWalkingMinutes: str(["1", "20", "90", "91"]),
      contactOk: str(["on", ""]),
    }),
  },
  "volunteer_.sessions.$occurrenceId.tsx": {
    action: volunteerSession.action,
    path: () => `/volunteer/sessions/${ids.occurrenceId}`,
    cookie: () => cookies.volunteer,
    params: () => ({ occurrenceId: String(ids.occurrenceId) }),
    intents: ["signup", "signupSeries"],
    fields: () => ({ occurrenceId: str([ids.occurrenceId]), roleId: str([ids.roleId]), activityId: str([ids.activityId]) }),
  },
};

// ── Building and sending a submission ───────────────────────────────────────────────────────

interface Submission {
  /** Each field's name, a value the form would send, and a hostile set of values (maybe none). */
  fields: [string, string, string[]][];
  /**
   * "few": the form as it would be sent, with the fields at `corrupt` hostile (where a single
   * bad value among valid ones would reach the database); "all": every field hostile or not.
   */
  mode: "few" | "all";
  corrupt: number[];
  intent: string[];
  extra: [string, string][];
  multipart: boolean;
  /** Index of a field sent as a file instead of text (multipart only); -1 for none. */
  fileField: number;
  /** A route param replaced by a hostile value, or null. */
  param: string | null;
}

function submissionOf(spec: Spec): fc.Arbitrary<Submission> {
  const fields = spec.fields();
  const names = Object.keys(fields);
  return fc.record({
    fields: fc.tuple(
      ...names.map((name) => {
        const plausible = fields[name] ?? hostileString;
        return fc.tuple(fc.constant(name), plausible, fieldValues(plausible));
      }),
    ),
    mode: fc.constantFrom("few" as const, "all" as const),
    corrupt: fc.subarray(names.map((_, i) => i), { maxLength: Math.min(2, names.length) }),
    intent: spec.intents ? fieldValues(fc.constantFrom(...spec.intents)) : fc.constant([]),
    extra: fc.array(fc.tuple(fc.oneof(hostileString, fc.constantFrom("intent", "_action", "__proto__", "constructor", "signup_999999999", "hubId")), hostileString), { maxLength: 2 }),
    multipart: fc.boolean(),
    fileField: fc.integer({ min: -3, max: Math.max(0, names.length - 1) }),
    param: spec.params ? fc.oneof({ arbitrary: fc.constant(null), weight: 7 }, { arbitrary: hostileString, weight: 1 }) : fc.constant(null),
  });
}

function requestOf(spec: Spec, submission: Submission): Request {
  const entries: [string, string | Blob][] = [];
  for (const value of submission.intent) entries.push(["intent", value]);
  for (const [index, [name, plausible, hostile]] of submission.fields.entries()) {
    const values = submission.mode === "all" || submission.corrupt.includes(index) ? hostile : [plausible];
    for (const value of values) {
      entries.push([name, submission.multipart && index === submission.fileField ? new File([value], "x.txt", { type: "text/plain" }) : value]);
    }
  }
  for (const [name, value] of submission.extra) entries.push([name, value]);
  const headers: Record<string, string> = { Origin: ORIGIN };
  const cookie = spec.cookie();
  if (cookie) headers.Cookie = cookie;
  let body: FormData | URLSearchParams;
  if (submission.multipart) {
    body = new FormData();
    for (const [name, value] of entries) body.append(name, value);
  } else {
    body = new URLSearchParams();
    for (const [name, value] of entries) body.append(name, typeof value === "string" ? value : "");
  }
  return new Request(`${ORIGIN}${spec.path()}`, { method: "POST", body, headers });
}

function paramsOf(spec: Spec, submission: Submission): Record<string, string> {
  const params = spec.params?.() ?? {};
  if (submission.param === null) return params;
  return Object.fromEntries(Object.keys(params).map((key) => [key, submission.param ?? ""]));
}

// ── The tests ───────────────────────────────────────────────────────────────────────────────

const tally = new Map<string, { statuses: Map<number, number>; accepted: number; refusedForm: number; ms: number }>();

afterAll(() => {
  const lines = [...tally].map(([file, t]) => `${file.padEnd(52)} ${String(t.ms).padStart(6)} ms  accepted ${String(t.accepted).padStart(3)}  refused ${String(t.refusedForm).padStart(3)}  ${[...t.statuses].sort().map(([s, n]) => `${s}×${n}`).join(" ")}`);
  console.log(`hostile input on ${testDbKind()}, ${NUM_RUNS} runs per action:\n${lines.join("\n")}`);
});

test("every route module with an action has a hostile-input spec", () => {
  const dir = path.resolve("app/routes");
  const withAction = readdirSync(dir)
    .filter((file) => /^export (async )?function action\b|^export const action\b/m.test(readFileSync(path.join(dir, file), "utf8")))
    .sort();
  expect(withAction).toEqual(Object.keys(specs).sort());
});

describe.each(Object.entries(specs))("%s", (file, spec) => {
  test("hostile form data: never a 500, and a refusal changes nothing", async () => {
    const t = { statuses: new Map<number, number>(), accepted: 0, refusedForm: 0, ms: 0 };
    tally.set(file, t);
    const started = Date.now();
    let before = await fingerprint();
    const allowed = new Set([200, 302, 400, 404, 409, ...(spec.alsoAllowed ?? [])]);
    // Each action from its own address, so /login's failures do not throttle /signup.
    const ownContext = { ...context, clientIp: `198.51.100.${Object.keys(specs).indexOf(file) + 1}` };
    await fc.assert(
      fc.asyncProperty(submissionOf(spec), async (submission) => {
        const auditMark = await lastAuditId();
        const response = await run(() => spec.action({ request: requestOf(spec, submission), context: ownContext, params: paramsOf(spec, submission) }));
        t.statuses.set(response.status, (t.statuses.get(response.status) ?? 0) + 1);
        // A route param replaced by another id may name a hub this person does not edit: 403.
        const allowedHere = submission.param === null ? allowed : new Set([...allowed, 403]);
        expect(allowedHere, `status ${response.status}: ${await response.clone().text()}`).toContain(response.status);
        // Still logged in: the access check let every submission through to the form's own checks.
        if (spec.cookie()) expect(response.headers.get("Location") ?? "").not.toMatch(/^\/login/);
        const after = await fingerprint();
        if (response.status >= 400 || spec.writesNothing) {
          const changed = Object.keys(after).filter((table) => after[table] !== before[table] && !spec.mayChange?.includes(table));
          expect(changed, "tables changed by a refused submission").toEqual([]);
          for (const action of await auditActionsAfter(auditMark)) expect(REFUSAL_AUDIT_ACTIONS, `audit row "${action}" after a refusal`).toContain(action);
        }
        if (response.status < 400) t.accepted += 1;
        else if (submission.param === null) t.refusedForm += 1;
        before = after;
      }),
      { numRuns: NUM_RUNS },
    );
    t.ms = Date.now() - started;
    // Some submissions to the real address were refused: the spec reaches the form's own checks.
    if (!spec.writesNothing) expect(t.refusedForm).toBeGreaterThan(0);
  });
});

/** Bodies that are not a form, as scripts and misconfigured clients send them. */
const notForms: { name: string; headers: Record<string, string>; body: BodyInit }[] = [
  { name: "JSON", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ intent: "save", name: "x" }) },
  { name: "text/plain", headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: "intent=save&name=x" },
  // A byte body: fetch adds no Content-Type for it.
  { name: "no Content-Type", headers: {}, body: new TextEncoder().encode("intent=save&name=x") },
  { name: "multipart without a boundary", headers: { "Content-Type": "multipart/form-data" }, body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n" },
  { name: "multipart cut short", headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1" },
  { name: "XML", headers: { "Content-Type": "application/xml" }, body: "<form><intent>save</intent></form>" },
  { name: "an empty body with no type", headers: {}, body: new Uint8Array() },
];

describe.each(Object.entries(specs))("%s", (file, spec) => {
  test("a body that is not a form: 415 or 400 with the usual error page, never a 5xx, nothing changed", async () => {
    const before = await fingerprint();
    const ownContext = { ...context, clientIp: `203.0.113.${Object.keys(specs).indexOf(file) + 1}` };
    for (const { name, headers, body } of notForms) {
      const cookie = spec.cookie();
      const request = new Request(`${ORIGIN}${spec.path()}`, { method: "POST", body, headers: { Origin: ORIGIN, ...(cookie ? { Cookie: cookie } : {}), ...headers } });
      const response = await run(() => spec.action({ request, context: ownContext, params: spec.params?.() ?? {} }));
      const expected = spec.readsNoBody ? [302] : name.startsWith("multipart") ? [400] : [415];
      expect(expected, `${name}: status ${response.status}: ${await response.clone().text()}`).toContain(response.status);
    }
    const after = await fingerprint();
    const changed = Object.keys(after).filter((table) => after[table] !== before[table] && !spec.mayChange?.includes(table));
    expect(changed, "tables changed by a body that is not a form").toEqual([]);
  });
});

test("nothing accepted left a control character in any table", async () => {
  const tables = rowsOf<{ table_name: string }>(
    await database.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
  ).map((r) => r.table_name);
  const query = tables.map((table) => `select '${table}' as t from "${table}" x where x::text ~ '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]'`).join(" union ");
  expect(rowsOf<{ t: string }>(await database.db.execute(sql.raw(query))).map((r) => r.t)).toEqual([]);
});
