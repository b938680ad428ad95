// `npm run bench`: generates hubs at scale and prints p50/p95 of the queries residents hit.
// Options: --hubs=N (default 100000), --runs=N (default 200). With BENCH_DATABASE_URL it runs
// on that PostgreSQL database (which it empties first!); otherwise on an in-memory PGlite.
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase } from "~/lib/db.server";
import { generateHubs } from "./generate";
import { benchHubSearch } from "./hubs";
import { printTable, type Measurement } from "./measure";

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.split("=")[1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

const hubCount = option("hubs", 100_000);
const runs = option("runs", 200);
const url = process.env.BENCH_DATABASE_URL;

console.log(`まちなえき benchmark: ${hubCount.toLocaleString("en")} hubs, ${runs} runs per case, on ${url ? "PostgreSQL (BENCH_DATABASE_URL)" : "PGlite (in memory)"}`);
const handle = await openDatabase(url ? { url, poolMax: 4 } : { dataDir: "memory://" });
if (url) await handle.db.execute(sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public`);
await migrateDatabase(handle);
const seconds = await generateHubs(handle.db, hubCount);
console.log(`  generated in ${seconds.toFixed(1)} s`);

const rows: Measurement[] = [];
const { results, plans } = await benchHubSearch(handle, runs);
rows.push(...results);

console.log("\nQuery plans (EXPLAIN ANALYZE):");
for (const [name, plan] of Object.entries(plans)) console.log(`\n-- ${name}\n${plan}`);
console.log("");
printTable(rows);
await handle.close();
