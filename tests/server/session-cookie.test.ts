// The session cookie as each way of serving sends it: `npm run demo` over plain http (a phone on
// the LAN must be able to log in), production Secure and `__Host-` (HTTPS only).
import { afterAll, describe, expect, test } from "vitest";
import { demoServerEnv } from "~/commands/demo-server-env";
import { startServerOnTemporaryDatabase } from "./built-server";

type Served = Awaited<ReturnType<typeof startServerOnTemporaryDatabase>>;
const servers: Served[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

/** Signs a new account up and logs it in over http, as the forms do; gives every cookie they set (sessions, the welcome flash), login's session last. */
async function signUpAndLogIn(server: Served, email: string): Promise<string[]> {
  const password = "cookie-test-password-1";
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { Origin: server.url }, body: new URLSearchParams(fields) });
  const signup = await post("/signup", { email, displayName: "クッキー確認", password, redirectTo: "/" });
  expect(signup.status, await signup.text()).toBe(302);
  const login = await post("/login", { email, password, redirectTo: "/" });
  expect(login.status).toBe(302);
  return [...signup.headers.getSetCookie(), ...login.headers.getSetCookie()];
}

describe("the session cookie", () => {
  test("started as `npm run demo` starts it, login over plain http sets a cookie without Secure, and it works", async () => {
    // In production mode, as the demo (startServerOnTemporaryDatabase sets NODE_ENV=production).
    const server = await startServerOnTemporaryDatabase({ env: demoServerEnv({}) });
    servers.push(server);
    const cookies = await signUpAndLogIn(server, "demo-phone@example.jp");
    for (const cookie of cookies) {
      expect(cookie).toMatch(/^machinaeki_(session|flash)=/);
      expect(cookie).not.toMatch(/;\s*Secure/i);
    }
    expect(cookies.filter((c) => c.startsWith("machinaeki_flash="))).toHaveLength(1);
    const account = await fetch(`${server.url}/account`, { redirect: "manual", headers: { Cookie: (cookies.at(-1) ?? "").split(";")[0] ?? "" } });
    expect(account.status).toBe(200);
    expect(server.output()).toContain("COOKIE_SECURE=false");
  });

  test("started as production, the cookie is Secure and __Host- prefixed", async () => {
    const server = await startServerOnTemporaryDatabase();
    servers.push(server);
    for (const cookie of await signUpAndLogIn(server, "production@example.jp")) {
      expect(cookie).toMatch(/^__Host-machinaeki_(session|flash)=/);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*Path=\//i);
    }
    expect(server.output()).not.toContain("COOKIE_SECURE=false");
  });
});
