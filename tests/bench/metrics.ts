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
import { rebuildSummaries } from "~/services/metric-rollups.server";
import { generateHubs } from "./generate";
import { measure, progress } from "./measure";
import { rowsOf } from "~/lib/db-rows.server";

const FIRST_YEAR = 2023;
const YEARS = 3;
const dialect = new PgDialect({ casing: "snake_case" });

async function scalar(handle: DatabaseHandle, statement: ReturnType<typeof sql>): Promise<number> {
  const result: unknown = await handle.db.execute(statement);
  const first = rowsOf(result)[0];
  return Number(first ? Object.values(first)[0] : 0);
}

/**
 * Generates the data set with set-based inserts (generate_series) in batches with progress, then
 * builds the rollups from scratch the way a full refresh would (the app keeps them on write).
 */
export async function generateAttendance(handle: DatabaseHandle, opts: { hubs: number; attendanceRows: number }): Promise<void> {
  const db = handle.db;
  const existingRows = await scalar(handle, sql`select count(*) from attendance_records`);
  if (existingRows >= opts.attendanceRows) {
    console.log(`  reusing the ${existingRows.toLocaleString("en")} attendance rows already generated`);
    return;
  }
  const existingHubs = await scalar(handle, sql`select count(*) from hubs where name like 'ベンチ拠点%'`);
  if (existingHubs < opts.hubs) await generateHubs(db, opts.hubs - existingHubs);
  const perHub = Math.max(1, Math.ceil(opts.attendanceRows / opts.hubs));
  const spacingDays = Math.max(1, Math.floor((YEARS * 365) / perHub));

  await db.execute(sql`insert into activities (hub_id, category_id, title, schedule_kind, start_date, start_time, end_time, status, ended_at)
    select h.id, (select min(id) from categories) + (h.id % 10), 'ベンチ活動', 'once', ${`${FIRST_YEAR}-04-01`}::date, '10:00', '11:00', 'ended', now()
    from hubs h where h.name like 'ベンチ拠点%' and not exists (select 1 from activities a where a.hub_id = h.id and a.title = 'ベンチ活動')`);
  const range = await scalar(handle, sql`select min(id) from activities where title = 'ベンチ活動'`);
  const maxActivity = await scalar(handle, sql`select max(id) from activities where title = 'ベンチ活動'`);
  // Each session is written already marked as recorded, so the trigger that marks it is not needed here.
  await db.execute(sql`alter table attendance_records disable trigger attendance_records_mark_occurrence`);
  const bar = progress("attendance rows");
  const batch = Math.max(1, Math.floor(250_000 / perHub));
  let written = 0;
  for (let from = range; from <= maxActivity; from += batch) {
    const to = Math.min(maxActivity, from + batch - 1);
    await db.execute(sql`with o as (
        insert into occurrences (activity_id, attendance_recorded, original_date, starts_at, ends_at)
        select a.id, true, (${`${FIRST_YEAR}-04-01`}::date + (k * ${spacingDays} + a.id % 7)),
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
  await db.execute(sql`alter table attendance_records enable trigger attendance_records_mark_occurrence`);

  const rollups = progress("rollups (a full refresh)");
  await db.execute(sql`truncate metric_hub_months, metric_hub_years, metric_operator_months, metric_hub_first_held, metric_operator_years,
    metric_city_years, metric_association_years, metric_hub_activity, metric_operator_activity, metric_hub_year_totals, metric_scope_months,
    metric_operator_people, metric_association_activity, metric_month_pairs`);
  await db.execute(sql`insert into metric_hub_months (hub_id, category_id, month, sessions, participants, first_timers, supported_participants)
    select a.hub_id, a.category_id, date_trunc('month', o.starts_at at time zone 'Asia/Tokyo')::date, count(*), sum(r.participants), sum(r.first_timers), sum(r.supported_participants)
    from attendance_records r join occurrences o on o.id = r.occurrence_id join activities a on a.id = o.activity_id
    where o.status = 'scheduled' group by 1, 2, 3`);
  // Two 担い手 per hub and month: an organiser account and a guest.
  await db.execute(sql`insert into metric_operator_months (hub_id, category_id, month, person)
    select hub_id, category_id, month, p || hub_id from metric_hub_months, unnest(array['guest:', 'user:']) p`);
  await rebuildSummaries(db);
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
  const someKind = await scalar(handle, sql`select min(id) from hub_kinds where code like 'b\\_%'`);
  const someCategory = await scalar(handle, sql`select min(category_id) from metric_hub_years`);
  const byDistrict: MetricFilters = { districtId: someDistrict };
  const byKind: MetricFilters = { kindId: someKind };
  const byCategory: MetricFilters = { categoryId: someCategory };
  const now = new Date(`${FIRST_YEAR + 1}-12-15T12:00:00+09:00`);
  const cases: { name: string; run: () => Promise<unknown>; query: ReturnType<typeof sql> }[] = [
    { name: "indicators, fiscal year, all hubs (city summary row)", run: () => indicatorTable(db, year), query: citySummaryQuery(year.fiscalYear ?? FIRST_YEAR + 1) },
    { name: "indicators, fiscal year, one district (+ all-hubs check)", run: () => indicatorTable(db, year, byDistrict), query: indicatorQuery(year, byDistrict) },
    { name: "indicators, fiscal year, one hub kind (a third of hubs)", run: () => indicatorTable(db, year, byKind), query: indicatorQuery(year, byKind) },
    { name: "indicators, fiscal year, one category", run: () => indicatorTable(db, year, byCategory), query: indicatorQuery(year, byCategory) },
    { name: "indicators, custom 3 months, all hubs", run: () => indicatorTable(db, quarter), query: indicatorQuery(quarter) },
    { name: "indicators, custom 3 months, one district", run: () => indicatorTable(db, quarter, byDistrict), query: indicatorQuery(quarter, byDistrict) },
    { name: "indicators, custom 3 months, one hub kind", run: () => indicatorTable(db, quarter, byKind), query: indicatorQuery(quarter, byKind) },
    { name: "per-hub monthly table, fiscal year, page 1", run: () => hubMonthTable(db, year), query: hubTopQuery(year, {}, 50, 0) },
    { name: "per-hub monthly table, fiscal year, page 20", run: () => hubMonthTable(db, year, {}, { page: 19 }), query: hubTopQuery(year, {}, 50, 950) },
    { name: "per-hub monthly table, fiscal year, one category", run: () => hubMonthTable(db, year, byCategory), query: hubTopQuery(year, byCategory, 50, 0) },
    { name: "per-hub monthly table, custom 3 months, one district", run: () => hubMonthTable(db, quarter, byDistrict), query: hubTopQuery(quarter, byDistrict, 50, 0) },
    { name: "not yet recorded, fiscal year", run: () => countNotYetRecorded(db, year, {}, now), query: notYetRecordedQuery(year, {}, now) },
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
  const slow = await measure("per-hub monthly table, custom 3 months, all hubs", Math.min(runs, 10), () => hubMonthTable(db, quarter), 1);
  out.push({ name: slow.name, p95ms: slow.p95ms, plan: await explain(handle, dialect.sqlToQuery(hubTopQuery(quarter, {}, 50, 0)), true) });
  return out;
}

// Run alone: tsx tests/bench/metrics.ts --hubs=100000 --rows=5000000 [--keep] (BENCH_DATABASE_URL, else PGlite in memory).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { migrateDatabase, openDatabase } = await import("~/lib/db.server");
  const option = (name: string, fallback: number) => {
    const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
    return arg ? Number(arg.split("=")[1]) : fallback;
  };
  const url = process.env.BENCH_DATABASE_URL;
  const handle = await openDatabase(url ? { url, poolMax: 4 } : { dataDir: "memory://" });
  // --keep reuses the data of an earlier run (after migrating it), so a change can be measured in minutes.
  if (url && !process.argv.includes("--keep")) {
    await handle.db.execute(sql`drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public`);
  }
  await migrateDatabase(handle);
  // A migration that rewrote many rows leaves dead tuples and stale statistics behind.
  if (url && process.argv.includes("--keep")) await handle.db.execute(sql`vacuum analyze`);
  const results = await benchDashboard(handle, { hubs: option("hubs", 100_000), attendanceRows: option("rows", 5_000_000), runs: option("runs", 50) });
  for (const r of results) console.log(`\n-- ${r.name}: p95 ${r.p95ms.toFixed(1)} ms\n${r.plan}`);
  console.log("");
  for (const r of results) console.log(`${r.name.padEnd(60)} p95 ${r.p95ms.toFixed(1)} ms`);
  await handle.close();
}
