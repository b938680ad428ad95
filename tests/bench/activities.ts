// The activity search at scale: `benchActivitySearch(handle, { hubs, occurrences })` generates
// (or tops up to) that many hubs and sessions, runs the resident's search with filters and
// distance, and returns p95 and the EXPLAIN ANALYZE plan per case. Wired into `npm run bench`
// by tests/bench/run.ts; `npx tsx tests/bench/activities.ts --hubs=N --occurrences=N` runs it
// alone (on BENCH_DATABASE_URL, which it empties first unless --keep, or an in-memory PGlite).
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { hubs } from "#db/schema";
import type { ActivityFilters } from "~/services/activities.server";
import { searchActivities, selectActivityPage, selectSoonestSessions } from "~/services/activities.server";
import { explain, migrateDatabase, openDatabase, type DatabaseHandle } from "~/lib/db.server";
import type { LatLng } from "~/lib/geo";
import { CITY_CENTRES, generateHubs } from "./generate";
import { measure, printTable, progress } from "./measure";
import { rowsOf } from "~/lib/db-rows.server";

/** Sessions per generated activity: a weekly series over ten weeks. */
const SESSIONS_PER_ACTIVITY = 10;

export function pointFor(i: number): LatLng {
  const [lat, lng] = CITY_CENTRES[i % CITY_CENTRES.length] ?? [34.69, 135.7];
  return { lat: lat + ((i * 7919) % 100) / 2000 - 0.025, lng: lng + ((i * 104729) % 100) / 2000 - 0.025 };
}

export async function countRows(handle: DatabaseHandle, table: "hubs" | "occurrences"): Promise<number> {
  const query = sql`select count(*)::int as n from ${sql.identifier(table)}`;
  const result = await handle.db.execute(query);
  return Number(rowsOf(result)[0]?.n ?? 0);
}

/**
 * One weekly activity per hub (category, audience, fee and time of day varied), and ten weekly
 * sessions each from today, some cancelled: `occurrences` sessions in all.
 */
async function generateActivities(handle: DatabaseHandle, occurrenceCount: number, batch = 20_000): Promise<number> {
  const db = handle.db;
  const activityCount = Math.ceil(occurrenceCount / SESSIONS_PER_ACTIVITY);
  const bar = progress("activities + sessions");
  const [{ minHub } = { minHub: 1 }] = await db.select({ minHub: sql<number>`min(${hubs.id})`.mapWith(Number) }).from(hubs);
  const [{ hubCount } = { hubCount: 1 }] = await db.select({ hubCount: sql<number>`count(*)`.mapWith(Number) }).from(hubs);
  for (let start = 1; start <= activityCount; start += batch) {
    const end = Math.min(activityCount, start + batch - 1);
    await db.execute(sql`
      with new_activities as (
        insert into activities (hub_id, category_id, title, audience, fee_yen, schedule_kind, weekdays, start_date, start_time, end_time, materialised_through)
        select ${minHub}::int + ((g - 1) % ${hubCount}::int),
               (select min(id) from categories) + (g % 11),
               'ベンチ活動' || g,
               (array['everyone','seniors','families','disabilities','youth']::activity_audience[])[1 + g % 5],
               case when g % 3 = 0 then 0 else 100 * (g % 5) end,
               'weekly', array[1 + g % 7]::smallint[], current_date,
               make_time(9 + (g % 11), 0, 0), make_time(10 + (g % 11), 30, 0),
               current_date + 365
        from generate_series(${start}::int, ${end}::int) g
        returning id, weekdays[1] as weekday, start_time, end_time
      )
      insert into occurrences (activity_id, original_date, starts_at, ends_at, status, cancel_reason)
      select a.id, d::date,
             ((d::date + a.start_time) at time zone 'Asia/Tokyo'),
             ((d::date + a.end_time) at time zone 'Asia/Tokyo'),
             case when (a.id + k) % 17 = 0 then 'cancelled'::occurrence_status else 'scheduled'::occurrence_status end,
             case when (a.id + k) % 17 = 0 then '雨天中止' end
      from new_activities a
      cross join generate_series(0, ${SESSIONS_PER_ACTIVITY - 1}::int) k
      cross join lateral (select (current_date + ((a.weekday - extract(isodow from current_date)::int + 7) % 7) + 7 * k) as d) days`);
    bar.update(end, activityCount);
  }
  await db.execute(sql`analyze`);
  return bar.done();
}

/** Tops the database up to `hubs` hubs and `occurrences` sessions (weekly activities). */
export async function ensureActivities(handle: DatabaseHandle, opts: { hubs: number; occurrences: number }): Promise<void> {
  const haveHubs = await countRows(handle, "hubs");
  if (haveHubs < opts.hubs) await generateHubs(handle.db, opts.hubs - haveHubs);
  const haveOccurrences = await countRows(handle, "occurrences");
  if (haveOccurrences < opts.occurrences) await generateActivities(handle, opts.occurrences - haveOccurrences);
}

export async function benchActivitySearch(
  handle: DatabaseHandle,
  opts: { hubs: number; occurrences: number; runs?: number },
): Promise<{ name: string; p95ms: number; plan: string; p50ms: number; runs: number }[]> {
  const runs = opts.runs ?? 100;
  await ensureActivities(handle, opts);

  const db = handle.db;
  const none: ActivityFilters = { weekdays: [], features: [], free: false };
  const cases: { name: string; filters: ActivityFilters; withinMinutes?: number; near: boolean }[] = [
    { name: "activities within 15 min walk, page 1 (with count)", filters: none, withinMinutes: 15, near: true },
    {
      name: "within 20 min + category + weekday + morning + free",
      filters: { ...none, category: "exercise", weekdays: [2, 4], timeOfDay: "morning", free: true },
      withinMinutes: 20,
      near: true,
    },
    { name: "within 30 min + this week + accessibility + seniors", filters: { ...none, range: "week", features: ["step_free"], audience: "seniors" }, withinMinutes: 30, near: true },
    { name: "nearest first, no distance limit", filters: none, near: true },
    { name: "soonest first, no point, category filter", filters: { ...none, category: "salon" }, near: false },
  ];
  const out: { name: string; p95ms: number; plan: string; p50ms: number; runs: number }[] = [];
  for (const c of cases) {
    const m = await measure(c.name, c.near ? runs : Math.max(10, Math.floor(runs / 5)), (i) =>
      searchActivities(db, { filters: c.filters, near: c.near ? pointFor(i) : undefined, withinMinutes: c.withinMinutes, page: 1 }),
    );
    // The query the search runs for this case: LATERAL per activity near a point, else sessions soonest first.
    const query = c.near
      ? selectActivityPage(db, { filters: c.filters, near: pointFor(3), withinMinutes: c.withinMinutes, now: new Date(), limit: 20, offset: 0 })
      : selectSoonestSessions(db, { filters: c.filters, now: new Date(), limit: 200 });
    out.push({ name: c.name, p95ms: m.p95ms, p50ms: m.p50ms, runs: m.runs, plan: await explain(handle, query.toSQL(), true) });
  }
  return out;
}

// Run alone: npx tsx tests/bench/activities.ts --hubs=100000 --occurrences=1000000
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const option = (name: string, fallback: number) => {
    const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
    return arg ? Number(arg.split("=")[1]) : fallback;
  };
  const url = process.env.BENCH_DATABASE_URL;
  const handle = await openDatabase(url ? { url, poolMax: 4 } : { dataDir: "memory://" });
  // --keep reuses the data a previous run generated (the function only tops it up).
  if (url && !process.argv.includes("--keep")) {
    await handle.db.execute(sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public`);
  }
  await migrateDatabase(handle);
  const results = await benchActivitySearch(handle, { hubs: option("hubs", 100_000), occurrences: option("occurrences", 1_000_000), runs: option("runs", 100) });
  for (const r of results) console.log(`\n-- ${r.name}\n${r.plan}`);
  console.log("");
  printTable(results.map((r) => ({ name: r.name, runs: r.runs, p50ms: r.p50ms, p95ms: r.p95ms })));
  await handle.close();
}
