// The production server as a person's browser meets it: the built app in its own process.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { freePort } from "./built-server";

if (!existsSync("build/index.js")) throw new Error("build/index.js is missing: run `npm run build` first (npm test does).");

interface Server {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const started: Server[] = [];

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["build/index.js"], {
    env: { ...process.env, NODE_ENV: "production", SUPPORT_DATA_KEY: "ZTJlLW9ubHkta2V5LW5vdC1zZWNyZXQtMzItYnl0ZXM=", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const server = { url: `http://127.0.0.1:${port}`, port, process: child, output: () => output, exited };
  started.push(server);
  const deadline = Date.now() + 30_000;
  while (!output.includes("is running")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return server;
}

afterAll(async () => {
  for (const server of started) if (server.process.exitCode === null) server.process.kill("SIGKILL");
});

describe("production server", () => {
  test("with the database down it still serves: /healthz says 503 and pages say so in Japanese", async () => {
    const server = await startServer({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "unavailable", database: "unavailable" });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("データベースに接続できません");
    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });

  test("sets security headers, logs requests without query strings, and finishes in-flight requests on SIGTERM", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "machinaeki-server-"));
    try {
      const server = await startServer({ PGLITE_DATA_DIR: path.join(dataDir, "db") });
      const page = await fetch(`${server.url}/?near=34.69,135.70`);
      expect(page.status).toBe(200);
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      await page.text();
      await expect.poll(() => server.output()).toMatch(/GET \/ 200/);
      expect(server.output()).not.toContain("34.69");

      // A form post whose body has not arrived yet is in flight when SIGTERM comes.
      const socket = net.connect(server.port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      const body = "lang=en&redirectTo=%2F";
      socket.write(
        `POST /language HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.url}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      let response = "";
      socket.on("data", (chunk) => (response += chunk));
      const closed = new Promise((resolve) => socket.once("close", resolve));
      await new Promise((r) => setTimeout(r, 200));
      server.process.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
      socket.write(body);
      await closed;
      expect(response).toMatch(/^HTTP\/1\.1 302/);
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain("SIGTERM received");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
