// Stored text always renders escaped: HTML and script payloads are saved through the real forms
// of the built server (hub, 自治会, activity, role, session note and cancel reason, display name,
// roster guest, volunteer skills, a supported person's record), then every page that shows them
// is fetched as the person who may see it. Each page must show the payload as text (escaped),
// never the payload itself, and carry no element with an inline event handler, no javascript:
// URL and no script without the response's CSP nonce.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { createDistrict, createHubKind } from "../factories/places";
import { createUser, TEST_PASSWORD } from "../factories/users";
import { killStartedServers, startBuiltServer, type BuiltServer } from "./built-server";

/** One payload per stored field, each within its field's length limit and valid otherwise. */
const P = {
  association: `"'><img src=x onerror=alert(1)>`,
  hubName: `<script>alert(2)</script>&"'`,
  hubDescription: `</textarea><script>alert(3)</script>`,
  hubAddress: `"><svg onload=alert(4)>`,
  hubContactNote: `<iframe src=javascript:alert(5)>`,
  activityTitle: `<img src=x onerror=alert(6)>`,
  activityDescription: `</textarea><img src=x onerror=alert(7)>`,
  feeNote: `<b onmouseover=alert(8)>`,
  accessibilityNotes: `<a href="javascript:alert(9)">x</a>`,
  roleName: `<img src=x onerror=alert(10)>`,
  roleDescription: `"><script>alert(11)</script>`,
  roleSkill: `<u onclick=alert(12)>`,
  sessionNote: `"><img src=x onerror=alert(13)>`,
  cancelReason: `<script>alert(14)</script>`,
  displayName: `<img src=x onerror=alert(15)>`,
  guestName: `"><img src=x onerror=alert(16)>`,
  guestNote: `<script>alert(17)</script>`,
  freeSkill: `<img src=x onerror=alert(18)>`,
  caseCode: `<img src=x onerror=alert(19)>`,
  pseudonym: `"><script>alert(20)</script>`,
  realName: `<img src=x onerror=alert(21)>`,
  interest: `<svg onload=alert(22)>`,
  constraintNote: `</textarea><script>alert(23)</script>`,
  consentPurpose: `<img src=x onerror=alert(24)>`,
  consentScope: `<img src=x onerror=alert(25)>`,
  entryNotes: `</textarea><img src=x onerror=alert(26)>`,
  partnerName: `"><img src=x onerror=alert(27)>`,
} as const;
type Payload = keyof typeof P;

/** What React writes for text and attribute values. */
function escaped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every start tag with its attribute names and values (React output: values always quoted). */
function startTags(html: string): { name: string; attributes: [string, string][] }[] {
  const tags = [];
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g)) {
    const attributes: [string, string][] = [];
    for (const a of (match[2] ?? "").matchAll(/([^\s=>"'/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
      attributes.push([(a[1] ?? "").toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ""]);
    }
    tags.push({ name: (match[1] ?? "").toLowerCase(), attributes });
  }
  return tags;
}

function expectEscaped(html: string, shown: Payload[]) {
  for (const [key, payload] of Object.entries(P)) expect(html, `${key} unescaped`).not.toContain(payload);
  for (const key of shown) expect(html, `${key} shown as text`).toContain(escaped(P[key]));
  for (const tag of startTags(html)) {
    for (const [name, value] of tag.attributes) {
      expect(name, `<${tag.name} ${name}=…> is an inline event handler`).not.toMatch(/^on/);
      if (["href", "src", "action", "formaction"].includes(name)) expect(value.trim().toLowerCase()).not.toMatch(/^javascript:/);
    }
    if (tag.name === "script") expect(tag.attributes.some(([name]) => name === "nonce"), "a script without the nonce").toBe(true);
  }
}

let server: BuiltServer;
let dataDir: string;
const people = { admin: "", staff: "", coordinator: "" };
const ids = { districtId: 0, kindId: 0 };
const cookies: Record<"admin" | "staff" | "coordinator" | "volunteer", string> = { admin: "", staff: "", coordinator: "", volunteer: "" };
const made = { associationId: "", hubId: "", activityId: "", roleId: "", occurrenceId: "", otherOccurrenceId: "", personId: "", volunteerId: "" };

async function send(pathname: string, fields: Record<string, string | string[]>, cookie?: string): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return fetch(`${server.url}${pathname}`, { method: "POST", body, headers: { Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) }, redirect: "manual" });
}

/** Posts a form that must be accepted: 302 (its Location) or 200. */
async function submit(pathname: string, fields: Record<string, string | string[]>, cookie?: string): Promise<string> {
  const response = await send(pathname, fields, cookie);
  const text = await response.text();
  expect(response.status, `${pathname}: ${text.slice(0, 300)}`).toBe(302);
  return response.headers.get("location") ?? "";
}

async function page(pathname: string, cookie?: string): Promise<string> {
  const response = await fetch(`${server.url}${pathname}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  const html = await response.text();
  expect(response.status, `GET ${pathname}`).toBe(200);
  return html;
}

async function logIn(email: string): Promise<string> {
  const response = await send("/login", { email, password: TEST_PASSWORD });
  expect(response.status).toBe(302);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

const dateIn = (days: number) => new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "machinaeki-escape-"));
  // The accounts and the lists the forms choose from; everything shown below goes through a form.
  const handle = await openDatabase({ dataDir: path.join(dataDir, "db") });
  await migrateDatabase(handle);
  const admin = await createUser(handle.db, { roles: ["admin"] });
  const staff = await createUser(handle.db, { roles: ["staff"] });
  const coordinator = await createUser(handle.db, { roles: ["coordinator"] });
  ids.districtId = (await createDistrict(handle.db)).id;
  ids.kindId = (await createHubKind(handle.db)).id;
  await handle.close();
  Object.assign(people, { admin: admin.email, staff: staff.email, coordinator: coordinator.email });

  server = await startBuiltServer({ PGLITE_DATA_DIR: path.join(dataDir, "db") });
  cookies.admin = await logIn(people.admin);
  cookies.staff = await logIn(people.staff);
  cookies.coordinator = await logIn(people.coordinator);

  // A volunteer signs up with a payload as display name.
  const signup = await send("/signup", { email: "escape-volunteer@example.jp", displayName: P.displayName, password: "a long enough passphrase" });
  expect(signup.status).toBe(302);
  cookies.volunteer = (signup.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

  // An admin makes a 自治会 and a hub serving it.
  await submit("/admin/associations", { name: P.association, districtId: String(ids.districtId) }, cookies.admin);
  const hubForm = await page("/admin/hubs/new", cookies.admin);
  made.associationId = new RegExp(`value="(\\d+)"[^>]*/?>(?:<!-- -->)?${escapeRegExp(escaped(P.association))}`).exec(hubForm)?.[1] ?? "";
  expect(made.associationId).not.toBe("");
  const hubLocation = await submit(
    "/admin/hubs/new",
    {
      name: P.hubName,
      description: P.hubDescription,
      kindId: String(ids.kindId),
      districtId: String(ids.districtId),
      address: P.hubAddress,
      lat: "34.6917",
      lng: "135.7006",
      accessibility: "step_free",
      contactPhone: "",
      contactEmail: "",
      contactNote: P.hubContactNote,
      associationIds: made.associationId,
      status: "public",
    },
    cookies.admin,
  );
  made.hubId = /\/organise\/hubs\/(\d+)/.exec(hubLocation)?.[1] ?? "";

  // An activity every week for three weeks, with a role.
  const startDate = dateIn(3);
  const weekday = String(((new Date(`${startDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1);
  const activityLocation = await submit(
    `/organise/hubs/${made.hubId}/activities/new`,
    {
      title: P.activityTitle,
      description: P.activityDescription,
      category: "salon",
      audience: "everyone",
      feeYen: "100",
      feeNote: P.feeNote,
      capacity: "",
      welcomesSupported: "on",
      accessibilityNotes: P.accessibilityNotes,
      scheduleKind: "weekly",
      interval: "1",
      weekdays: weekday,
      startDate,
      endDate: dateIn(20),
      startTime: "10:00",
      endTime: "11:30",
      exceptionDates: "",
    },
    cookies.admin,
  );
  made.activityId = /\/organise\/activities\/(\d+)/.exec(activityLocation)?.[1] ?? "";
  const activityPath = `/organise/activities/${made.activityId}`;
  await submit(activityPath, { intent: "addRole", name: P.roleName, description: P.roleDescription, slots: "3", skills: `${P.roleSkill}、料理` }, cookies.admin);
  const organiserPage = await page(activityPath, cookies.admin);
  const sessions = [...organiserPage.matchAll(/id="session-(\d+)"/g)].map((m) => m[1] ?? "");
  made.roleId = /id="role-(\d+)-name"/.exec(organiserPage)?.[1] ?? "";
  expect(sessions.length).toBeGreaterThanOrEqual(2);
  [made.occurrenceId = "", made.otherOccurrenceId = ""] = sessions;
  await submit(activityPath, { intent: "note", targetId: made.occurrenceId, note: P.sessionNote }, cookies.admin);
  await submit(activityPath, { intent: "cancel", targetId: made.otherOccurrenceId, reason: P.cancelReason }, cookies.admin);

  // The volunteer's profile and sign-up; a guest on the roster.
  await submit("/volunteer/profile", { freeSkills: P.freeSkill, home: "34.6917,135.7006", maxWalkingMinutes: "30", contactOk: "on", availability: ["mon.morning"] }, cookies.volunteer);
  await submit(`/volunteer/sessions/${made.occurrenceId}`, { intent: "signup", occurrenceId: made.occurrenceId, roleId: made.roleId }, cookies.volunteer);
  await submit(`/organise/occurrences/${made.occurrenceId}`, { intent: "addGuest", roleId: made.roleId, guestName: P.guestName, guestNote: P.guestNote }, cookies.admin);
  const accounts = await page(`/admin?q=escape-volunteer`, cookies.admin);
  made.volunteerId = /href="\/admin\/users\/([A-Za-z0-9_-]+)"/.exec(accounts)?.[1] ?? "";

  // A coordinator's supported person, a 伴走記録 entry and a partner.
  const personLocation = await submit(
    "/support/new",
    {
      caseCode: P.caseCode,
      pseudonym: P.pseudonym,
      realName: P.realName,
      interests: `${P.interest}、園芸`,
      constraintNote: P.constraintNote,
      districtId: String(ids.districtId),
      walkingMetres: "1500",
      consentGivenOn: dateIn(-1),
      consentPurpose: P.consentPurpose,
      consentScope: P.consentScope,
    },
    cookies.coordinator,
  );
  made.personId = /\/support\/(\d+)/.exec(personLocation)?.[1] ?? "";
  await submit(`/support/${made.personId}`, { intent: "entry", kind: "interview", occurredOn: dateIn(-1), notes: P.entryNotes }, cookies.coordinator);
  await submit(`/support/${made.personId}`, { intent: "partner", partnerKind: "organisation", partnerName: P.partnerName, linkedOn: dateIn(-1) }, cookies.coordinator);
});

afterAll(async () => {
  killStartedServers();
  await rm(dataDir, { recursive: true, force: true });
});

type Viewer = keyof typeof cookies | "anonymous";
const pages: [string, Viewer, () => string, Payload[]][] = [
  ["hub page", "anonymous", () => `/hubs/${made.hubId}`, ["hubName", "hubDescription", "hubAddress", "hubContactNote", "association", "activityTitle"]],
  ["hub list", "anonymous", () => "/?near=34.6917,135.7006", ["hubName", "hubAddress"]],
  ["activity list", "anonymous", () => "/?view=activities&near=34.6917,135.7006", ["activityTitle", "hubName"]],
  ["activity page", "anonymous", () => `/activities/${made.activityId}`, ["activityTitle", "activityDescription", "feeNote", "accessibilityNotes", "roleName", "hubName", "sessionNote", "cancelReason"]],
  ["printed month", "anonymous", () => `/hubs/${made.hubId}/print`, ["hubName", "activityTitle"]],
  ["organiser's hubs", "admin", () => "/organise", ["hubName"]],
  ["hub form", "admin", () => `/organise/hubs/${made.hubId}`, ["hubName", "hubDescription", "hubAddress", "hubContactNote", "association"]],
  ["activity form", "admin", () => `/organise/activities/${made.activityId}`, ["activityTitle", "activityDescription", "feeNote", "accessibilityNotes", "roleName", "roleDescription", "roleSkill", "sessionNote", "cancelReason"]],
  ["roster", "admin", () => `/organise/occurrences/${made.occurrenceId}`, ["activityTitle", "roleName", "displayName", "guestName", "guestNote"]],
  ["attendance form", "admin", () => `/organise/occurrences/${made.occurrenceId}/attendance`, ["activityTitle"]],
  ["upcoming sessions", "admin", () => "/organise/upcoming", ["activityTitle", "roleName"]],
  ["volunteer's page", "volunteer", () => "/volunteer", ["activityTitle", "hubName", "roleName"]],
  ["volunteer's session", "volunteer", () => `/volunteer/sessions/${made.occurrenceId}`, ["activityTitle", "hubName", "roleName", "roleDescription"]],
  ["volunteer profile", "volunteer", () => "/volunteer/profile", ["freeSkill"]],
  ["account", "volunteer", () => "/account", ["displayName"]],
  ["admin accounts", "admin", () => "/admin", ["displayName"]],
  ["admin account", "admin", () => `/admin/users/${made.volunteerId}`, ["displayName"]],
  ["admin 自治会", "admin", () => "/admin/associations", ["association"]],
  ["new hub form", "admin", () => "/admin/hubs/new", ["association"]],
  ["staff dashboard", "staff", () => "/staff", []],
  ["supported persons", "coordinator", () => "/support", ["caseCode", "pseudonym"]],
  ["supported person", "coordinator", () => `/support/${made.personId}`, ["caseCode", "pseudonym", "realName", "interest", "constraintNote", "consentPurpose", "consentScope", "entryNotes", "partnerName"]],
  ["supported person form", "coordinator", () => `/support/${made.personId}/edit`, ["caseCode", "pseudonym", "realName", "interest", "constraintNote", "consentPurpose", "consentScope"]],
  ["places for the person", "coordinator", () => `/support/${made.personId}/places`, ["activityTitle", "hubName"]],
];

describe.each(pages)("%s", (_name, viewer, pathname, shown) => {
  test("shows the stored payloads as text and injects nothing", async () => {
    const html = await page(pathname(), viewer === "anonymous" ? undefined : cookies[viewer]);
    expectEscaped(html, shown);
  });
});

test("no request of this run was answered with a 500", () => {
  expect(server.output()).not.toMatch(/\s5\d\d\s/);
});
