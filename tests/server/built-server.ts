// Starts the built app (build/index.js) in its own process, for tests that meet it over HTTP.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface BuiltServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function probePort(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(undefined));
    probe.listen(port, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : undefined));
    });
  });
}

/**
 * A port nobody listens on: any free one, or a free one in `TEST_PORTS` ("4300-4399")
 * on machines where each person or job has a range of its own.
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.TEST_PORTS ?? "");
  if (!range) return (await probePort(0)) ?? 0;
  const [first, last] = [Number(range[1]), Number(range[2])];
  // Start somewhere random in the range, so parallel test files rarely probe the same port.
  const offset = Math.floor(Math.random() * (last - first + 1));
  for (let i = 0; i <= last - first; i++) {
    const free = await probePort(first + ((offset + i) % (last - first + 1)));
    if (free) return free;
  }
  throw new Error(`no free port in TEST_PORTS=${process.env.TEST_PORTS}`);
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
  const listenPort = port ?? (await freePort());
  const child = spawn(process.execPath, ["build/index.js"], {
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
  const deadline = Date.now() + 60_000;
  while (!output.includes("is running")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return server;
}

/** Kills whatever this file started and is still running (for afterAll). */
export function killStartedServers(): void {
  for (const server of started) if (server.process.exitCode === null) server.process.kill("SIGKILL");
}

/**
 * The built server on a fresh embedded database in a temporary folder, with the demo data when
 * `demo` (loaded by `db/seed.ts`, as the e2e tests do). `stop()` ends it and removes the folder.
 */
export async function startServerOnTemporaryDatabase({ demo = false, port }: { demo?: boolean; port?: number } = {}) {
  const folder = await mkdtemp(path.join(os.tmpdir(), "machinaeki-served-"));
  const dataDir = path.join(folder, "pglite");
  const env = { PGLITE_DATA_DIR: dataDir, DATABASE_URL: "" };
  if (demo) {
    const seed = spawnSync(process.execPath, ["--import", "tsx", "db/seed.ts"], { env: { ...process.env, ...env }, encoding: "utf8" });
    if (seed.status !== 0) throw new Error(`loading the demo data failed:\n${seed.stdout}${seed.stderr}`);
  }
  const server = await startBuiltServer(env, { port });
  const deadline = Date.now() + 60_000;
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
