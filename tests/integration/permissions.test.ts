// The permission matrix: every protected loader and action, for every kind of person, with the
// status the server answers. "ok" means the request got through the access check (200 for a
// page, 302/400 for an action given deliberately invalid input, so nothing is written).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import * as account from "~/routes/account";
import * as admin from "~/routes/admin";
import * as adminIndex from "~/routes/admin._index";
import * as adminAssociations from "~/routes/admin.associations";
import * as adminAudit from "~/routes/admin.audit";
import * as adminNewHub from "~/routes/admin.hubs.new";
import * as adminUser from "~/routes/admin.users.$userId";
import * as login from "~/routes/login";
import * as organise from "~/routes/organise._index";
import * as organiseActivity from "~/routes/organise.activities.$activityId";
import * as organiseHub from "~/routes/organise.hubs.$hubId";
import * as organiseNewActivity from "~/routes/organise.hubs.$hubId_.activities.new";
import * as signup from "~/routes/signup";
import { createActivity } from "../factories/activities";
import { createHub } from "../factories/places";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

const personas = ["anonymous", "volunteer", "organiserOwnHub", "organiserOtherHub", "coordinator", "staff", "admin"] as const;
type Persona = (typeof personas)[number];
type Expected = "ok" | 302 | 403;

const cookies = new Map<Persona, string | undefined>();
let ownHubId = 0;
let ownActivityId = 0;
let targetUserId = "";

beforeAll(async () => {
  const db = database.db;
  const own = await createHub(db);
  const other = await createHub(db);
  ownHubId = own.id;
  ownActivityId = (await createActivity(db, { hubId: own.id })).id;
  const make = async (roles: Parameters<typeof createUser>[1]) => sessionCookie((await createUser(db, roles)).id);
  cookies.set("anonymous", undefined);
  cookies.set("volunteer", await make({}));
  cookies.set("organiserOwnHub", await make({ roles: ["organiser"], hubIds: [own.id] }));
  cookies.set("organiserOtherHub", await make({ roles: ["organiser"], hubIds: [other.id] }));
  cookies.set("coordinator", await make({ roles: ["coordinator"] }));
  cookies.set("staff", await make({ roles: ["staff"] }));
  cookies.set("admin", await make({ roles: ["admin"] }));
  targetUserId = (await createUser(db)).id;
});

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

interface Case {
  name: string;
  call: (cookie: string | undefined) => Promise<Response>;
  expected: Record<Persona, Expected>;
}

const page = (fn: Loader, path: () => string, params: () => Record<string, string> = () => ({})) => (cookie: string | undefined) =>
  run(() => fn({ request: get(path(), cookie), context, params: params() }));
const submit = (fn: Action, path: () => string, fields: Record<string, string>, params: () => Record<string, string> = () => ({})) => (cookie: string | undefined) =>
  run(() => fn({ request: post(path(), fields, cookie), context, params: params() }));

const everyoneLoggedIn: Record<Persona, Expected> = {
  anonymous: 302,
  volunteer: "ok",
  organiserOwnHub: "ok",
  organiserOtherHub: "ok",
  coordinator: "ok",
  staff: "ok",
  admin: "ok",
};
const organisersAndAdmin: Record<Persona, Expected> = {
  anonymous: 302,
  volunteer: 403,
  organiserOwnHub: "ok",
  organiserOtherHub: "ok",
  coordinator: 403,
  staff: 403,
  admin: "ok",
};
const hubEditors: Record<Persona, Expected> = { ...organisersAndAdmin, organiserOtherHub: 403 };
const adminOnly: Record<Persona, Expected> = {
  anonymous: 302,
  volunteer: 403,
  organiserOwnHub: 403,
  organiserOtherHub: 403,
  coordinator: 403,
  staff: 403,
  admin: "ok",
};
const anonymousOnly: Record<Persona, Expected> = {
  anonymous: "ok",
  volunteer: 302,
  organiserOwnHub: 302,
  organiserOtherHub: 302,
  coordinator: 302,
  staff: 302,
  admin: 302,
};

const hubParams = () => ({ hubId: String(ownHubId) });
const userParams = () => ({ userId: targetUserId });
const activityParams = () => ({ activityId: String(ownActivityId) });

const cases: Case[] = [
  { name: "GET /login", call: page(login.loader, () => "/login"), expected: anonymousOnly },
  { name: "GET /signup", call: page(signup.loader, () => "/signup"), expected: anonymousOnly },
  { name: "GET /account", call: page(account.loader, () => "/account"), expected: everyoneLoggedIn },
  { name: "POST /account (empty password change)", call: submit(account.action, () => "/account", { intent: "password" }), expected: everyoneLoggedIn },
  { name: "GET /organise", call: page(organise.loader, () => "/organise"), expected: organisersAndAdmin },
  { name: "GET /organise/hubs/:hubId", call: page(organiseHub.loader, () => `/organise/hubs/${ownHubId}`, hubParams), expected: hubEditors },
  {
    name: "POST /organise/hubs/:hubId (invalid form)",
    call: submit(organiseHub.action, () => `/organise/hubs/${ownHubId}`, { name: "" }, hubParams),
    expected: hubEditors,
  },
  {
    name: "GET /organise/hubs/:hubId/activities/new",
    call: page(organiseNewActivity.loader, () => `/organise/hubs/${ownHubId}/activities/new`, hubParams),
    expected: hubEditors,
  },
  {
    name: "POST /organise/hubs/:hubId/activities/new (invalid form)",
    call: submit(organiseNewActivity.action, () => `/organise/hubs/${ownHubId}/activities/new`, { title: "" }, hubParams),
    expected: hubEditors,
  },
  {
    name: "GET /organise/activities/:activityId",
    call: page(organiseActivity.loader, () => `/organise/activities/${ownActivityId}`, activityParams),
    expected: hubEditors,
  },
  {
    name: "POST /organise/activities/:activityId (invalid role)",
    call: submit(organiseActivity.action, () => `/organise/activities/${ownActivityId}`, { intent: "addRole", name: "", slots: "0" }, activityParams),
    expected: hubEditors,
  },
  { name: "GET /admin (layout)", call: page(admin.loader, () => "/admin"), expected: adminOnly },
  { name: "GET /admin (accounts)", call: page(adminIndex.loader, () => "/admin"), expected: adminOnly },
  { name: "GET /admin/users/:userId", call: page(adminUser.loader, () => `/admin/users/${targetUserId}`, userParams), expected: adminOnly },
  {
    name: "POST /admin/users/:userId (no scope chosen)",
    call: submit(adminUser.action, () => `/admin/users/${targetUserId}`, { intent: "addHub", hubId: "" }, userParams),
    expected: adminOnly,
  },
  { name: "GET /admin/associations", call: page(adminAssociations.loader, () => "/admin/associations"), expected: adminOnly },
  { name: "POST /admin/associations (empty)", call: submit(adminAssociations.action, () => "/admin/associations", { name: "" }), expected: adminOnly },
  { name: "GET /admin/hubs/new", call: page(adminNewHub.loader, () => "/admin/hubs/new"), expected: adminOnly },
  { name: "POST /admin/hubs/new (empty)", call: submit(adminNewHub.action, () => "/admin/hubs/new", { name: "" }), expected: adminOnly },
  { name: "GET /admin/audit", call: page(adminAudit.loader, () => "/admin/audit"), expected: adminOnly },
];

describe.each(cases)("$name", ({ call, expected }) => {
  test.each(personas)("%s", async (persona) => {
    const response = await call(cookies.get(persona));
    const want = expected[persona];
    if (want === "ok") {
      expect([200, 302, 400]).toContain(response.status);
      // Not bounced to the login page or refused.
      expect(response.headers.get("Location") ?? "").not.toMatch(/^\/login/);
    } else {
      expect(response.status).toBe(want);
      if (want === 302 && persona === "anonymous") expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });
});
