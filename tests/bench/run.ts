// `npm run bench`: generates data at scale and prints p50/p95 of the queries people hit, with
// the plans PostgreSQL chose. Options:
//   --hubs=N (100000)  --occurrences=N (1000000)  --attendance=N (5000000)  --runs=N (100)
//   --districts=N (2000) the generated hubs belong to (a city has tens; / lists them all)
//   --only=hubs,activities,suggestions,dashboard,ssr,weight (all)
//   ssr: --ssr-seconds=N (8) per case, --connections=N (10), --port=N (4310; the bare server +1)
// With BENCH_DATABASE_URL it runs on that PostgreSQL database, WHICH IT EMPTIES FIRST; otherwise
// on an in-memory PGlite (slower and single-threaded: use PostgreSQL for the figures that count).
// ssr and weight meet the built server over HTTP: `npm run build` first.
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { benchActivitySearch } from "./activities";
import { generateHubs } from "./generate";
import { benchHubSearch } from "./hubs";
import { printTable, type Measurement } from "./measure";
import { benchDashboard } from "./metrics";
import { benchSsr, loadSsrData } from "./ssr";
import { benchSuggestions } from "./suggestions";
import { measurePageWeight, overBudget, printPageWeight } from "./weight";
import { startBuiltServer, startServerOnTemporaryDatabase } from "../server/built-server";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.split("=")[1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const hubCount = option("hubs", 100_000);
const occurrences = option("occurrences", 1_000_000);
const attendance = option("attendance", 5_000_000);
const runs = option("runs", 100);
const districts = option("districts", 2000);
const only = (process.argv.find((a) => a.startsWith("--only="))?.split("=")[1] ?? "hubs,activities,suggestions,dashboard,ssr,weight").split(",");
const url = process.env.BENCH_DATABASE_URL;

console.log(
  `まちなえき benchmark on ${url ? "PostgreSQL (BENCH_DATABASE_URL)" : "PGlite (in memory)"}: ` +
    `${hubCount.toLocaleString("en")} hubs, ${occurrences.toLocaleString("en")} sessions, ` +
    `${attendance.toLocaleString("en")} attendance rows, ${districts.toLocaleString("en")} districts, ${runs} runs per case; cases: ${only.join(", ")}`,
);
const handle = await openDatabase(url ? { url, poolMax: 4 } : { dataDir: "memory://" });
if (url) await handle.db.execute(sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public`);
await migrateDatabase(handle);
// The pages the ssr case renders are the demo's (a hub with activities, sessions and roles, the
// volunteer's account); the demo loads only into empty tables, so before the generated hubs.
if (only.includes("ssr") && url) await loadSsrData(handle);
const seconds = await generateHubs(handle.db, hubCount, { districts });
console.log(`  ${hubCount.toLocaleString("en")} hubs generated in ${seconds.toFixed(1)} s`);

const rows: Measurement[] = [];
const plans: [string, string][] = [];
if (only.includes("hubs")) {
  const { results, plans: hubPlans } = await benchHubSearch(handle, runs);
  rows.push(...results);
  plans.push(...Object.entries(hubPlans));
}
if (only.includes("activities")) {
  for (const r of await benchActivitySearch(handle, { hubs: hubCount, occurrences, runs })) {
    rows.push({ name: `activities: ${r.name}`, runs: r.runs, p50ms: r.p50ms, p95ms: r.p95ms });
    plans.push([`activities: ${r.name}`, r.plan]);
  }
}
if (only.includes("suggestions")) {
  const runsHere = Math.max(10, Math.floor(runs / 2));
  for (const r of await benchSuggestions(handle, { hubs: hubCount, occurrences, runs: runsHere })) rows.push({ ...r, name: `volunteers: ${r.name}` });
}
if (only.includes("dashboard")) {
  for (const r of await benchDashboard(handle, { hubs: hubCount, attendanceRows: attendance, runs: Math.max(10, Math.floor(runs / 2)) })) {
    rows.push({ name: `dashboard: ${r.name}`, p95ms: r.p95ms });
    plans.push([`dashboard: ${r.name}`, r.plan]);
  }
}

if (only.includes("ssr")) {
  if (url) {
    const ssr = { databaseUrl: url, seconds: option("ssr-seconds", 8), connections: option("connections", 10), port: option("port", 4310) };
    console.log(`\nSSR under load (${ssr.connections} connections, ${ssr.seconds} s per case):`);
    rows.push(...(await benchSsr(handle, ssr)));
  } else {
    console.log("\nssr: skipped, it needs BENCH_DATABASE_URL (the built server runs in its own process).");
  }
}

const failures: string[] = [];
if (only.includes("weight")) {
  // The page's JS and CSS do not depend on the data: the bench database, or a fresh embedded one.
  const port = option("port", 4310);
  const served = url
    ? await startBuiltServer({ DATABASE_URL: url }, { port, outputLimit: 64_000 }).then((s) => ({
        ...s,
        stop: async () => {
          s.process.kill("SIGTERM");
          await s.exited;
        },
      }))
    : await startServerOnTemporaryDatabase({ port });
  try {
    const weight = await measurePageWeight(served.url, "/");
    console.log("\nPage weight of a first visit of / (build/ as built now):\n");
    printPageWeight(weight);
    failures.push(...overBudget(weight));
  } finally {
    await served.stop();
  }
}

if (plans.length > 0) console.log("\nQuery plans (EXPLAIN ANALYZE):");
for (const [name, plan] of plans) console.log(`\n-- ${name}\n${plan}`);
console.log("");
if (rows.length > 0) printTable(rows);
await handle.close();
if (failures.length > 0) {
  console.error(`\nOver budget:\n  ${failures.join("\n  ")}`);
  process.exitCode = 1;
}
