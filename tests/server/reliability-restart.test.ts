// PostgreSQL restarted in the middle of a load, on a throwaway PostgreSQL of the test's own
// (never the shared one): requests fail fast with the Japanese 503, the app recovers by itself,
// and no account, role sign-up or attendance record that was answered as committed is lost.
// docs/reliability.md has the figures.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, like, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { attendanceRecords, auditEvents, roleSlotFills, signups, users } from "#db/schema";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { createUser, TEST_PASSWORD } from "../factories/users";
import { createRoleSlot, nextTokyoTen } from "../factories/volunteering";
import { START_DEADLINE_MS } from "../support/deadlines";
import { killStartedServers, logIn, startBuiltServer } from "./built-server";

const BIN = "/usr/lib/postgresql/15/bin";
const PORT = Number(process.env.RESTART_PG_PORT ?? 3960);
const installed = existsSync(`${BIN}/initdb`) && existsSync(`${BIN}/pg_ctl`);
// Opt-in: it runs a PostgreSQL of its own for ~20 s (initdb, stop, start), too heavy for every run.
const wanted = process.env.RELIABILITY_RESTART === "1";
const available = installed && wanted;
if (!installed) console.warn(`Skipping the PostgreSQL restart test: ${BIN}/initdb and pg_ctl are missing (apt-get install postgresql-15).`);
else if (!wanted) console.warn("Skipping the PostgreSQL restart test: set RELIABILITY_RESTART=1 to run it (docs/reliability.md).");

let dir = "";
const url = `postgres://postgres@127.0.0.1:${PORT}/machinaeki`;

/** Runs a PostgreSQL binary as the postgres OS user when we are root (initdb refuses root). */
function pg(binary: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [command, fullArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", `${BIN}/${binary}`, ...args]] : [`${BIN}/${binary}`, args];
  return execFileSync(command, fullArgs, { stdio: "pipe" }).toString();
}

const execFileAsync = promisify(execFile);

/** pg_ctl without blocking this process's event loop (the load keeps running meanwhile). */
async function pgCtlAsync(action: "start" | "stop") {
  const args = ["-D", `${dir}/data`, "-l", `${dir}/postgres.log`, "-w", "-m", "fast", "-o", `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`, action];
  if (process.getuid?.() === 0) await execFileAsync("runuser", ["-u", "postgres", "--", `${BIN}/pg_ctl`, ...args]);
  else await execFileAsync(`${BIN}/pg_ctl`, args);
}

function pgCtl(action: "start" | "stop" | "restart") {
  return pg("pg_ctl", ["-D", `${dir}/data`, "-l", `${dir}/postgres.log`, "-w", "-m", "fast", "-o", `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1`, action]);
}

describe.skipIf(!available)("PostgreSQL restarted mid-load (own instance)", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "machinaeki-pg-"));
    await chmod(dir, 0o777);
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
    pg("initdb", ["-D", `${dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    pgCtl("start");
    const admin = postgres(`postgres://postgres@127.0.0.1:${PORT}/postgres`, { max: 1, onnotice: () => {} });
    await admin`create database machinaeki`;
    await admin.end();
    const handle = await openDatabase({ url, poolMax: 2 });
    await migrateDatabase(handle);
    await handle.close();
  });

  afterAll(async () => {
    killStartedServers();
    if (dir) {
      try {
        pgCtl("stop");
      } catch {
        // already stopped
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("503 at once (never 500) while it is down, 200 again without restarting the app, nothing committed lost", async () => {
    // Fixtures: volunteers for a role in a coming session, and an organiser recording a past one.
    const handle = await openDatabase({ url, poolMax: 4 });
    const future = await createRoleSlot(handle.db, { slots: 20 });
    const past = await createRoleSlot(handle.db, { startsAt: nextTokyoTen(-1) });
    const organiser = await createUser(handle.db, { roles: ["organiser"], hubIds: [past.hubId] });
    const volunteers = await Promise.all(Array.from({ length: 80 }, () => createUser(handle.db)));

    const server = await startBuiltServer({ DATABASE_URL: url, TRUST_PROXY: "1" });
    server.process.on("exit", (code) => code && console.error(`app exited with ${code}:\n${server.output().slice(-4000)}`));
    const organiserCookie = await logIn(server, organiser.email, TEST_PASSWORD);
    const cookies: { id: string; cookie: string }[] = [];
    for (let i = 0; i < volunteers.length; i += 4) {
      const batch = volunteers.slice(i, i + 4);
      cookies.push(...(await Promise.all(batch.map(async (v) => ({ id: v.id, cookie: await logIn(server, v.email, TEST_PASSWORD) })))));
    }

    type Kind = "page" | "account" | "role" | "attendance";
    const requests: { kind: Kind; status: number; started: number; ms: number }[] = [];
    const committed = { accounts: [] as string[], volunteers: [] as string[], attendance: [] as number[] };
    let running = true;
    let counter = 0;
    let nextVolunteer = 0;
    let participants = 0;
    const t0 = Date.now();

    async function send(kind: Kind, path: string, init: RequestInit = {}) {
      const started = Date.now();
      const response = await fetch(`${server.url}${path}`, { redirect: "manual", ...init });
      const body = await response.text();
      requests.push({ kind, status: response.status, started: started - t0, ms: Date.now() - started });
      if (response.status === 503) expect(body).toContain("データベースに接続できません");
      return response.status;
    }
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
      method: "POST",
      headers: { Origin: server.url, ...headers },
      body: new URLSearchParams(fields),
    });

    // Two clients alternate a page view and a new account; one signs volunteers up for the role,
    // the next volunteer only once the last one's sign-up was answered; one records attendance
    // with a growing participant count.
    const accountClient = async (id: number) => {
      while (running) {
        const n = counter++;
        if (n % 2) await send("page", "/");
        else {
          const email = `load-${id}-${n}@example.jp`;
          const fields = { email, displayName: `負荷 ${n}`, password: "load-test-password-1", redirectTo: "/" };
          // A fresh client address per sign-up, so the per-IP sign-up limit does not interfere.
          if ((await send("account", "/signup", post(fields, { "X-Forwarded-For": `10.0.${id}.${n % 250}` }))) === 302) committed.accounts.push(email);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const volunteerClient = async () => {
      while (running && nextVolunteer < cookies.length) {
        const { id, cookie } = cookies[nextVolunteer] ?? { id: "", cookie: "" };
        const fields = { intent: "signup", occurrenceId: String(future.occurrence.id), roleId: String(future.role.id) };
        const status = await send("role", `/volunteer/sessions/${future.occurrence.id}`, post(fields, { Cookie: cookie }));
        if (status === 302) {
          committed.volunteers.push(id);
          nextVolunteer++;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const attendanceClient = async () => {
      while (running) {
        const n = ++participants;
        const fields = { participants: String(n), firstTimers: "0", supportedParticipants: "0" };
        const status = await send("attendance", `/organise/occurrences/${past.occurrence.id}/attendance`, post(fields, { Cookie: organiserCookie }));
        if (status === 302) committed.attendance.push(n);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const clients = Promise.all([accountClient(0), accountClient(1), volunteerClient(), attendanceClient()]);

    // Stop once every kind of write has committed at least once (however long a busy machine takes).
    await expect.poll(() => Boolean(committed.accounts.length && committed.volunteers.length && committed.attendance.length), { timeout: START_DEADLINE_MS }).toBe(true);
    const before = { accounts: committed.accounts.length, volunteers: committed.volunteers.length, attendance: committed.attendance.length };
    const stopIssued = Date.now() - t0;
    await pgCtlAsync("stop");
    const stopped = Date.now() - t0;
    // The outage itself (the scenario, not a wait for something): PostgreSQL stays down 2 s.
    await new Promise((r) => setTimeout(r, 2000));
    const startIssued = Date.now() - t0;
    await pgCtlAsync("start");
    const started = Date.now() - t0;
    // Recovery by itself: the clients' requests answer 200 or 302 again. How soon is asserted
    // below (under 3 s); this wait only ends a run where it never happens.
    await expect.poll(() => requests.some((r) => r.started >= started && r.status !== 503), { timeout: START_DEADLINE_MS }).toBe(true);
    // The load goes on a while after recovery, so a late 503 (a stale pooled connection) shows.
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await clients;

    const statuses: Record<number, number> = {};
    for (const r of requests) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const whileDown = requests.filter((r) => r.started >= stopped && r.started + r.ms <= startIssued);
    const firstBack = requests.filter((r) => r.started >= started && r.status !== 503).map((r) => r.started + r.ms - started);
    const recoveredMs = firstBack.length ? Math.min(...firstBack) : -1;
    // Once a request has been answered again, none made after it answers 503: no pooled
    // connection from before the restart fails (57P01) once PostgreSQL is back.
    const backAt = started + recoveredMs;
    const lateFailures = requests.filter((r) => r.started > backAt && r.status === 503);
    // The seconds of 503 after PostgreSQL was up: the end of the last 503 made after that.
    const after = requests.filter((r) => r.started >= started && r.status === 503).map((r) => r.started + r.ms - started);
    const last503Ms = after.length ? Math.max(...after) : 0;
    const slowest = Math.max(...requests.map((r) => r.ms));
    const slowestWhileDown = Math.max(0, ...whileDown.map((r) => r.ms));
    console.log(
      [
        `restart: stop issued at ${stopIssued} ms, down at ${stopped} ms, start issued at ${startIssued} ms, up at ${started} ms`,
        `statuses ${JSON.stringify(statuses)}; ${requests.length} requests, slowest ${slowest} ms`,
        `while down: ${whileDown.length} requests, all 503: ${whileDown.every((r) => r.status === 503)}, slowest ${slowestWhileDown} ms`,
        `first answer other than 503 ${recoveredMs} ms after PostgreSQL was up; last 503 ${last503Ms} ms after it; 503s after the first answer: ${lateFailures.length}`,
        `committed: ${committed.accounts.length} accounts, ${committed.volunteers.length} role sign-ups, ${committed.attendance.length} attendance saves (before the stop: ${JSON.stringify(before)})`,
      ].join("\n  "),
    );

    expect(server.process.exitCode).toBeNull();
    expect(Object.keys(statuses).filter((status) => !["200", "302", "503"].includes(status))).toEqual([]);
    // Fail fast: every request made while PostgreSQL was down answered 503, each within 1.5 s.
    expect(whileDown.length).toBeGreaterThan(20);
    expect(whileDown.filter((r) => r.status !== 503)).toEqual([]);
    expect(slowestWhileDown).toBeLessThan(1500);
    // Requests caught in flight by the stop wait at most a reconnect pause, not postgres.js's 20 s.
    expect(slowest).toBeLessThan(3000);
    expect(recoveredMs).toBeGreaterThanOrEqual(0);
    expect(recoveredMs).toBeLessThan(3000);
    expect(lateFailures).toEqual([]);
    // The gate probes every 200 ms: the 503s stop within a probe or two of PostgreSQL answering.
    expect(last503Ms).toBeLessThan(1000);
    expect(server.output()).toMatch(/database: answering again after \d+ ms/);
    expect(committed.accounts.length).toBeGreaterThan(before.accounts);
    expect(committed.volunteers.length).toBeGreaterThan(before.volunteers);
    expect(committed.attendance.length).toBeGreaterThan(before.attendance);

    // Nothing answered as committed is missing.
    const accountRows = await handle.db.select({ email: users.email }).from(users).where(like(users.email, "load-%"));
    const stored = new Set(accountRows.map((row) => row.email));
    expect(committed.accounts.filter((email) => !stored.has(email))).toEqual([]);
    const signupRows = await handle.db
      .select({ userId: signups.userId, status: signups.status })
      .from(signups)
      .where(and(eq(signups.occurrenceId, future.occurrence.id), eq(signups.roleId, future.role.id)));
    const signedUp = new Set(signupRows.map((row) => row.userId));
    expect(committed.volunteers.filter((id) => !signedUp.has(id))).toEqual([]);
    const [fill] = await handle.db.select().from(roleSlotFills).where(eq(roleSlotFills.occurrenceId, future.occurrence.id));
    const confirmed = signupRows.filter((row) => row.status === "confirmed").length;
    expect(fill?.confirmed).toBe(confirmed);
    expect(confirmed).toBeLessThanOrEqual(20);
    // Each attendance save writes its audit row in the same transaction as the record.
    const audits = await handle.db
      .select({ participants: sql<number>`(${auditEvents.details} -> 'after' ->> 'participants')::int` })
      .from(auditEvents)
      .where(and(like(auditEvents.action, "attendance.%"), eq(auditEvents.targetId, String(past.occurrence.id))));
    const saved = new Set(audits.map((row) => row.participants));
    expect(committed.attendance.filter((n) => !saved.has(n))).toEqual([]);
    const [record] = await handle.db.select().from(attendanceRecords).where(eq(attendanceRecords.occurrenceId, past.occurrence.id));
    expect(record?.participants).toBe(Math.max(...saved));
    expect(record?.participants).toBeGreaterThanOrEqual(Math.max(...committed.attendance));
    await handle.close();

    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
