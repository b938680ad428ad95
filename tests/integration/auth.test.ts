import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditEvents, loginThrottles, sessions, users } from "#db/schema";
import { getOptionalUser, requireActor, requireRole, requireUser, sessionIdFromToken } from "~/lib/auth.server";
import { recordFailure, secondsUntilAllowed } from "~/services/login-throttle.server";
import { canEditHub, listEditableHubIds } from "~/services/permissions.server";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { getLocale } from "~/lib/locale.server";
import type { RoleName } from "~/lib/roles";
import { action as logoutAction } from "~/routes/logout";
import { createAssociation, createHub } from "../factories/places";
import { createUser, sessionCookie, TEST_PASSWORD } from "../factories/users";
import { useTestDatabase } from "../setup/database";
import { context, cookieFrom, get, post, run } from "../setup/requests";

const database = useTestDatabase({ asAppDatabase: true });

describe("login", () => {
  test("sets a cookie whose token is not in the database: the row holds its SHA-256", async () => {
    const user = await createUser(database.db);
    const response = await run(() => loginAction({ request: post("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: "/account" }), context, params: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^machinaeki_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const token = cookieFrom(response).split("=")[1] ?? "";
    const rows = await database.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(sessionIdFromToken(token));
    expect(rows[0]?.id).not.toContain(token);
    const [stored] = await database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(stored?.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await getOptionalUser(get("/", cookieFrom(response)))).toMatchObject({ id: user.id, email: user.email, roles: [] });
  });

  test("a wrong password and an unknown e-mail get the same answer, and both are audited", async () => {
    const user = await createUser(database.db);
    const wrong = await run(() => loginAction({ request: post("/login", { email: user.email, password: "wrong password" }), context: { clientIp: "198.51.100.1" }, params: {} }));
    const unknown = await run(() => loginAction({ request: post("/login", { email: "nobody@example.jp", password: "wrong password" }), context: { clientIp: "198.51.100.1" }, params: {} }));
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a.formError).toBe("login.invalid");
    expect(b.formError).toBe(a.formError);
    const failures = await database.db.select().from(auditEvents).where(eq(auditEvents.ip, "198.51.100.1"));
    expect(failures.map((e) => e.action)).toEqual(["login.failure", "login.failure"]);
    expect(JSON.stringify(failures)).not.toContain("nobody@example.jp");
  });

  test("the 11th failed login on one account within 10 minutes is 429 with Retry-After, even with the right password", async () => {
    const user = await createUser(database.db);
    for (let i = 0; i < 10; i++) {
      const response = await run(() =>
        loginAction({ request: post("/login", { email: user.email, password: `wrong ${i}` }), context: { clientIp: `203.0.113.${i}` }, params: {} }),
      );
      expect(response.status).toBe(400);
    }
    const eleventh = await run(() => loginAction({ request: post("/login", { email: user.email, password: TEST_PASSWORD }), context: { clientIp: "203.0.113.99" }, params: {} }));
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get("Retry-After"))).toBeGreaterThan(500);
    expect(Number(eleventh.headers.get("Retry-After"))).toBeLessThanOrEqual(600);
    // The counters are rows in the database (shared by every app process), keyed without the e-mail.
    const keys = (await database.db.select().from(loginThrottles)).map((row) => row.key);
    expect(keys.some((key) => key.startsWith("account:"))).toBe(true);
    expect(keys.join()).not.toContain(user.email);
  });

  test("the 11th failed login from one IP within 10 minutes is 429, whatever the account", async () => {
    const ip = { clientIp: "192.0.2.77" };
    for (let i = 0; i < 10; i++) {
      const response = await run(() => loginAction({ request: post("/login", { email: `guess${i}@example.jp`, password: "x" }), context: ip, params: {} }));
      expect(response.status).toBe(400);
    }
    const user = await createUser(database.db);
    const eleventh = await run(() => loginAction({ request: post("/login", { email: user.email, password: TEST_PASSWORD }), context: ip, params: {} }));
    expect(eleventh.status).toBe(429);
    expect(eleventh.headers.get("Retry-After")).toMatch(/^\d+$/);
  });

  test("concurrent failures are all counted (one upsert per key; several connections on PostgreSQL)", async () => {
    const keys = ["ip:203.0.113.200", "account:concurrency"];
    await Promise.all(Array.from({ length: 25 }, () => recordFailure(database.db, keys)));
    const rows = await database.db.select().from(loginThrottles);
    for (const key of keys) expect(rows.find((row) => row.key === key)?.failures).toBe(25);
    expect(await secondsUntilAllowed(database.db, keys)).toBeGreaterThan(0);
    // After the window, the next failure starts a new one.
    const later = new Date(Date.now() + 11 * 60 * 1000);
    expect(await secondsUntilAllowed(database.db, keys, later)).toBe(0);
    await recordFailure(database.db, keys, later);
    const [row] = await database.db.select().from(loginThrottles).where(eq(loginThrottles.key, "account:concurrency"));
    expect(row?.failures).toBe(1);
  });

  test("without a redirectTo each person lands on their home page; an explicit redirectTo wins", async () => {
    const homes: [RoleName[], string][] = [
      [[], "/"],
      [["organiser"], "/organise"],
      [["coordinator"], "/support"],
      [["staff"], "/staff"],
      [["admin"], "/admin"],
      [["organiser", "coordinator"], "/support"],
    ];
    for (const [roles, home] of homes) {
      const user = await createUser(database.db, { roles });
      const response = await run(() => loginAction({ request: post("/login", { email: user.email, password: TEST_PASSWORD }), context, params: {} }));
      expect(response.headers.get("Location"), roles.join("+") || "volunteer").toBe(home);
      // Already logged in, the login page sends them home too.
      const again = await run(() => loginLoader({ request: get("/login", cookieFrom(response)), context, params: {} }));
      expect(again.headers.get("Location")).toBe(home);
    }
    const organiser = await createUser(database.db, { roles: ["organiser"] });
    const response = await run(() => loginAction({ request: post("/login", { email: organiser.email, password: TEST_PASSWORD, redirectTo: "/hubs/1" }), context, params: {} }));
    expect(response.headers.get("Location")).toBe("/hubs/1");
  });

  test("redirectTo never leaves the site", async () => {
    const user = await createUser(database.db);
    for (const target of ["//evil.example/", "https://evil.example/", "/\\evil.example"]) {
      const response = await run(() => loginAction({ request: post("/login", { email: user.email, password: TEST_PASSWORD, redirectTo: target }), context, params: {} }));
      expect(response.headers.get("Location")).toBe("/");
    }
  });
});

describe("logout", () => {
  test("deletes the session row, so the old cookie no longer works", async () => {
    const user = await createUser(database.db);
    const cookie = await sessionCookie(user.id);
    expect(await getOptionalUser(get("/", cookie))).not.toBeNull();
    const response = await run(() => logoutAction({ request: post("/logout", {}, cookie), context, params: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await getOptionalUser(get("/", cookie))).toBeNull();
  });
});

describe("a malformed cookie beside ours", () => {
  test("does not hide the session or the language, and is never a 500", async () => {
    const user = await createUser(database.db);
    const cookie = await sessionCookie(user.id);
    // Anything on the same host may set a cookie with a bad %-escape; lucia's parser threw on it.
    const broken = `tracker=%E0%A4%A; ${cookie}; lang=en; other=%%%`;
    expect((await getOptionalUser(get("/", broken)))?.id).toBe(user.id);
    expect(getLocale(get("/", broken))).toBe("en");
    expect(getLocale(get("/", "lang=%%%"))).toBe("ja");
  });
});

describe("access checks", () => {
  test("requireUser redirects to /login with the way back", async () => {
    const response = await run(() => requireUser(get("/account?tab=1")));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%3Ftab%3D1");
  });

  test("requireRole: 403 without the role; admin is not a wildcard", async () => {
    const admin = await createUser(database.db, { roles: ["admin"] });
    const staff = await createUser(database.db, { roles: ["staff"] });
    const adminCookie = await sessionCookie(admin.id);
    expect((await run(() => requireRole(get("/staff", adminCookie), "staff"))).status).toBe(403);
    expect(await requireRole(get("/staff", await sessionCookie(staff.id)), ["staff", "coordinator"])).toMatchObject({ id: staff.id });
  });

  test("organiser scopes: a hub directly or through a 自治会 it serves; nothing without the role", async () => {
    const db = database.db;
    const association = await createAssociation(db);
    const direct = await createHub(db);
    const viaAssociation = await createHub(db, { associationIds: [association.id] });
    const other = await createHub(db);
    const organiser = await createUser(db, { roles: ["organiser"], hubIds: [direct.id], associationIds: [association.id] });
    const revoked = await createUser(db, { hubIds: [direct.id] });
    const actor = { userId: organiser.id };
    expect(await canEditHub(db, actor, direct.id)).toBe(true);
    expect(await canEditHub(db, actor, viaAssociation.id)).toBe(true);
    expect(await canEditHub(db, actor, other.id)).toBe(false);
    expect(await canEditHub(db, { userId: revoked.id }, direct.id)).toBe(false);
    expect(await listEditableHubIds(db, actor)).toEqual([direct.id, viaAssociation.id]);
    expect(await listEditableHubIds(db, { userId: revoked.id })).toEqual([]);
    expect(await requireActor(get("/organise", await sessionCookie(organiser.id)), ["organiser", "admin"])).toEqual(actor);
    const revokedCookie = await sessionCookie(revoked.id);
    expect((await run(() => requireActor(get("/organise", revokedCookie), ["organiser", "admin"]))).status).toBe(403);
    const admin = await createUser(db, { roles: ["admin"] });
    expect(await canEditHub(db, { userId: admin.id }, other.id)).toBe(true);
    expect((await listEditableHubIds(db, { userId: admin.id })).length).toBeGreaterThanOrEqual(3);
  });
});
