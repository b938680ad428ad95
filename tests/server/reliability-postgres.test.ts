// Reliability on PostgreSQL, against the built server in its own processes (docs/reliability.md).
// Needs TEST_DATABASE_URL; each run makes its own database on that server and drops it after.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { and, count, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadDemoData } from "~/commands/demo";
import { roleSlotFills, signups } from "#db/schema";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { createUser, TEST_PASSWORD } from "../factories/users";
import { createRoleSlot, nextTokyoTen } from "../factories/volunteering";
import { adminUrl, withDatabase } from "../setup/paths";
import { flashOf } from "../setup/requests";
import { killStartedServers, logIn, startBuiltServer } from "./built-server";

const baseUrl = process.env.TEST_DATABASE_URL;
const name = `${baseUrl ? new URL(baseUrl).pathname.slice(1) : "x"}_rel_${randomBytes(4).toString("hex")}`;
const url = baseUrl ? withDatabase(baseUrl, name) : "";

/**
 * Raw HTTP/1.1 on its own socket: `head` (request line and headers) is sent at once, the body
 * by `send`. With `Expect: 100-continue` the server answers "100 Continue" once it has read the
 * headers, so "in flight" is something the test can see, not a pause it hopes is long enough.
 */
async function openRequest(port: number, head: string) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let response = "";
  socket.on("data", (chunk) => (response += chunk));
  const done = new Promise<string>((resolve) => {
    socket.once("close", () => resolve(response));
    socket.once("error", () => resolve(response));
  });
  socket.write(head);
  return { send: (body: string) => socket.write(body), response: () => response, done };
}

describe.skipIf(!baseUrl)("on PostgreSQL", () => {
  beforeAll(async () => {
    const admin = postgres(adminUrl(baseUrl ?? ""), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const handle = await openDatabase({ url, poolMax: 2 });
    await migrateDatabase(handle);
    await loadDemoData(handle.db);
    await handle.close();
  });

  afterAll(async () => {
    killStartedServers();
    const admin = postgres(adminUrl(baseUrl ?? ""), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });

  test("pool exhausted by queries stuck behind a lock: new requests get the Japanese 503 quickly, then it recovers", async () => {
    const server = await startBuiltServer({ DATABASE_URL: url, DATABASE_POOL_MAX: "2", DATABASE_STATEMENT_TIMEOUT_MS: "1500" });
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    // Another client holds an exclusive lock on hubs: every query on it waits, holding a pooled connection.
    const locker = postgres(url, { max: 1, onnotice: () => {} });
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let markHeld = () => {};
    const held = new Promise<void>((resolve) => (markHeld = resolve));
    const transaction = locker.begin(async (tx) => {
      await tx`lock table hubs in access exclusive mode`;
      markHeld();
      await released;
    });
    await held;
    try {
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const response = await fetch(`${server.url}/`);
          return { status: response.status, body: await response.text(), ms: Date.now() - started };
        }),
      );
      for (const response of responses) {
        expect(response.status).toBe(503);
        expect(response.body).toContain("データベースに接続できません");
      }
      // The two running are cancelled after 1.5 s; the four waiting for a connection answer at the
      // same 1.5 s request deadline instead of waiting their turn (which took 4.8 s before).
      expect(Math.max(...responses.map((r) => r.ms))).toBeLessThan(3000);
      console.log(`pool exhausted: 6 requests answered 503 in at most ${Math.max(...responses.map((r) => r.ms))} ms`);
    } finally {
      release();
      await transaction;
      await locker.end();
    }
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  test("SIGTERM under load: every accepted request completes, then the process exits 0", async () => {
    const server = await startBuiltServer({ DATABASE_URL: url, TRUST_PROXY: "1" });
    // Ten sign-ups (writes on PostgreSQL) and ten language changes, each with its headers read
    // by the server and its body still to come when SIGTERM arrives.
    const requests = await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const [path, body] =
          index % 2
            ? ["/signup", new URLSearchParams({ email: `sigterm-${index}-${name}@example.jp`, displayName: `終了 ${index}`, password: "sigterm-test-password-1", redirectTo: "/" }).toString()]
            : ["/language", "lang=en&redirectTo=%2F"];
        const head =
          `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.url}\r\nX-Forwarded-For: 10.9.0.${index}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
        return { ...(await openRequest(server.port, head)), body };
      }),
    );
    await expect.poll(() => requests.filter((request) => request.response().startsWith("HTTP/1.1 100 Continue")).length).toBe(20);
    server.process.kill("SIGTERM");
    await expect.poll(() => server.output()).toContain("SIGTERM received");
    for (const request of requests) request.send(request.body);
    const responses = await Promise.all(requests.map((request) => request.done));
    for (const response of responses) expect(response).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 302/);
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/Error|\s5\d\d\s/);
  });

  test("two app processes: a session made on one works on the other, and the login rate limit holds across both", async () => {
    const [a, b] = await Promise.all([startBuiltServer({ DATABASE_URL: url }), startBuiltServer({ DATABASE_URL: url })]);
    const form = (password: string) => new URLSearchParams({ email: "volunteer@example.jp", password, redirectTo: "/account" });
    const login = await fetch(`${a.url}/login`, { method: "POST", body: form("demo-password"), headers: { Origin: a.url }, redirect: "manual" });
    expect(login.status).toBe(302);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toBeTruthy();
    const account = await fetch(`${b.url}/account`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("ボランティア（デモ）");

    // Ten failures spread over both processes; the eleventh, on either, is refused.
    const email = `nobody-${randomBytes(3).toString("hex")}@example.jp`;
    for (let i = 0; i < 10; i++) {
      const server = i % 2 ? b : a;
      const body = new URLSearchParams({ email, password: "wrong-password", redirectTo: "/" });
      const response = await fetch(`${server.url}/login`, { method: "POST", body, headers: { Origin: server.url }, redirect: "manual" });
      expect(response.status).toBe(400);
    }
    for (const server of [a, b]) {
      const body = new URLSearchParams({ email, password: "wrong-password", redirectTo: "/" });
      const response = await fetch(`${server.url}/login`, { method: "POST", body, headers: { Origin: server.url }, redirect: "manual" });
      expect(response.status).toBe(429);
    }
    a.process.kill("SIGTERM");
    b.process.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  });

  test("two app processes: sign-ups for one role, sent at once and spread over both, confirm exactly its slots", async () => {
    const [people, slots, trials] = [60, 10, 3];
    const handle = await openDatabase({ url, poolMax: 4 });
    const volunteers = await Promise.all(Array.from({ length: people }, () => createUser(handle.db)));
    // TRUST_PROXY: the rate-limit test above left 127.0.0.1 with ten failed logins.
    const [a, b] = await Promise.all([startBuiltServer({ DATABASE_URL: url, TRUST_PROXY: "1" }), startBuiltServer({ DATABASE_URL: url, TRUST_PROXY: "1" })]);
    const serverFor = (i: number) => (i % 2 ? b : a);
    // Each volunteer logs in on one process and signs up on the other.
    const cookies: string[] = [];
    for (let i = 0; i < people; i += 6) {
      const batch = volunteers.slice(i, i + 6).map((v, j) => logIn(serverFor(i + j + 1), v.email, TEST_PASSWORD, { "X-Forwarded-For": `10.1.0.${i + j}` }));
      cookies.push(...(await Promise.all(batch)));
    }

    const figures: string[] = [];
    for (let trial = 1; trial <= trials; trial++) {
      // A day apart: the same people sign up each time, and nobody holds two places at once.
      const { occurrence, role } = await createRoleSlot(handle.db, { slots, startsAt: nextTokyoTen(2 + trial) });
      const fields = { intent: "signup", occurrenceId: String(occurrence.id), roleId: String(role.id) };
      const started = performance.now();
      const responses = await Promise.all(
        cookies.map(async (cookie, i) => {
          const server = serverFor(i);
          const response = await fetch(`${server.url}/volunteer/sessions/${occurrence.id}`, {
            method: "POST",
            redirect: "manual",
            headers: { Origin: server.url, Cookie: cookie },
            body: new URLSearchParams(fields),
          });
          await response.text();
          return { server: i % 2 ? "B" : "A", status: response.status, outcome: (await flashOf(response))?.key.replace("volunteer.flash.", "") };
        }),
      );
      const ms = performance.now() - started;
      expect(responses.map((r) => r.status)).toEqual(cookies.map(() => 302));
      const tally = Object.fromEntries(
        (
          await handle.db
            .select({ status: signups.status, n: count() })
            .from(signups)
            .where(and(eq(signups.occurrenceId, occurrence.id), eq(signups.roleId, role.id)))
            .groupBy(signups.status)
        ).map((row) => [row.status, row.n]),
      );
      const [fill] = await handle.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, occurrence.id));
      const confirmedBy = (server: string) => responses.filter((r) => r.server === server && r.outcome === "confirmed").length;
      figures.push(
        `trial ${trial}: ${tally.confirmed} confirmed (A ${confirmedBy("A")}, B ${confirmedBy("B")}), ${tally.waitlisted} waitlisted, slot row ${fill?.confirmed}/${fill?.slots}, ${ms.toFixed(0)} ms`,
      );
      expect(tally).toEqual({ confirmed: slots, waitlisted: people - slots });
      expect(fill?.confirmed).toBe(slots);
      expect(responses.filter((r) => r.outcome === "confirmed")).toHaveLength(slots);
      expect(responses.filter((r) => r.outcome === "waitlisted")).toHaveLength(people - slots);
    }
    console.log(`${people} sign-ups at once for ${slots} slots over two processes:\n  ${figures.join("\n  ")}`);
    await handle.close();
    a.process.kill("SIGTERM");
    b.process.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  });
});
