import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { accompanimentEntries, auditEvents, supportedPersons, supportPartnerLinks, supportStageChanges } from "#db/schema";
import { action as personAction, loader as personLoader } from "~/routes/support.$personId._index";
import { action as editAction, loader as editLoader } from "~/routes/support.$personId.edit";
import { loader as listLoader } from "~/routes/support._index";
import { action as newAction, loader as newLoader } from "~/routes/support.new";
import { action as adminAction, loader as adminLoader } from "~/routes/admin.support";
import { createHub } from "../factories/places";
import { createSupportedPerson } from "../factories/support";
import { createUser, sessionCookie } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

// Values that must never reach anyone but the assigned coordinators.
const secret = {
  caseCode: "ケース9001",
  pseudonym: "秘密のDさん（ケース9001）",
  realName: "漏洩 テスト子",
  constraintNote: "秘密の配慮メモ",
  consentPurpose: "秘密の同意目的",
  interests: ["秘密の趣味"],
};
const secretNote = "秘密の伴走メモ";

let personId = 0;
let owner = { id: "", cookie: "" };
const visitors: Record<string, string | undefined> = {};

beforeAll(async () => {
  const db = database.db;
  const ownerUser = await createUser(db, { roles: ["coordinator"] });
  owner = { id: ownerUser.id, cookie: await sessionCookie(ownerUser.id) };
  const person = await createSupportedPerson(db, ownerUser.id, { ...secret, constraints: ["quiet", "needs_companion"] });
  personId = person.id;
  const entry = await run(() => personAction({ request: post(`/support/${personId}`, { intent: "entry", kind: "interview", occurredOn: "2026-05-01", notes: secretNote }, owner.cookie), params: { personId: String(personId) }, context }));
  expect(entry.status).toBe(302);
  const hub = await createHub(db);
  visitors.anonymous = undefined;
  visitors.volunteer = await sessionCookie((await createUser(db)).id);
  visitors.organiser = await sessionCookie((await createUser(db, { roles: ["organiser"], hubIds: [hub.id] })).id);
  visitors.staff = await sessionCookie((await createUser(db, { roles: ["staff"] })).id);
  visitors.admin = await sessionCookie((await createUser(db, { roles: ["admin"] })).id);
  visitors["another coordinator"] = await sessionCookie((await createUser(db, { roles: ["coordinator"] })).id);
});

type Call = { name: string; call: (cookie?: string) => Promise<Response> };

function calls(): Call[] {
  const params = { personId: String(personId) };
  const path = `/support/${personId}`;
  const intents: Record<string, Record<string, string>> = {
    stage: { intent: "stage", stage: "visit", changedOn: "2026-06-01" },
    entry: { intent: "entry", kind: "phone", occurredOn: "2026-06-01", notes: "侵入者のメモ" },
    partner: { intent: "partner", partnerKind: "organisation", partnerName: "侵入者の団体", linkedOn: "2026-06-01" },
    withdraw: { intent: "withdraw", withdrawnOn: "2026-06-01", confirmCaseCode: secret.caseCode },
  };
  const editFields = { caseCode: "乗っ取り", pseudonym: "乗っ取り", realName: "", interests: "", constraintNote: "", districtId: "", walkingMetres: "", consentGivenOn: "2026-04-01", consentPurpose: "x", consentScope: "x" };
  return [
    { name: `GET ${path}`, call: (cookie) => run(() => personLoader({ request: get(path, cookie), params, context })) },
    { name: `GET ${path}/edit`, call: (cookie) => run(() => editLoader({ request: get(`${path}/edit`, cookie), params, context })) },
    ...Object.entries(intents).map(([intent, fields]) => ({
      name: `POST ${path} intent=${intent}`,
      call: (cookie?: string) => run(() => personAction({ request: post(path, fields, cookie), params, context })),
    })),
    { name: `POST ${path}/edit`, call: (cookie) => run(() => editAction({ request: post(`${path}/edit`, editFields, cookie), params, context })) },
  ];
}

async function expectUnchanged() {
  const db = database.db;
  const [row] = await db.select().from(supportedPersons).where(eq(supportedPersons.id, personId));
  expect(row).toMatchObject({ caseCode: secret.caseCode, pseudonym: secret.pseudonym, stage: "consultation", anonymisedAt: null });
  expect(await db.select().from(accompanimentEntries).where(eq(accompanimentEntries.personId, personId))).toHaveLength(1);
  expect(await db.select().from(supportPartnerLinks).where(eq(supportPartnerLinks.personId, personId))).toHaveLength(0);
  expect(await db.select().from(supportStageChanges).where(eq(supportStageChanges.personId, personId))).toHaveLength(1);
}

describe.each(["anonymous", "volunteer", "organiser", "staff", "admin", "another coordinator"])("%s", (who) => {
  test("every /support URL and action for someone else's supported person is refused and leaks nothing", async () => {
    const cookie = visitors[who];
    for (const { name, call } of calls()) {
      const response = await call(cookie);
      const body = await response.text();
      if (who === "anonymous") {
        // Not logged in: off to the login page, which comes back here afterwards.
        expect(response.status, name).toBe(302);
        expect(response.headers.get("Location"), name).toMatch(/^\/login\?redirectTo=/);
      } else {
        expect([403, 404], `${name} → ${response.status}`).toContain(response.status);
      }
      for (const value of [...Object.values(secret).flat(), secretNote]) expect(body, name).not.toContain(value);
    }
    // The list: refused for non-coordinators; another coordinator sees only their own (none).
    const list = await run(() => listLoader({ request: get("/support", cookie), params: {}, context }));
    const listBody = await list.text();
    if (who === "another coordinator") {
      expect(list.status).toBe(200);
      expect(JSON.parse(listBody).persons).toEqual([]);
    } else {
      expect([302, 403]).toContain(list.status);
    }
    for (const value of [secret.pseudonym, secret.caseCode]) expect(listBody).not.toContain(value);
    await expectUnchanged();
  });
});

test("a non-coordinator cannot register a person, and the admin page never shows the record", async () => {
  for (const who of ["volunteer", "organiser", "staff", "admin"]) {
    expect((await run(() => newLoader({ request: get("/support/new", visitors[who]), params: {}, context }))).status).toBe(403);
    const created = await run(() => newAction({ request: post("/support/new", { caseCode: "x", pseudonym: "x" }, visitors[who]), params: {}, context }));
    expect(created.status).toBe(403);
  }
  const admin = await run(() => adminLoader({ request: get("/admin/support", visitors.admin), params: {}, context }));
  expect(admin.status).toBe(200);
  const body = await admin.text();
  expect(body).toContain(`"id":${personId}`);
  for (const value of [...Object.values(secret).flat(), secretNote]) expect(body).not.toContain(value);
  for (const who of ["volunteer", "organiser", "staff", "another coordinator"]) {
    expect((await run(() => adminLoader({ request: get("/admin/support", visitors[who]), params: {}, context }))).status).toBe(403);
    expect((await run(() => adminAction({ request: post("/admin/support", { personId: String(personId), coordinatorIds: owner.id }, visitors[who]), params: {}, context }))).status).toBe(403);
  }
});

test("another coordinator's attempts are in the audit log as denied, without any of the record", async () => {
  const denied = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "support.access.denied"), eq(auditEvents.targetId, String(personId))));
  expect(denied.length).toBeGreaterThanOrEqual(7);
  expect(JSON.stringify(denied)).not.toContain(secret.pseudonym);
});

test("a coordinator's own record: 200, no-store, and the read is an audit row naming who and which", async () => {
  const before = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "support.person.read"), eq(auditEvents.targetId, String(personId))));
  const response = await run(() => personLoader({ request: get(`/support/${personId}`, owner.cookie), params: { personId: String(personId) }, context }));
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const data = await response.json();
  expect(data.person).toMatchObject({ pseudonym: secret.pseudonym, realName: secret.realName });
  expect(data.person.realNameEncrypted).toBeUndefined();
  const after = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "support.person.read"), eq(auditEvents.targetId, String(personId))));
  expect(after.length).toBe(before.length + 1);
  const row = after.at(-1);
  expect(row).toMatchObject({ actorUserId: owner.id, targetType: "supported_person", targetId: String(personId), ip: context.clientIp });
  expect(row?.at).toBeInstanceOf(Date);
  expect(JSON.stringify(after)).not.toContain(secret.pseudonym);
  // The real name is stored encrypted, never as typed.
  const [stored] = await database.db.select({ name: supportedPersons.realNameEncrypted }).from(supportedPersons).where(eq(supportedPersons.id, personId));
  expect(stored?.name).toMatch(/^v1\./);
  expect(stored?.name).not.toContain(secret.realName);
});

test("an admin reassigns: the new coordinator gets the record, the old one a 404", async () => {
  const db = database.db;
  const newcomer = await createUser(db, { roles: ["coordinator"] });
  const other = await createSupportedPerson(db, owner.id);
  const response = await run(() => adminAction({ request: post("/admin/support", { personId: String(other.id), coordinatorIds: newcomer.id }, visitors.admin), params: {}, context }));
  expect(response.status).toBe(302);
  const params = { personId: String(other.id) };
  const newcomerCookie = await sessionCookie(newcomer.id);
  expect((await run(() => personLoader({ request: get(`/support/${other.id}`, newcomerCookie), params, context }))).status).toBe(200);
  expect((await run(() => personLoader({ request: get(`/support/${other.id}`, owner.cookie), params, context }))).status).toBe(404);
  // Only coordinators can be assigned; choosing nobody is a 400 with a message key.
  const volunteer = await createUser(db);
  expect((await run(() => adminAction({ request: post("/admin/support", { personId: String(other.id), coordinatorIds: volunteer.id }, visitors.admin), params: {}, context }))).status).toBe(409);
  const none = await run(() => adminAction({ request: post("/admin/support", { personId: String(other.id) }, visitors.admin), params: {}, context }));
  expect(none.status).toBe(400);
  expect((await none.json()).errors.coordinatorIds).toBe("support.field.coordinators.required");
});
