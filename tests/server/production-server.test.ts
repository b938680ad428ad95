// The production server as a person's browser meets it: the built app in its own process.
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { killStartedServers, startBuiltServer as startServer } from "./built-server";

afterAll(() => {
  killStartedServers();
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

  test("a post whose body is not a form gets the usual error page with 415 or 400, never a 500", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "machinaeki-server-"));
    try {
      const server = await startServer({ PGLITE_DATA_DIR: path.join(dataDir, "db") });
      const post = (type: string | undefined, body: string | Blob) =>
        fetch(`${server.url}/login`, { method: "POST", headers: { Origin: server.url, ...(type ? { "Content-Type": type } : {}) }, body });
      for (const [type, body, status] of [
        ["application/json", '{"email":"a@example.jp"}', 415],
        ["text/plain", "email=a@example.jp", 415],
        // A Blob without a type: fetch sends no Content-Type.
        [undefined, new Blob(["email=a@example.jp"]), 415],
        ["multipart/form-data", "--x\r\n\r\n", 400],
      ] as const) {
        const response = await post(type, body);
        expect(response.status, `${type}`).toBe(status);
        expect(response.headers.get("content-type")).toMatch(/^text\/html/);
        expect(await response.text()).toContain("入力内容を確認してください");
      }
      expect(server.output()).not.toMatch(/TypeError|\s5\d\d\s/);
      server.process.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test("sets security headers, logs requests without query strings, and finishes in-flight requests on SIGTERM", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "machinaeki-server-"));
    try {
      const server = await startServer({ PGLITE_DATA_DIR: path.join(dataDir, "db") });
      // Uncompressed, as autocannon asks (with gzip, compression() sends it chunked).
      const page = await fetch(`${server.url}/?near=34.69,135.70`, { headers: { "Accept-Encoding": "identity" } });
      expect(page.status).toBe(200);
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      // The document is rendered whole and sent with its length, not streamed in chunks (issue 17).
      const html = Buffer.from(await page.arrayBuffer());
      expect(page.headers.get("transfer-encoding")).toBeNull();
      expect(Number(page.headers.get("content-length"))).toBe(html.length);
      expect(html.toString("utf8")).toMatch(/<\/html>$/);
      await expect.poll(() => server.output()).toMatch(/GET \/ 200/);
      expect(server.output()).not.toContain("34.69");

      // A form post whose body has not arrived yet is in flight when SIGTERM comes. The server
      // answers "100 Continue" once it has read the headers: from then on the request is its.
      const socket = net.connect(server.port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      const body = "lang=en&redirectTo=%2F";
      let response = "";
      socket.on("data", (chunk) => (response += chunk));
      const closed = new Promise((resolve) => socket.once("close", resolve));
      socket.write(
        `POST /language HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.url}\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
      );
      await expect.poll(() => response).toMatch(/^HTTP\/1\.1 100 Continue/);
      server.process.kill("SIGTERM");
      await expect.poll(() => server.output()).toContain("SIGTERM received");
      socket.write(body);
      await closed;
      expect(response).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 302/);
      expect(await server.exited).toBe(0);
      expect(server.output()).toContain("SIGTERM received");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
