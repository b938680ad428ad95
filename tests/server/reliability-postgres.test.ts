// Reliability on PostgreSQL, against the built server in its own processes (docs/reliability.md).
// Needs TEST_DATABASE_URL; each run makes its own database on that server and drops it after.
import { randomBytes } from "node:crypto";
import net from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadDemoData } from "#db/demo";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { adminUrl, withDatabase } from "../setup/paths";
import { killStartedServers, startBuiltServer } from "./built-server";

const baseUrl = process.env.TEST_DATABASE_URL;
const name = `${baseUrl ? new URL(baseUrl).pathname.slice(1) : "x"}_rel_${randomBytes(4).toString("hex")}`;
const url = baseUrl ? withDatabase(baseUrl, name) : "";

/** Raw HTTP/1.1 on its own socket, so "in flight" means the server has accepted it. */
async function openRequest(port: number, request: string) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let response = "";
  socket.on("data", (chunk) => (response += chunk));
  const done = new Promise<string>((resolve) => {
    socket.once("close", () => resolve(response));
    socket.once("error", () => resolve(response));
  });
  return { send: () => socket.write(request), done };
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
  }, 120_000);

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
      // 6 requests through 2 connections, each cancelled after 1.5 s: all answered well within 10 s.
      expect(Math.max(...responses.map((r) => r.ms))).toBeLessThan(10_000);
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

  test("SIGTERM under load: every accepted request completes with 200, then the process exits 0", async () => {
    const server = await startBuiltServer({ DATABASE_URL: url });
    const requests = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        openRequest(server.port, `GET /${index % 2 ? "" : "login"} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    for (const request of requests) request.send();
    server.process.kill("SIGTERM");
    const responses = await Promise.all(requests.map((request) => request.done));
    for (const response of responses) expect(response).toMatch(/^HTTP\/1\.1 200/);
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
});
