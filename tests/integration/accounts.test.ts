import { count, eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditEvents, hubAssociations, hubs, loginThrottles, organiserScopes, sessions, userRoles, users } from "#db/schema";
import { getOptionalUser, getSessionState } from "~/lib/auth.server";
import type { Db } from "~/lib/db.server";
import { serverTranslate } from "~/lib/i18n/all-messages.server";
import * as account from "~/routes/account";
import * as adminUser from "~/routes/admin.users.$userId";
import * as login from "~/routes/login";
import * as organiseHub from "~/routes/organise.hubs.$hubId";
import * as signup from "~/routes/signup";
import { createAssociation, createHub } from "../factories/places";
import { createUser, sessionCookie, TEST_PASSWORD } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, cookieFrom, get, post, run } from "../setup/requests";
import { rowsOf } from "~/lib/db-rows.server";

const database = useTestDatabase({ asAppDatabase: true });

async function countUsers(db: Db) {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

/** Every row of every table in the public schema, as text. */
async function dumpAllTables(db: Db): Promise<Map<string, string[]>> {
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`),
  ).map((row) => row.table_name);
  const dump = new Map<string, string[]>();
  for (const table of tables) {
    const rows = rowsOf<{ row: string }>(await db.execute(sql`select t::text as row from ${sql.identifier(table)} t`));
    dump.set(table, rows.map((r) => r.row));
  }
  return dump;
}

describe("sign-up", () => {
  test("bad input: 400, a Japanese message beside each field, typed values kept (not the password), nothing written", async () => {
    const before = await countUsers(database.db);
    const response = await run(() =>
      signup.action({ request: post("/signup", { email: "not-an-email", displayName: "さくら", password: "password123" }), context, params: {} }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.values).toEqual({ email: "not-an-email", displayName: "さくら" });
    expect(JSON.stringify(body)).not.toContain("password123");
    expect(serverTranslate("ja", body.errors.email)).toBe("メールアドレスの形式が正しくありません（例：name@example.jp）。");
    expect(serverTranslate("ja", body.errors.password)).toBe("よく使われていて推測されやすいパスワードです。別のものにしてください。");
    expect(await countUsers(database.db)).toBe(before);
  });

  test("password length counts characters: 8 kana pass, 7 fail, 129 fail, 128 pass", async () => {
    const attempt = async (password: string) =>
      (await run(() => signup.action({ request: post("/signup", { email: `len${password.length}-${Math.random()}@example.jp`, displayName: "x", password }), context, params: {} }))).status;
    expect(await attempt("あいうえおかきく")).toBe(302);
    expect(await attempt("あいうえおかき")).toBe(400);
    expect(await attempt("a".repeat(64) + "b".repeat(65))).toBe(400);
    expect(await attempt("a".repeat(64) + "b".repeat(64))).toBe(302);
  });

  test("creates a volunteer with an argon2id hash and logs them in", async () => {
    const response = await run(() =>
      signup.action({ request: post("/signup", { email: "New.Person@Example.jp", displayName: " 新しい人 ", password: "a good long passphrase" }), context, params: {} }),
    );
    expect(response.status).toBe(302);
    const user = await getOptionalUser(get("/", cookieFrom(response)));
    expect(user).toMatchObject({ email: "new.person@example.jp", displayName: "新しい人", roles: [] });
    const taken = await run(() =>
      signup.action({ request: post("/signup", { email: "new.person@example.jp", displayName: "別人", password: "another long passphrase" }), context, params: {} }),
    );
    expect(taken.status).toBe(400);
    expect((await taken.json()).errors.email).toBe("field.email.unavailable");
  });
});

describe("/account", () => {
  test("changing the password ends every other session; the wrong current password changes nothing", async () => {
    const user = await createUser(database.db);
    const phone = await sessionCookie(user.id);
    const laptop = await sessionCookie(user.id);
    const wrong = await run(() =>
      account.action({ request: post("/account", { intent: "password", currentPassword: "nope", newPassword: "brand new passphrase" }, laptop), context, params: {} }),
    );
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).errors.currentPassword).toBe("field.currentPassword.wrong");
    expect(await getOptionalUser(get("/", phone))).not.toBeNull();

    const response = await run(() =>
      account.action({ request: post("/account", { intent: "password", currentPassword: TEST_PASSWORD, newPassword: "brand new passphrase" }, laptop), context, params: {} }),
    );
    expect(response.status).toBe(302);
    expect(await getOptionalUser(get("/", phone))).toBeNull();
    expect(await getOptionalUser(get("/", laptop))).toBeNull();
    expect(await getOptionalUser(get("/", cookieFrom(response)))).toMatchObject({ id: user.id });
    const loginWithNew = await run(() => login.action({ request: post("/login", { email: user.email, password: "brand new passphrase" }), context, params: {} }));
    expect(loginWithNew.status).toBe(302);
  });

  test("deleting an account leaves no personal data in any table", async () => {
    const db = database.db;
    const association = await createAssociation(db);
    const hub = await createHub(db, { associationIds: [association.id] });
    const user = await createUser(db, {
      email: "delete.me@example.jp",
      displayName: "消える予定の人",
      roles: ["organiser", "staff"],
      hubIds: [hub.id],
      associationIds: [association.id],
    });
    // Leave traces everywhere a person can: sessions, a failed login counter, audit entries.
    await run(() => login.action({ request: post("/login", { email: user.email, password: "wrong" }), context, params: {} }));
    const ok = await run(() => login.action({ request: post("/login", { email: user.email, password: TEST_PASSWORD }), context, params: {} }));
    await run(() => login.action({ request: post("/login", { email: user.email, password: "wrong again" }), context, params: {} }));
    const cookie = cookieFrom(ok);
    const [hashRow] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    const passwordHash = hashRow?.hash ?? "";

    const unconfirmed = await run(() => account.action({ request: post("/account", { intent: "delete", password: TEST_PASSWORD }, cookie), context, params: {} }));
    expect(unconfirmed.status).toBe(400);
    expect((await unconfirmed.json()).errors.confirm).toBe("field.confirmDelete.required");
    expect(await countUsersWith(db, user.id)).toBe(1);

    const response = await run(() =>
      account.action({ request: post("/account", { intent: "delete", password: TEST_PASSWORD, confirm: "yes" }, cookie), context, params: {} }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);

    const dump = await dumpAllTables(db);
    for (const [table, rows] of dump) {
      const text = rows.join("\n");
      for (const personal of [user.email, user.displayName, passwordHash, "delete.me"]) {
        expect(text, `${table} still holds personal data`).not.toContain(personal);
      }
      // Only the audit trail may keep the random id (it names no one once the account is gone).
      if (table !== "audit_events") expect(text, `${table} still references the user`).not.toContain(user.id);
    }
    expect(dump.get("audit_events")?.some((row) => row.includes("account.deleted"))).toBe(true);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await db.select().from(userRoles).where(eq(userRoles.userId, user.id))).toEqual([]);
    expect(await db.select().from(organiserScopes).where(eq(organiserScopes.userId, user.id))).toEqual([]);
    expect((await db.select().from(loginThrottles)).some((row) => row.key.startsWith("account:"))).toBe(false);
    // The hub and the 自治会 the person organised stay.
    expect(await db.select().from(hubAssociations).where(eq(hubAssociations.hubId, hub.id))).toHaveLength(1);
  });
});

async function countUsersWith(db: Db, id: string) {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.id, id));
  return row?.n ?? 0;
}

describe("admin actions", () => {
  test("disabling an account ends its sessions at once; it cannot log in until enabled", async () => {
    const db = database.db;
    const adminCookie = await sessionCookie((await createUser(db, { roles: ["admin"] })).id);
    const user = await createUser(db);
    const userCookie = await sessionCookie(user.id);
    expect(await getOptionalUser(get("/", userCookie))).not.toBeNull();
    const response = await run(() => adminUser.action({ request: post(`/admin/users/${user.id}`, { intent: "disable" }, adminCookie), context, params: { userId: user.id } }));
    expect(response.status).toBe(302);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await getOptionalUser(get("/", userCookie))).toBeNull();
    const blocked = await run(() => login.action({ request: post("/login", { email: user.email, password: TEST_PASSWORD }), context, params: {} }));
    expect(blocked.status).toBe(400);
    expect((await blocked.json()).formError).toBe("login.invalid");
    await run(() => adminUser.action({ request: post(`/admin/users/${user.id}`, { intent: "enable" }, adminCookie), context, params: { userId: user.id } }));
    const allowed = await run(() => login.action({ request: post("/login", { email: user.email, password: TEST_PASSWORD }), context, params: {} }));
    expect(allowed.status).toBe(302);
  });

  test("role and scope changes are audited with who, what, when and from where; admins cannot lock themselves out", async () => {
    const db = database.db;
    const adminUserRow = await createUser(db, { roles: ["admin"] });
    const adminCookie = await sessionCookie(adminUserRow.id);
    const user = await createUser(db);
    const hub = await createHub(db);
    const call = (fields: Record<string, string | string[]>, userId = user.id) =>
      run(() => adminUser.action({ request: post(`/admin/users/${userId}`, fields, adminCookie), context, params: { userId } }));
    expect((await call({ intent: "roles", roles: ["organiser", "staff"] })).status).toBe(302);
    expect((await call({ intent: "roles", roles: ["organiser"] })).status).toBe(302);
    expect((await call({ intent: "addHub", hubId: String(hub.id) })).status).toBe(302);
    const [scope] = await db.select().from(organiserScopes).where(eq(organiserScopes.userId, user.id));
    expect((await call({ intent: "removeScope", scopeId: String(scope?.id) })).status).toBe(302);
    const entries = await db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(entries.map((e) => [e.action, e.details])).toEqual([
      ["role.granted", { role: "organiser" }],
      ["role.granted", { role: "staff" }],
      ["role.revoked", { role: "staff" }],
      ["scope.granted", { hubId: hub.id }],
      ["scope.revoked", { hubId: hub.id }],
    ]);
    for (const entry of entries) expect(entry).toMatchObject({ actorUserId: adminUserRow.id, ip: context.clientIp, targetType: "user" });
    expect((await call({ intent: "roles", roles: ["staff"] }, adminUserRow.id)).status).toBe(400);
    expect((await call({ intent: "disable" }, adminUserRow.id)).status).toBe(400);
    expect(await getOptionalUser(get("/", adminCookie))).toMatchObject({ roles: ["admin"] });
    expect((await call({ intent: "addHub", hubId: "999999" })).status).toBe(404);
  });

  test("the audit log is append-only: the database refuses UPDATE and DELETE", async () => {
    const db = database.db;
    await createUser(db).then((u) => run(() => login.action({ request: post("/login", { email: u.email, password: "wrong" }), context, params: {} })));
    await expect(db.update(auditEvents).set({ ip: null })).rejects.toThrow();
    await expect(db.delete(auditEvents)).rejects.toThrow();
    const [row] = await db.select({ n: count() }).from(auditEvents);
    expect(row?.n).toBeGreaterThan(0);
  });
});

describe("hub editing", () => {
  const validForm = (hub: { kindId: number; districtId: number }, overrides: Record<string, string | string[]> = {}) => ({
    name: "新しい名前",
    description: "説明",
    kindId: String(hub.kindId),
    districtId: String(hub.districtId),
    address: "生駒市元町1-1",
    lat: "34.7",
    lng: "135.71",
    accessibility: ["step_free", "chairs"],
    contactPhone: "0743-00-0000",
    contactEmail: "",
    contactNote: "",
    status: "public",
    ...overrides,
  });

  test("an organiser saves every field of their hub, including the 自治会 served and the location", async () => {
    const db = database.db;
    const association = await createAssociation(db);
    const hub = await createHub(db);
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    const cookie = await sessionCookie(organiser.id);
    const response = await run(() =>
      organiseHub.action({
        request: post(`/organise/hubs/${hub.id}`, validForm(hub, { hubId: String(hub.id), associationIds: [String(association.id)], contactEmail: "Hub@Example.jp" }), cookie),
        context,
        params: { hubId: String(hub.id) },
      }),
    );
    expect(response.status).toBe(302);
    const [saved] = await db.select().from(hubs).where(eq(hubs.id, hub.id));
    expect(saved).toMatchObject({ name: "新しい名前", lat: 34.7, lng: 135.71, accessibility: ["step_free", "chairs"], contactEmail: "hub@example.jp", contactNote: null });
    expect(await db.select().from(hubAssociations).where(eq(hubAssociations.hubId, hub.id))).toEqual([{ hubId: hub.id, associationId: association.id }]);
  });

  test("IDOR: another hub's id in the URL is not found (404), in the form refused (403); nothing changes", async () => {
    const db = database.db;
    const own = await createHub(db, { name: "自分の拠点" });
    const other = await createHub(db, { name: "よその拠点" });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [own.id] });
    const cookie = await sessionCookie(organiser.id);
    const viaUrl = await run(() =>
      organiseHub.action({ request: post(`/organise/hubs/${other.id}`, validForm(other, { hubId: String(other.id) }), cookie), context, params: { hubId: String(other.id) } }),
    );
    expect(viaUrl.status).toBe(404);
    const viaForm = await run(() =>
      organiseHub.action({ request: post(`/organise/hubs/${own.id}`, validForm(own, { hubId: String(other.id) }), cookie), context, params: { hubId: String(own.id) } }),
    );
    expect(viaForm.status).toBe(403);
    const rows = await db.select({ id: hubs.id, name: hubs.name }).from(hubs).where(sql`${hubs.id} in (${own.id}, ${other.id})`);
    expect(rows.sort((a, b) => a.id - b.id).map((r) => r.name)).toEqual(["自分の拠点", "よその拠点"]);
    expect((await db.select().from(auditEvents).where(eq(auditEvents.action, "hub.updated"))).filter((e) => e.targetId === String(other.id))).toEqual([]);
  });

  test("bad input: 400 with Japanese messages beside the fields, typed values kept, nothing written", async () => {
    const db = database.db;
    const hub = await createHub(db, { name: "元の名前" });
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [hub.id] });
    const cookie = await sessionCookie(organiser.id);
    const response = await run(() =>
      organiseHub.action({
        request: post(`/organise/hubs/${hub.id}`, validForm(hub, { name: "変えた名前", lat: "北緯34度", lng: "200", contactPhone: "電話して" }), cookie),
        context,
        params: { hubId: String(hub.id) },
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.values).toMatchObject({ name: "変えた名前", lat: "北緯34度", lng: "200", contactPhone: "電話して" });
    expect(serverTranslate("ja", body.errors.lat)).toContain("緯度");
    expect(serverTranslate("ja", body.errors.lng)).toContain("経度");
    expect(serverTranslate("ja", body.errors.contactPhone)).toContain("電話番号");
    const [row] = await db.select({ name: hubs.name }).from(hubs).where(eq(hubs.id, hub.id));
    expect(row?.name).toBe("元の名前");
  });

  test("an organiser scoped to a 自治会 edits the hubs serving it; a tampered 自治会 id is 400", async () => {
    const db = database.db;
    const association = await createAssociation(db);
    const hub = await createHub(db, { associationIds: [association.id] });
    const organiser = await createUser(db, { roles: ["organiser"], associationIds: [association.id] });
    const cookie = await sessionCookie(organiser.id);
    const tampered = await run(() =>
      organiseHub.action({
        request: post(`/organise/hubs/${hub.id}`, validForm(hub, { associationIds: [String(association.id), "987654"] }), cookie),
        context,
        params: { hubId: String(hub.id) },
      }),
    );
    expect(tampered.status).toBe(400);
    const page = await run(() => organiseHub.loader({ request: get(`/organise/hubs/${hub.id}`, cookie), context, params: { hubId: String(hub.id) } }));
    expect(page.status).toBe(200);
  });
});

describe("session policies", () => {
  async function age(db: Db, cookie: string, field: "createdAt" | "lastSeenAt", ms: number) {
    const state = await getSessionState(get("/", cookie));
    const userId = state.user?.id ?? "";
    await db.update(sessions).set({ [field]: new Date(Date.now() - ms) }).where(eq(sessions.userId, userId));
  }

  test("staff, coordinator and admin sessions end 12 hours after login, however active", async () => {
    for (const role of ["staff", "coordinator", "admin"] as const) {
      const user = await createUser(database.db, { roles: [role] });
      const cookie = await sessionCookie(user.id);
      await age(database.db, cookie, "createdAt", 12 * 3600 * 1000 + 1000);
      const state = await getSessionState(get("/", cookie));
      expect(state.user, role).toBeNull();
      expect(state.setCookie).toMatch(/Max-Age=0/);
      expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    }
  });

  test("staff sessions end after 30 minutes idle; 29 minutes is fine", async () => {
    const user = await createUser(database.db, { roles: ["staff"] });
    const cookie = await sessionCookie(user.id);
    await age(database.db, cookie, "lastSeenAt", 29 * 60 * 1000);
    expect(await getOptionalUser(get("/", cookie))).not.toBeNull();
    await age(database.db, cookie, "lastSeenAt", 31 * 60 * 1000);
    expect(await getOptionalUser(get("/", cookie))).toBeNull();
  });

  test("volunteer and organiser sessions slide: a day-old idle session still works and is extended past half-life", async () => {
    const user = await createUser(database.db, { roles: ["organiser"] });
    const cookie = await sessionCookie(user.id);
    await age(database.db, cookie, "createdAt", 20 * 24 * 3600 * 1000);
    await age(database.db, cookie, "lastSeenAt", 24 * 3600 * 1000);
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() + 5 * 24 * 3600 * 1000) }).where(eq(sessions.userId, user.id));
    const state = await getSessionState(get("/", cookie));
    expect(state.user).not.toBeNull();
    expect(state.setCookie).toMatch(/Max-Age=2592000/);
    const [row] = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect((row?.expiresAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
  });

  test("an expired session row is refused and removed", async () => {
    const user = await createUser(database.db);
    const cookie = await sessionCookie(user.id);
    await database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, user.id));
    expect(await getOptionalUser(get("/", cookie))).toBeNull();
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
  });
});
