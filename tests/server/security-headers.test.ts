// Every page carries an enforced CSP whose nonce is fresh per response and is the one on the page's scripts.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { killStartedServers, startBuiltServer, type BuiltServer } from "./built-server";

let server: BuiltServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "machinaeki-csp-"));
  server = await startBuiltServer({
    PGLITE_DATA_DIR: path.join(dataDir, "db"),
    TRUST_PROXY: "1",
    MAP_TILE_URL: "https://{s}.tiles.example.org/{z}/{x}/{y}.png",
  });
});

afterAll(async () => {
  killStartedServers();
  await rm(dataDir, { recursive: true, force: true });
});

function directives(policy: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) result.set(name, sources);
  }
  return result;
}

describe("security headers", () => {
  test.each(["/", "/login", "/signup", "/activities", "/hubs/does-not-exist", "/healthz"])("%s has the CSP and the other headers", async (pathname) => {
    const response = await fetch(`${server.url}${pathname}`);
    const policy = response.headers.get("content-security-policy");
    expect(policy, "enforced, not report-only").toBeTruthy();
    const csp = directives(policy ?? "");
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toContain("'strict-dynamic'");
    expect(csp.get("script-src")?.some((source) => /^'nonce-[A-Za-z0-9+/]{22}==' *$/.test(source))).toBe(true);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("img-src")).toContain("https://*.tiles.example.org");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // Plain HTTP straight to the app: no HSTS (browsers ignore it there anyway).
    expect(response.headers.get("strict-transport-security")).toBeNull();
    await response.text();
  });

  test("the nonce differs per response and every script on the page carries it", async () => {
    const pages = await Promise.all([fetch(`${server.url}/`), fetch(`${server.url}/`), fetch(`${server.url}/login`)]);
    const nonces = pages.map((page) => /'nonce-([^']+)'/.exec(page.headers.get("content-security-policy") ?? "")?.[1]);
    expect(new Set(nonces).size).toBe(3);
    for (const [index, page] of pages.entries()) {
      const html = await page.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonces[index]}"`);
    }
  });

  test("HSTS in production behind a TLS-terminating proxy", async () => {
    const response = await fetch(`${server.url}/`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    await response.text();
  });

  test("no security header is sent twice: a route's own value (the personal calendar's no-referrer) replaces the default", async () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const postHeaders = (cookie = "") => ({ Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) });
    const signup = await send("/signup", { method: "POST", headers: postHeaders(), body: form({ email: "feed@example.jp", displayName: "フィード", password: "a-long-unusual-passphrase-42" }) });
    expect(signup.status).toBe(302);
    const cookie = signup.all("set-cookie").map((c) => c.split(";")[0]).join("; ");
    const created = await send("/volunteer", { method: "POST", headers: postHeaders(cookie), body: form({ intent: "calendarCreate" }) });
    const feedPath = new URL(/id="calendar-url"[^>]*value="([^"]+)"/.exec(created.body)?.[1] ?? /value="([^"]+)"[^>]*id="calendar-url"/.exec(created.body)?.[1] ?? "").pathname;
    expect(feedPath).toMatch(/^\/volunteer\/calendar\/.+/);

    for (const pathname of ["/", "/login", "/healthz", "/hubs/does-not-exist", "/favicon.svg", feedPath]) {
      const response = await send(pathname, { headers: { Cookie: cookie } });
      for (const name of ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options", "permissions-policy"]) {
        expect(response.all(name), `${name} on ${pathname}`).toHaveLength(1);
      }
    }
    const feed = await send(feedPath);
    expect(feed.status).toBe(200);
    expect(feed.all("referrer-policy")).toEqual(["no-referrer"]);
  });
});

/** One request with every response header as sent (fetch joins repeated headers with ", "). */
function send(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; all: (name: string) => string[] }>((resolve, reject) => {
    const request = http.request(`${server.url}${pathname}`, { method: options.method ?? "GET", headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const raw = response.rawHeaders;
        const all = (name: string) => raw.flatMap((value, i) => (i % 2 === 1 && raw[i - 1]?.toLowerCase() === name ? [value] : []));
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), all });
      });
    });
    request.on("error", reject);
    request.end(options.body);
  });
}
