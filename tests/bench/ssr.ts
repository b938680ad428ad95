// Server-side rendering under load: the BUILT server (build/index.js, `npm run build` first) on
// the bench database, against a bare node:http server answering each page's own HTML from
// memory, both measured with autocannon in the same run. The ratios say what the app's work costs per page;
// the absolute figures move with whatever else the machine is doing.
//   `npm run bench -- --only=ssr [--ssr-seconds=8] [--connections=10] [--port=4310]`
import { readFile } from "node:fs/promises";
import http from "node:http";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { and, asc, count, desc, eq, gt, notLike } from "drizzle-orm";
import { activities, activityRoles, hubs, occurrences } from "#db/schema";
import { loadDemoData } from "~/commands/demo";
import { DEMO_PASSWORD } from "~/commands/demo/accounts";
import type { DatabaseHandle } from "~/lib/db.server";
import { startBuiltServer, type BuiltServer } from "../server/built-server";
import type { Measurement } from "./measure";

/** The demo volunteer: a resident with an account and no staff role. */
const VOLUNTEER_EMAIL = "volunteer@example.jp";

/**
 * The demo data (places, activities with sessions and roles, accounts). Call it before the hubs
 * are generated: each demo part loads only into an empty table.
 */
export async function loadSsrData(handle: DatabaseHandle): Promise<void> {
  await loadDemoData(handle.db);
}

/** A demo hub and its activity with the most roles: the pages a resident opens from the list. */
async function pickPages(handle: DatabaseHandle): Promise<{ hubId: number; activityId: number }> {
  const [row] = await handle.db
    .select({ activityId: activities.id, hubId: activities.hubId, roles: count(activityRoles.id) })
    .from(activities)
    .innerJoin(hubs, eq(hubs.id, activities.hubId))
    .leftJoin(activityRoles, eq(activityRoles.activityId, activities.id))
    .where(and(notLike(hubs.name, "ベンチ%"), notLike(activities.title, "ベンチ%")))
    .groupBy(activities.id)
    .orderBy(desc(count(activityRoles.id)), asc(activities.id))
    .limit(1);
  if (!row) throw new Error("no demo activity: loadSsrData must run before the hubs are generated");
  const [upcoming] = await handle.db
    .select({ n: count() })
    .from(occurrences)
    .where(and(eq(occurrences.activityId, row.activityId), gt(occurrences.startsAt, new Date())));
  if (!upcoming?.n) throw new Error(`activity ${row.activityId} has no sessions ahead`);
  return { hubId: row.hubId, activityId: row.activityId };
}

/** Logs in through the real /login form, as a browser would; returns the session cookie. */
async function logIn(server: BuiltServer, email: string, password: string): Promise<string> {
  const response = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "").find((c) => c.includes("="));
  if (response.status !== 302 || !cookie) throw new Error(`login as ${email} failed: HTTP ${response.status}`);
  return cookie;
}

async function fetchPage(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

interface LoadResult {
  reqPerSec: number;
  p50ms: number;
  p95ms: number;
  maxms: number;
  requests: number;
  failures: number;
}

/**
 * autocannon for `seconds` with `connections` keep-alive connections. autocannon's summary has
 * no p95, so every response time is kept and the percentiles are taken here.
 */
function load(url: string, opts: { seconds: number; connections: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: opts.connections, duration: opts.seconds, headers: opts.headers }, (error, result) => {
      if (error) return reject(error);
      times.sort((a, b) => a - b);
      resolve({
        reqPerSec: result.requests.total / (result.duration || opts.seconds),
        p50ms: percentile(times, 50),
        p95ms: percentile(times, 95),
        maxms: times[times.length - 1] ?? 0,
        requests: result.requests.total,
        failures: result.non2xx + result.errors + result.timeouts,
      });
    });
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/** The server process's resident set size in MB (Linux /proc; the bench's machines). */
async function rssMb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** `amount` requests over `connections` connections. */
function requests(url: string, amount: number, connections: number, headers?: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, amount, headers }, (error) => (error ? reject(error) : resolve()));
  });
}

/** The bare server: each page's HTML from memory, as fast as Node answers anything. */
function startBareServer(bodies: Map<string, Buffer>, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const body = bodies.get(req.url ?? "/") ?? Buffer.from("");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

/**
 * Per page: the bare server answering that page's HTML (same bytes, so the same transfer and
 * parsing cost for autocannon), then the app logged out and logged in. The ratios compare each
 * page with its own bare figure, measured just before it.
 */
export async function benchSsr(
  handle: DatabaseHandle,
  opts: { databaseUrl: string; seconds: number; connections: number; port: number },
): Promise<Measurement[]> {
  const { hubId, activityId } = await pickPages(handle);
  const server = await startBuiltServer(
    { DATABASE_URL: opts.databaseUrl, DATABASE_POOL_MAX: "10" },
    { port: opts.port, outputLimit: 64_000 },
  );
  let bare: http.Server | undefined;
  try {
    const cookie = await logIn(server, VOLUNTEER_EMAIL, DEMO_PASSWORD);
    const pages = [
      { name: "/", path: "/" },
      { name: "/hubs/:hubId", path: `/hubs/${hubId}` },
      { name: "/activities/:activityId", path: `/activities/${activityId}` },
    ];
    // The cookie really logs in: the header greets the volunteer.
    if (!(await fetchPage(`${server.url}/`, { Cookie: cookie })).includes("ボランティア（デモ）")) {
      throw new Error("the session cookie did not log the volunteer in");
    }
    const bodies = new Map<string, Buffer>();
    for (const page of pages) {
      bodies.set(page.path, Buffer.from(await fetchPage(`${server.url}${page.path}`)));
      // Warm up: compiled code paths, the connection pool, PostgreSQL's caches.
      for (let i = 0; i < 20; i++) await fetchPage(`${server.url}${page.path}`, i % 2 ? { Cookie: cookie } : {});
    }
    bare = await startBareServer(bodies, opts.port + 1);

    const rows: Measurement[] = [];
    const run = async (name: string, url: string, headers?: Record<string, string>) => {
      const started = performance.now();
      const result = await load(url, { seconds: opts.seconds, connections: opts.connections, headers });
      console.log(
        `  ${name}: ${result.reqPerSec.toFixed(0)} req/s, p95 ${result.p95ms.toFixed(1)} ms` +
          ` (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      return result;
    };
    for (const page of pages) {
      const kb = ((bodies.get(page.path)?.length ?? 0) / 1000).toFixed(0);
      const reference = await run(`bare node:http, ${page.name}'s HTML`, `http://127.0.0.1:${opts.port + 1}${page.path}`);
      const cases = [
        { label: "logged out", headers: undefined },
        { label: "logged in (volunteer)", headers: { Cookie: cookie } },
      ];
      rows.push({
        name: `ssr: bare node:http, ${page.name}'s HTML`,
        runs: reference.requests,
        reqPerSec: reference.reqPerSec,
        p50ms: reference.p50ms,
        p95ms: reference.p95ms,
        maxms: reference.maxms,
        note: `${kb} kB body${page === pages[0] ? `; ${opts.connections} connections, ${opts.seconds} s each` : ""}`,
      });
      for (const c of cases) {
        const r = await run(`SSR ${page.name}, ${c.label}`, `${server.url}${page.path}`, c.headers);
        rows.push({
          name: `ssr: ${page.name}, ${c.label}`,
          runs: r.requests,
          reqPerSec: r.reqPerSec,
          p50ms: r.p50ms,
          p95ms: r.p95ms,
          maxms: r.maxms,
          reqPerSecRatio: r.reqPerSec / reference.reqPerSec,
          p95Ratio: r.p95ms / Math.max(reference.p95ms, 0.01),
          note: r.failures > 0 ? `${r.failures} failed` : "",
        });
      }
    }
    // Memory: the pages above in turn, logged out and in, 10,000 requests in all; RSS after the
    // 5,000th and the 10,000th. A leak shows as growth between the two.
    const rss: number[] = [];
    for (let half = 0; half < 2; half++) {
      for (const [i, page] of pages.entries()) {
        const amount = [1_668, 1_666, 1_666][i] ?? 0;
        await requests(`${server.url}${page.path}`, Math.ceil(amount / 2), opts.connections);
        await requests(`${server.url}${page.path}`, Math.floor(amount / 2), opts.connections, { Cookie: cookie });
      }
      rss.push(await rssMb(server.process.pid));
    }
    console.log(
      `  memory: the server's RSS ${rss[0]?.toFixed(0)} MB after 5,000 requests, ${rss[1]?.toFixed(0)} MB after 10,000` +
        ` (target ≤ 250 MB, not growing)`,
    );
    return rows;
  } finally {
    bare?.close();
    server.process.kill("SIGTERM");
    await server.exited;
  }
}
