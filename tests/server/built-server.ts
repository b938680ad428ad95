// Starts the built app (build/index.js) in its own process, for tests that meet it over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";

export interface BuiltServer {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

const started: BuiltServer[] = [];

/** The built server with `env` over a production environment; resolves once it listens. */
export async function startBuiltServer(env: Record<string, string>, { port }: { port?: number } = {}): Promise<BuiltServer> {
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
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
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
