// The dashboard at scale: hubs with a year-round series each and `attendanceRows` attendance
// records over three fiscal years, then the p95 of what /staff runs per request. The integrator
// wires it into `npm run bench`; alone: `tsx tests/bench/metrics.ts --hubs=… --rows=…`.
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { explain, type DatabaseHandle } from "~/lib/db.server";
import { customPeriod, fiscalYearPeriod } from "~/lib/metrics/periods";
import {
  citySummaryQuery,
  countNotYetRecorded,
  hubMonthTable,
  hubTopQuery,
  indicatorQuery,
  indicatorTable,
  notYetRecordedQuery,
  type MetricFilters,
} from "~/services/metrics.server";
import { rebuildCitySummaries } from "~/services/metric-rollups.server";
import { generateHubs } from "./generate";
import { measure, progress } from "./measure";

const FIRST_YEAR = 2023;
const YEARS = 3;
const dialect = new PgDialect({ casing: "snake_case" });

async function scalar(handle: DatabaseHandle, statement: ReturnType<typeof sql>): Promise<number> {
  const result: unknown = await handle.db.execute(statement);
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  const first = rows[0] as Record<string, unknown> | undefined;
  return Number(first ? Object.values(first)[0] : 0);
}

/**
 * Generates the data set with set-based inserts (generate_series) in batches with progress, then
 * builds the rollups from scratch the way a full refresh would (the app keeps them on write).
 */
export async function generateAttendance(handle: DatabaseHandle, opts: { hubs: number; attendanceRows: number }): Promise<void> {
  const db = handle.db;
  const existingHubs = await scalar(handle, sql`select count(*) from hubs where name like 'ベンチ拠点%'`);
  if (existingHubs < opts.hubs) await generateHubs(db, opts.hubs - existingHubs);
  const perHub = Math.max(1, Math.ceil(opts.attendanceRows / opts.hubs));
  const spacingDays = Math.max(1, Math.floor((YEARS * 365) / perHub));

  await db.execute(sql`insert into activities (hub_id, category_id, title, schedule_kind, start_date, start_time, end_time, status, ended_at)
    select h.id, (select min(id) from categories) + (h.id % 10), 'ベンチ活動', 'once', ${`${FIRST_YEAR}-04-01`}::date, '10:00', '11:00', 'ended', now()
    from hubs h where h.name like 'ベンチ拠点%' and not exists (select 1 from activities a where a.hub_id = h.id and a.title = 'ベンチ活動')`);
  const range = await scalar(handle, sql`select min(id) from activities where title = 'ベンチ活動'`);
  const maxActivity = await scalar(handle, sql`select max(id) from activities where title = 'ベンチ活動'`);
  const bar = progress("attendance rows");
  const batch = Math.max(1, Math.floor(250_000 / perHub));
  let written = 0;
  for (let from = range; from <= maxActivity; from += batch) {
    const to = Math.min(maxActivity, from + batch - 1);
    await db.execute(sql`with o as (
        insert into occurrences (activity_id, original_date, starts_at, ends_at)
        select a.id, (${`${FIRST_YEAR}-04-01`}::date + (k * ${spacingDays} + a.id % 7)),
               (${`${FIRST_YEAR}-04-01`}::date + (k * ${spacingDays} + a.id % 7))::timestamp at time zone 'Asia/Tokyo' + interval '10 hours',
               (${`${FIRST_YEAR}-04-01`}::date + (k * ${spacingDays} + a.id % 7))::timestamp at time zone 'Asia/Tokyo' + interval '11 hours'
        from activities a, generate_series(0, ${perHub - 1}) k
        where a.id between ${from} and ${to} and a.title = 'ベンチ活動'
        on conflict do nothing
        returning id
      )
      insert into attendance_records (occurrence_id, participants, first_timers, supported_participants)
      select id, 10 + (id % 31), id % 4, id % 3 from o`);
    written = Math.min(opts.attendanceRows, (to - range + 1) * perHub);
    bar.update(written, opts.attendanceRows);
  }
  bar.done();

  const rollups = progress("rollups (a full refresh)");
  await db.execute(sql`truncate metric_hub_months, metric_hub_years, metric_operator_months, metric_hub_first_held, metric_operator_years, metric_city_years, metric_association_years`);
  await db.execute(sql`insert into metric_hub_months (hub_id, category_id, month, sessions, participants, first_timers, supported_participants)
    select a.hub_id, a.category_id, date_trunc('month', o.starts_at at time zone 'Asia/Tokyo')::date, count(*), sum(r.participants), sum(r.first_timers), sum(r.supported_participants)
    from attendance_records r join occurrences o on o.id = r.occurrence_id join activities a on a.id = o.activity_id
    where o.status = 'scheduled' group by 1, 2, 3`);
  await db.execute(sql`insert into metric_hub_years (hub_id, category_id, fiscal_year, sessions, participants, first_timers, supported_participants)
    select hub_id, category_id, (extract(year from month)::int - case when extract(month from month) < 4 then 1 else 0 end),
           sum(sessions), sum(participants), sum(first_timers), sum(supported_participants)
    from metric_hub_months group by 1, 2, 3`);
  await db.execute(sql`insert into metric_hub_first_held (hub_id, first_month)
    select hub_id, min(month) from metric_hub_months where sessions > 0 group by hub_id`);
  // Two 担い手 per hub and month: an organiser account and a guest.
  await db.execute(sql`insert into metric_operator_months (hub_id, category_id, month, person)
    select hub_id, category_id, month, p || hub_id from metric_hub_months, unnest(array['guest:', 'user:']) p`);
  await db.execute(sql`insert into metric_operator_years (fiscal_year, person)
    select distinct (extract(year from month)::int - case when extract(month from month) < 4 then 1 else 0 end), person from metric_operator_months`);
  await rebuildCitySummaries(db);
  await db.execute(sql`analyze`);
  rollups.update(1, 1);
  rollups.done();
}

/** Generates, then measures the dashboard's queries: p95 and EXPLAIN ANALYZE per query. */
export async function benchDashboard(
  handle: DatabaseHandle,
  opts: { hubs: number; attendanceRows: number; runs?: number },
): Promise<{ name: string; p95ms: number; plan: string }[]> {
  await generateAttendance(handle, opts);
  const db = handle.db;
  const runs = opts.runs ?? 50;
  const year = fiscalYearPeriod(FIRST_YEAR + 1);
  const quarter = customPeriod(`${FIRST_YEAR + 1}-07-01`, `${FIRST_YEAR + 1}-09-30`)!;
  const someDistrict = await scalar(handle, sql`select min(id) from districts where name like 'bench地区%'`);
  const byDistrict: MetricFilters = { districtId: someDistrict };
  const cases: { name: string; run: () => Promise<unknown>; query: ReturnType<typeof sql> }[] = [
    { name: "indicators, fiscal year, all hubs — cold (city summary row)", run: () => indicatorTable(db, year), query: citySummaryQuery(year.fiscalYear ?? FIRST_YEAR + 1) },
    { name: "indicators, fiscal year, one district (+ all-hubs check)", run: () => indicatorTable(db, year, byDistrict), query: indicatorQuery(year, byDistrict) },
    { name: "indicators, custom 3 months", run: () => indicatorTable(db, quarter), query: indicatorQuery(quarter) },
    { name: "per-hub monthly table, page 1", run: () => hubMonthTable(db, year), query: hubTopQuery(year, {}, 50, 0) },
    {
      name: "not yet recorded (cached 5 min per process)",
      run: () => countNotYetRecorded(db, year, {}, new Date(), { cache: true }),
      query: notYetRecordedQuery(year),
    },
  ];
  const out: { name: string; p95ms: number; plan: string }[] = [];
  for (const c of cases) {
    const m = await measure(c.name, runs, c.run, 3);
    const plan = await explain(handle, dialect.sqlToQuery(c.query), true);
    out.push({ name: c.name, p95ms: m.p95ms, plan });
  }
  out.push({
    name: "indicators, fiscal year, all hubs (1-minute process cache, as /staff)",
    p95ms: (await measure("cached", runs, () => indicatorTable(db, year, {}, { cache: true }), 1)).p95ms,
    plan: "(in-process cache hit)",
  });
  // Uncached, once: what the first dashboard view of a period costs for this figure.
  const cold = await measure("not yet recorded (uncached)", 3, () => countNotYetRecorded(db, year), 0);
  out.push({ name: cold.name, p95ms: cold.p95ms, plan: "(same as above)" });
  return out;
}

// Run alone: tsx tests/bench/metrics.ts --hubs=100000 --rows=5000000 (BENCH_DATABASE_URL, else PGlite in memory).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { migrateDatabase, openDatabase } = await import("~/lib/db.server");
  const option = (name: string, fallback: number) => {
    const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
    return arg ? Number(arg.split("=")[1]) : fallback;
  };
  const url = process.env.BENCH_DATABASE_URL;
  const handle = await openDatabase(url ? { url, poolMax: 4 } : { dataDir: "memory://" });
  if (url) await handle.db.execute(sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public`);
  await migrateDatabase(handle);
  const results = await benchDashboard(handle, { hubs: option("hubs", 100_000), attendanceRows: option("rows", 5_000_000), runs: option("runs", 50) });
  for (const r of results) console.log(`\n-- ${r.name}: p95 ${r.p95ms.toFixed(1)} ms\n${r.plan}`);
  console.log("");
  for (const r of results) console.log(`${r.name.padEnd(60)} p95 ${r.p95ms.toFixed(1)} ms`);
  await handle.close();
}
