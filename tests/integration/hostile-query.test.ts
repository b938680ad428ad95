// Property: whatever the address says — hostile values for every query parameter any page reads
// (NUL, 10k characters, huge and denormal numbers, SQL and HTML, repeated and missing), and
// hostile route params — no loader answers 500 or throws anything but a Response. The forms'
// counterpart is hostile-input.test.ts; every route module with a loader has a spec here, and a
// new one fails the first test until it gets one. Each is asked by someone allowed to see it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { councils, mutualAidSchemes } from "#db/schema";
import { beforeAll, describe, expect, test } from "vitest";
import * as index from "~/routes/_index";
import * as account from "~/routes/account";
import * as activityPage from "~/routes/activities.$activityId";
import * as activityCalendar from "~/routes/activities.$activityId_.calendar[.]ics";
import * as adminLayout from "~/routes/admin";
import * as adminIndex from "~/routes/admin._index";
import * as adminAssociations from "~/routes/admin.associations";
import * as adminAudit from "~/routes/admin.audit";
import * as adminNewHub from "~/routes/admin.hubs.new";
import * as adminFacilityImport from "~/routes/admin.imports.facilities";
import * as adminSupport from "~/routes/admin.support";
import * as adminUser from "~/routes/admin.users.$userId";
import * as hubsGeojson from "~/routes/api.hubs[.]geojson";
import * as mapPoints from "~/routes/api.map-points";
import * as healthz from "~/routes/healthz";
import * as hubPage from "~/routes/hubs.$hubId";
import * as hubCalendar from "~/routes/hubs.$hubId_.calendar[.]ics";
import * as hubPrint from "~/routes/hubs.$hubId_.print";
import * as language from "~/routes/language";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as organise from "~/routes/organise._index";
import * as organiseActivity from "~/routes/organise.activities.$activityId";
import * as organiseAttendanceList from "~/routes/organise.attendance";
import * as organiseHub from "~/routes/organise.hubs.$hubId";
import * as organiseNewActivity from "~/routes/organise.hubs.$hubId_.activities.new";
import * as organiseAttendance from "~/routes/organise.occurrences.$occurrenceId.attendance";
import * as organiseRoster from "~/routes/organise_.occurrences.$occurrenceId";
import * as activityApply from "~/routes/activities.$activityId_.apply";
import * as applicationPage from "~/routes/applications.$token";
import { apply } from "~/services/applications.server";
import { applicantDetails, createApplicableActivity } from "../factories/applications";
import * as organiseReception from "~/routes/organise_.occurrences.$occurrenceId_.reception";
import * as organiseUpcoming from "~/routes/organise_.upcoming";
import * as signup from "~/routes/signup";
import * as staff from "~/routes/staff._index";
import * as openDataFile from "~/routes/opendata.$file";
import * as openDataIndex from "~/routes/opendata._index";
import * as organiseAttendanceCsv from "~/routes/organise.attendance[.]csv";
import * as organiseAttendanceXlsx from "~/routes/organise.attendance[.]xlsx";
import * as staffHubsCsv from "~/routes/staff.hubs[.]csv";
import * as staffHubsXlsx from "~/routes/staff.hubs[.]xlsx";
import * as staffIndicatorsXlsx from "~/routes/staff.indicators[.]xlsx";
import * as staffKayoi from "~/routes/staff.kayoi._index";
import * as staffKayoiCsv from "~/routes/staff.kayoi[.]csv";
import * as staffKayoiHub from "~/routes/staff.kayoi.hubs.$hubId";
import * as staffKayoiXlsx from "~/routes/staff.kayoi[.]xlsx";
import * as staffIndicatorsCsv from "~/routes/staff.indicators[.]csv";
import * as staffPopulation from "~/routes/staff.population";
import * as staffSupporters from "~/routes/staff.supporters";
import * as staffSurveys from "~/routes/staff.surveys";
import * as staffTargets from "~/routes/staff.targets";
import * as publicCouncils from "~/routes/councils";
import * as staffCouncils from "~/routes/staff.councils._index";
import * as staffCouncil from "~/routes/staff.councils.$councilId";
import * as staffNewCouncil from "~/routes/staff.councils.new";
import * as staffScheme from "~/routes/staff.mutual-aid.$schemeId";
import * as staffNewScheme from "~/routes/staff.mutual-aid.new";
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
import { createAssociation, createDistrict, createHub } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { createRoleSlot } from "../factories/volunteering";
import { useTestDatabase } from "../setup/database";
import { context, get, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });
const NUM_RUNS = Number(process.env.HOSTILE_RUNS ?? 15);

/** The values most likely to break a query: each is also tried in every parameter at once. */
const worst = ["\u0000", "2147483648", "99999999999999999999", "5e-324", `0.${"0".repeat(320)}1,135.7`, "/日本語", "'; drop table hubs;--", "9".repeat(10_000)];

const hostile: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...worst,
    "a\u0000b",
    "<script>alert(1)</script>",
    "2147483648",
    "-1",
    "0",
    "1e309",
    "NaN",
    "//evil.example",
    "9999-99",
    "0000-00-00",
    "",
    "１２",
    "1,2,3,4",
    "-200,-100,200,100",
  ),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer({ min: 200, max: 10_000 }).map((n) => "9".repeat(n)),
);

/** Every query parameter a page reads, with a value the site itself would put there. */
const queryParams: Record<string, string> = {
  near: "34.6917,135.7006",
  page: "2",
  district: "1",
  association: "1",
  kind: "salon",
  category: "meals",
  access: "step_free",
  day: "wed",
  time: "morning",
  when: "week",
  within: "10",
  free: "1",
  audience: "everyone",
  view: "activities",
  fy: "2026",
  from: "2026-04",
  to: "2026-09",
  radius: "800",
  bbox: "135.6,34.6,135.8,34.8",
  zoom: "12",
  q: "利用者",
  month: "2026-12",
  before: "10",
  redirectTo: "/volunteer",
  done: "saved",
  c: "1",
  w: "0",
  councilId: "1",
};

const query = fc.tuple(
  ...Object.entries(queryParams).map(([name, plausible]) =>
    fc.oneof({ arbitrary: fc.constant<string[]>([plausible]), weight: 3 }, { arbitrary: hostile.map((v) => [v]), weight: 2 }, { arbitrary: fc.constant<string[]>([]), weight: 2 }, { arbitrary: fc.array(hostile, { minLength: 2, maxLength: 3 }), weight: 1 }).map((values): [string, string[]] => [name, values]),
  ),
);

const ids = { hubId: 0, activityId: 0, occurrenceId: 0, personId: 0, userId: "", applyActivityId: 0, applicationToken: "", councilId: 0, schemeId: 0 };
const cookies = { volunteer: "", organiser: "", coordinator: "", staff: "", admin: "" };

beforeAll(async () => {
  const db = database.db;
  const district = await createDistrict(db);
  const association = await createAssociation(db, { districtId: district.id });
  const hub = await createHub(db, { districtId: district.id, associationIds: [association.id] });
  const slot = await createRoleSlot(db, { hubId: hub.id });
  const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
  const coordinator = await createUser(db, { roles: ["coordinator"] });
  const volunteerUser = await createUser(db);
  const applicable = await createApplicableActivity(db, { hubId: hub.id });
  const applied = await apply(db, { occurrenceId: applicable.occurrence.id, scope: "one", details: applicantDetails() });
  const [council] = await db.insert(councils).values({ districtId: district.id, name: "見守り意見交換会", theme: "見守り", establishedOn: "2022-04-01", isPublic: true }).returning();
  const [scheme] = await db.insert(mutualAidSchemes).values({ districtId: district.id, councilId: council?.id, name: "見守り", launchedOn: "2023-01-10", isPublic: true }).returning();
  Object.assign(ids, {
    councilId: council?.id ?? 0,
    schemeId: scheme?.id ?? 0,
    applyActivityId: applicable.activity.id,
    applicationToken: applied.token,
    hubId: hub.id,
    activityId: slot.activity.id,
    occurrenceId: slot.occurrence.id,
    personId: (await createSupportedPerson(db, coordinator.id, { districtId: district.id, walkingMetres: 1000 })).id,
    userId: volunteerUser.id,
  });
  cookies.volunteer = await sessionCookie(volunteerUser.id);
  cookies.organiser = await sessionCookie(organiser.id);
  cookies.coordinator = await sessionCookie(coordinator.id);
  cookies.staff = await sessionCookie((await createUser(db, { roles: ["staff"] })).id);
  cookies.admin = await sessionCookie((await createUser(db, { roles: ["admin"] })).id);
});

type Loader = (args: LoaderFunctionArgs) => unknown;
interface Spec {
  loader: Loader;
  path: string;
  cookie?: keyof typeof cookies;
  params?: () => Record<string, string>;
}

const hub = () => ({ hubId: String(ids.hubId) });
const activity = () => ({ activityId: String(ids.activityId) });
const occurrence = () => ({ occurrenceId: String(ids.occurrenceId) });
const person = () => ({ personId: String(ids.personId) });

const specs: Record<string, Spec> = {
  "_index.tsx": { loader: index.loader, path: "/" },
  "account.tsx": { loader: account.loader, path: "/account", cookie: "volunteer" },
  "activities.$activityId.tsx": { loader: activityPage.loader, path: "/activities/1", params: activity },
  "activities.$activityId_.apply.tsx": { loader: activityApply.loader, path: "/activities/1/apply", params: () => ({ activityId: String(ids.applyActivityId) }) },
  "applications.$token.tsx": { loader: applicationPage.loader, path: "/applications/x", params: () => ({ token: ids.applicationToken }) },
  "activities.$activityId_.calendar[.]ics.ts": { loader: activityCalendar.loader, path: "/activities/1/calendar.ics", params: activity },
  "admin.tsx": { loader: adminLayout.loader, path: "/admin", cookie: "admin" },
  "admin._index.tsx": { loader: adminIndex.loader, path: "/admin", cookie: "admin" },
  "admin.associations.tsx": { loader: adminAssociations.loader, path: "/admin/associations", cookie: "admin" },
  "admin.audit.tsx": { loader: adminAudit.loader, path: "/admin/audit", cookie: "admin" },
  "admin.hubs.new.tsx": { loader: adminNewHub.loader, path: "/admin/hubs/new", cookie: "admin" },
  "admin.imports.facilities.tsx": { loader: adminFacilityImport.loader, path: "/admin/imports/facilities", cookie: "admin" },
  "admin.support.tsx": { loader: adminSupport.loader, path: "/admin/support", cookie: "admin" },
  "admin.users.$userId.tsx": { loader: adminUser.loader, path: "/admin/users/x", cookie: "admin", params: () => ({ userId: ids.userId }) },
  "api.hubs[.]geojson.ts": { loader: hubsGeojson.loader, path: "/api/hubs.geojson" },
  "api.map-points.ts": { loader: mapPoints.loader, path: "/api/map-points" },
  "healthz.ts": { loader: healthz.loader, path: "/healthz" },
  "hubs.$hubId.tsx": { loader: hubPage.loader, path: "/hubs/1", params: hub },
  "hubs.$hubId_.calendar[.]ics.ts": { loader: hubCalendar.loader, path: "/hubs/1/calendar.ics", params: hub },
  "hubs.$hubId_.print.tsx": { loader: hubPrint.loader, path: "/hubs/1/print", params: hub },
  "language.ts": { loader: language.loader, path: "/language" },
  "login.tsx": { loader: login.loader, path: "/login" },
  "logout.ts": { loader: logout.loader, path: "/logout" },
  "organise._index.tsx": { loader: organise.loader, path: "/organise", cookie: "organiser" },
  "organise.activities.$activityId.tsx": { loader: organiseActivity.loader, path: "/organise/activities/1", cookie: "organiser", params: activity },
  "organise.attendance.tsx": { loader: organiseAttendanceList.loader, path: "/organise/attendance", cookie: "organiser" },
  "organise.hubs.$hubId.tsx": { loader: organiseHub.loader, path: "/organise/hubs/1", cookie: "organiser", params: hub },
  "organise.hubs.$hubId_.activities.new.tsx": { loader: organiseNewActivity.loader, path: "/organise/hubs/1/activities/new", cookie: "organiser", params: hub },
  "organise.occurrences.$occurrenceId.attendance.tsx": { loader: organiseAttendance.loader, path: "/organise/occurrences/1/attendance", cookie: "organiser", params: occurrence },
  "organise_.occurrences.$occurrenceId.tsx": { loader: organiseRoster.loader, path: "/organise/occurrences/1", cookie: "organiser", params: occurrence },
  "organise_.occurrences.$occurrenceId_.reception.tsx": { loader: organiseReception.loader, path: "/organise/occurrences/1/reception", cookie: "organiser", params: occurrence },
  "organise_.upcoming.tsx": { loader: organiseUpcoming.loader, path: "/organise/upcoming", cookie: "organiser" },
  "signup.tsx": { loader: signup.loader, path: "/signup" },
  "staff._index.tsx": { loader: staff.loader, path: "/staff", cookie: "staff" },
  "staff.hubs[.]csv.ts": { loader: staffHubsCsv.loader, path: "/staff/hubs.csv", cookie: "staff" },
  "staff.indicators[.]csv.ts": { loader: staffIndicatorsCsv.loader, path: "/staff/indicators.csv", cookie: "staff" },
  "staff.population.tsx": { loader: staffPopulation.loader, path: "/staff/population", cookie: "staff" },
  "staff.hubs[.]xlsx.ts": { loader: staffHubsXlsx.loader, path: "/staff/hubs.xlsx", cookie: "staff" },
  "staff.indicators[.]xlsx.ts": { loader: staffIndicatorsXlsx.loader, path: "/staff/indicators.xlsx", cookie: "staff" },
  "staff.kayoi._index.tsx": { loader: staffKayoi.loader, path: "/staff/kayoi", cookie: "staff" },
  "staff.kayoi[.]csv.ts": { loader: staffKayoiCsv.loader, path: "/staff/kayoi.csv", cookie: "staff" },
  "staff.kayoi[.]xlsx.ts": { loader: staffKayoiXlsx.loader, path: "/staff/kayoi.xlsx", cookie: "staff" },
  "staff.kayoi.hubs.$hubId.tsx": { loader: staffKayoiHub.loader, path: "/staff/kayoi/hubs/1", cookie: "staff", params: hub },
  "organise.attendance[.]csv.ts": { loader: organiseAttendanceCsv.loader, path: "/organise/attendance.csv", cookie: "organiser" },
  "organise.attendance[.]xlsx.ts": { loader: organiseAttendanceXlsx.loader, path: "/organise/attendance.xlsx", cookie: "organiser" },
  "opendata._index.tsx": { loader: openDataIndex.loader, path: "/opendata" },
  "opendata.$file.ts": { loader: openDataFile.loader, path: "/opendata/events.csv", params: () => ({ file: "events.csv" }) },
  "staff.supporters.tsx": { loader: staffSupporters.loader, path: "/staff/supporters", cookie: "staff" },
  "staff.surveys.tsx": { loader: staffSurveys.loader, path: "/staff/surveys", cookie: "staff" },
  "staff.targets.tsx": { loader: staffTargets.loader, path: "/staff/targets", cookie: "staff" },
  "councils.tsx": { loader: publicCouncils.loader, path: "/councils" },
  "staff.councils._index.tsx": { loader: staffCouncils.loader, path: "/staff/councils", cookie: "staff" },
  "staff.councils.new.tsx": { loader: staffNewCouncil.loader, path: "/staff/councils/new", cookie: "staff" },
  "staff.councils.$councilId.tsx": { loader: staffCouncil.loader, path: "/staff/councils/1", cookie: "staff", params: () => ({ councilId: String(ids.councilId) }) },
  "staff.mutual-aid.new.tsx": { loader: staffNewScheme.loader, path: "/staff/mutual-aid/new", cookie: "staff" },
  "staff.mutual-aid.$schemeId.tsx": { loader: staffScheme.loader, path: "/staff/mutual-aid/1", cookie: "staff", params: () => ({ schemeId: String(ids.schemeId) }) },
  "support.$personId._index.tsx": { loader: supportPerson.loader, path: "/support/1", cookie: "coordinator", params: person },
  "support.$personId.edit.tsx": { loader: supportEdit.loader, path: "/support/1/edit", cookie: "coordinator", params: person },
  "support.$personId.places.tsx": { loader: supportPlaces.loader, path: "/support/1/places", cookie: "coordinator", params: person },
  "support._index.tsx": { loader: supportIndex.loader, path: "/support", cookie: "coordinator" },
  "support.notifications.tsx": { loader: supportNotifications.loader, path: "/support/notifications", cookie: "coordinator" },
  "support.new.tsx": { loader: supportNew.loader, path: "/support/new", cookie: "coordinator" },
  "volunteer.tsx": { loader: volunteer.loader, path: "/volunteer", cookie: "volunteer" },
  "volunteer_.calendar.$token.ts": { loader: volunteerCalendar.loader, path: "/volunteer/calendar/x", params: () => ({ token: "AAAAAAAAAAAAAAAAAAAAAAAA" }) },
  "volunteer_.profile.tsx": { loader: volunteerProfile.loader, path: "/volunteer/profile", cookie: "volunteer" },
  "volunteer_.sessions.$occurrenceId.tsx": { loader: volunteerSession.loader, path: "/volunteer/sessions/1", cookie: "volunteer", params: occurrence },
};

test("every route module with a loader has a hostile-query spec", () => {
  const dir = path.resolve("app/routes");
  const withLoader = readdirSync(dir)
    .filter((file) => /^export (async )?function loader\b|^export const loader\b/m.test(readFileSync(path.join(dir, file), "utf8")))
    .sort();
  expect(withLoader).toEqual(Object.keys(specs).sort());
});

async function ask(spec: Spec, search: URLSearchParams, params: Record<string, string>) {
  const request = get(`${spec.path}?${search}`, spec.cookie ? cookies[spec.cookie] : undefined);
  const response = await run(() => spec.loader({ request, context, params }));
  // Streamed bodies (GeoJSON, CSV) fail while they are read: read them.
  const body = await response.text();
  expect(response.status, body.slice(0, 300)).toBeLessThan(500);
  if (spec.cookie) expect(response.headers.get("Location") ?? "").not.toMatch(/^\/login/);
}

describe.each(Object.entries(specs))("%s", (_file, spec) => {
  test("the worst values in every query parameter and route param at once: never a 500", async () => {
    for (const value of worst) {
      await ask(spec, new URLSearchParams(Object.keys(queryParams).map((name) => [name, value])), spec.params?.() ?? {});
      if (spec.params) await ask(spec, new URLSearchParams(), Object.fromEntries(Object.keys(spec.params()).map((key) => [key, value])));
    }
  });

  test("hostile query strings and route params: never a 500", async () => {
    const param = spec.params ? fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: hostile, weight: 1 }) : fc.constant(null);
    await fc.assert(
      fc.asyncProperty(query, param, async (entries, hostileParam) => {
        const search = new URLSearchParams();
        for (const [name, values] of entries) for (const value of values) search.append(name, value);
        await ask(spec, search, Object.fromEntries(Object.entries(spec.params?.() ?? {}).map(([key, value]) => [key, hostileParam ?? value])));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
