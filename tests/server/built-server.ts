// Starts the built app (build/index.js) in its own process, for tests that meet it over HTTP.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { START_DEADLINE_MS } from "../support/deadlines";

export interface BuiltServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Whether `port` (0: any) can be listened on now; resolves with the port taken, or 0. */
function tryPort(port: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(0));
    probe.listen(port, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const handedOut = new Set<number>();

/**
 * A free port: any, or one in `TEST_SERVER_PORTS` (e.g. `4100-4199`) on a machine shared with
 * others who were given their own range.
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.TEST_SERVER_PORTS ?? "");
  if (!range) return tryPort(0);
  const [low, high] = [Number(range[1]), Number(range[2])];
  // Start at a random point so parallel test files rarely race for the same port.
  const offset = Math.floor(Math.random() * (high - low + 1));
  for (let i = 0; i <= high - low; i++) {
    const candidate = low + ((offset + i) % (high - low + 1));
    // Not one given to a server of this process that may not be listening yet.
    if (handedOut.has(candidate)) continue;
    const port = await tryPort(candidate);
    if (port) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in TEST_SERVER_PORTS=${process.env.TEST_SERVER_PORTS}`);
}

const started: BuiltServer[] = [];

/**
 * The built server with `env` over a production environment; resolves once it listens.
 * `outputLimit` keeps only the last that many characters of its output (a load test makes
 * one log line per request).
 */
export async function startBuiltServer(
  env: Record<string, string>,
  { port, outputLimit = Infinity }: { port?: number; outputLimit?: number } = {},
): Promise<BuiltServer> {
  if (!existsSync("build/index.js")) throw new Error("build/index.js is missing: run `npm run build` first (npm test does).");
  // A port found free may be taken by another process (another test run on the machine) before
  // the server listens on it: then, when the port was ours to choose, choose again.
  for (let attempt = 1; ; attempt++) {
    const server = await spawnServer(env, port ?? (await freePort()), outputLimit);
    const error = await listening(server);
    if (!error) return server;
    if (port !== undefined || attempt >= 5 || !server.output().includes("EADDRINUSE")) throw error;
  }
}

function spawnServer(env: Record<string, string>, listenPort: number, outputLimit: number): BuiltServer {
  // SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": a CPU profile of the server under the
  // bench's load (docs/performance.md); Node refuses --cpu-prof in NODE_OPTIONS.
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, "build/index.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SUPPORT_DATA_KEY: "ZTJlLW9ubHkta2V5LW5vdC1zZWNyZXQtMzItYnl0ZXM=",
      HOST: "127.0.0.1",
      PORT: String(listenPort),
      DATABASE_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk;
    if (output.length > outputLimit) output = output.slice(-outputLimit);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const server = { url: `http://127.0.0.1:${listenPort}`, port: listenPort, process: child, output: () => output, exited };
  started.push(server);
  return server;
}

/** Waits until the server says it listens (undefined), or for the error if it exits first. The deadline is for a hang only. */
async function listening(server: BuiltServer): Promise<Error | undefined> {
  const deadline = Date.now() + START_DEADLINE_MS;
  while (!server.output().includes("is running")) {
    if (Date.now() > deadline || server.process.exitCode !== null) return new Error(`server did not start:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

/** Kills whatever this file started and is still running (for afterAll). */
export function killStartedServers(): void {
  for (const server of started) if (server.process.exitCode === null) server.process.kill("SIGKILL");
}

/** Logs in over HTTP as the login form does; gives the Cookie header value of the new session. */
export async function logIn(server: Pick<BuiltServer, "url">, email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, ...headers },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  if (response.status !== 302 || !cookie) throw new Error(`login of ${email} answered ${response.status}`);
  return cookie;
}

/**
 * The built server on a fresh embedded database in a temporary folder, with the demo data when
 * `demo` (loaded by `app/commands/seed.ts`, as the e2e tests do). `stop()` ends it and removes the folder.
 */
export async function startServerOnTemporaryDatabase({
  demo = false,
  port,
  env: extraEnv = {},
}: { demo?: boolean; port?: number; env?: Record<string, string> } = {}) {
  const folder = await mkdtemp(path.join(os.tmpdir(), "machinaeki-served-"));
  const dataDir = path.join(folder, "pglite");
  const env = { ...extraEnv, PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" };
  if (demo) {
    const seed = spawnSync(process.execPath, ["--import", "tsx", "app/commands/seed.ts"], { env: { ...process.env, ...env }, encoding: "utf8" });
    if (seed.status !== 0) throw new Error(`loading the demo data failed:\n${seed.stdout}${seed.stderr}`);
  }
  const server = await startBuiltServer(env, { port });
  const deadline = Date.now() + START_DEADLINE_MS;
  // The embedded database opens on the first request: wait until it answers.
  while ((await fetch(`${server.url}/healthz`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline || server.process.exitCode !== null) throw new Error(`the server's database did not open:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    ...server,
    async stop() {
      if (server.process.exitCode === null) server.process.kill("SIGTERM");
      await server.exited;
      await rm(folder, { recursive: true, force: true });
    },
  };
}
