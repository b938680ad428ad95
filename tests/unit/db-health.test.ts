// The health gate against real connections: a postgres.js client pointed at a port where nothing
// listens, one that accepts and never answers, and (with TEST_DATABASE_URL) the real server
// reached through a relay that this test starts and stops as PostgreSQL would go and come back.
import net from "node:net";
import postgres from "postgres";
import { afterEach, describe, expect, test } from "vitest";
import { createDatabaseGate, probeDatabase, type DatabaseGate } from "~/lib/db-health.server";
import { CONDITION_MS } from "../support/deadlines";

const serverUrl = process.env.TEST_DATABASE_URL;
const silent = { log: () => {}, error: () => {} };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A port on 127.0.0.1 with nothing listening on it (for now). */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

/** Listens on `port` and hands every connection to `onConnection`; closes after the test. */
async function listen(port: number, onConnection: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });
}

/** The error a real query gets from `url`. */
async function failureFrom(url: string): Promise<unknown> {
  const client = postgres(url, { max: 1, connect_timeout: 1, onnotice: () => {} });
  try {
    return await client`select 1`.then(
      () => undefined,
      (error: unknown) => error,
    );
  } finally {
    await client.end({ timeout: 0 });
  }
}

async function until(condition: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

function gateFor(url: string, retryMs: number): { gate: DatabaseGate; probes: () => number } {
  let probes = 0;
  const gate = createDatabaseGate({
    probe: () => {
      probes++;
      return probeDatabase(url, 300);
    },
    retryMs,
    log: silent,
  });
  cleanups.push(() => gate.stop());
  return { gate, probes: () => probes };
}

describe("probeDatabase", () => {
  test("rejects at once when nothing listens on the port", async () => {
    const started = Date.now();
    // Not by its timeout: that is far longer than even a busy machine takes to be refused.
    await expect(probeDatabase(`postgres://postgres@127.0.0.1:${await closedPort()}/x`, 20_000)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("rejects within its timeout when the server accepts and never answers", async () => {
    const port = await closedPort();
    await listen(port, () => {});
    const started = Date.now();
    // Without its timeout it would wait for ever: any end proves the timeout; a hang fails the test.
    await expect(probeDatabase(`postgres://postgres@127.0.0.1:${port}/x`, 300)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

describe("the health gate", () => {
  test("a refused connection closes it; it stays closed, probing every retryMs, while nothing answers", async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/x`;
    const { gate, probes } = gateFor(url, 50);
    expect(gate.isDown).toBe(false);
    const error = await failureFrom(url);
    expect(error).toMatchObject({ code: "ECONNREFUSED" });
    gate.reportFailure(error);
    expect(gate.isDown).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(gate.isDown).toBe(true);
    // One probe at once, then one per 50 ms (each fails in a few ms): several, never a flood.
    expect(probes()).toBeGreaterThanOrEqual(2);
    expect(probes()).toBeLessThanOrEqual(10);
    gate.stop();
    const stoppedAt = probes();
    await new Promise((r) => setTimeout(r, 200));
    expect(probes()).toBe(stoppedAt);
  });

  test("closing it calls onDown once (the pool is renewed there), however many failures follow", async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/x`;
    let downs = 0;
    const gate = createDatabaseGate({ probe: () => probeDatabase(url, 300), retryMs: 50, onDown: () => downs++, log: silent });
    cleanups.push(() => gate.stop());
    const error = await failureFrom(url);
    for (let i = 0; i < 5; i++) gate.reportFailure(error);
    expect(gate.isDown).toBe(true);
    expect(downs).toBe(1);
  });

  test("errors of a busy database, a bug or our own shutdown leave it open", async () => {
    const { gate, probes } = gateFor(`postgres://postgres@127.0.0.1:${await closedPort()}/x`, 50);
    const withCode = (code: string) => Object.assign(new Error(code), { code });
    for (const code of ["57014", "55P03", "53300", "23505", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]) gate.reportFailure(withCode(code));
    gate.reportFailure(new Error("plain"));
    expect(gate.isDown).toBe(false);
    expect(probes()).toBe(0);
  });

  test.skipIf(!serverUrl)("opens again by itself when PostgreSQL answers again, without a request", async () => {
    const server = new URL(serverUrl ?? "");
    const port = await closedPort();
    const relayed = new URL(serverUrl ?? "");
    relayed.hostname = "127.0.0.1";
    relayed.port = String(port);
    const { gate } = gateFor(relayed.toString(), 100);
    gate.reportFailure(await failureFrom(relayed.toString()));
    expect(gate.isDown).toBe(true);
    await new Promise((r) => setTimeout(r, 250));
    expect(gate.isDown).toBe(true);
    // "PostgreSQL is back": a relay to the real server now listens on the port.
    await listen(port, (socket) => {
      const upstream = net.connect(Number(server.port || 5432), server.hostname);
      upstream.on("error", () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
      socket.on("close", () => upstream.destroy());
    });
    // Waits for the condition; the restart test measures how soon (docs/reliability.md).
    await until(() => !gate.isDown, CONDITION_MS);
  });
});
