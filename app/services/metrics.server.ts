import { asc, eq, sql, type SQL } from "drizzle-orm";
import { associations, categories, districts, hubKinds, indicatorTargets } from "#db/schema";
import type { Db } from "~/lib/db.server";
import { rowsOf } from "~/lib/db-rows.server";
import { indicators, type IndicatorCode, type IndicatorDefinition } from "~/lib/metrics/indicators";
import { NO_RECORD } from "~/lib/metrics/no-record";
import { HUB_PAGE_SIZE } from "~/lib/metrics/query";
import { fiscalYearPeriod, monthIndex, monthKey, monthsIn, previousPeriod, type Period } from "~/lib/metrics/periods";
import { addPeople, differsBySmallCount, noPeople, protectPartition, show, showPeople, type Hidden, type PeopleSum, type ShownFigure } from "~/lib/metrics/suppression";
import { createTtlCache } from "~/lib/ttl-cache.server";
import { recordAudit } from "./audit.server";
import { computeRecordedIndicators } from "./indicator-sources.server";
import { computeSupportIndicators, countStageMovesByTarget, moveTargetStages, supportByDistrict, type MoveTargetStage } from "./metrics-support.server";

export interface MetricFilters {
  districtId?: number;
  associationId?: number;
  kindId?: number;
  categoryId?: number;
}

export type IndicatorValues = Record<IndicatorCode, number | null>;

async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement));
}

/** Conditions on `hubs h` (and the rollup `r` for the category). */
function filterSql(filters: MetricFilters, rollup = sql`r`): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.districtId !== undefined) parts.push(sql`h.district_id = ${filters.districtId}`);
  if (filters.kindId !== undefined) parts.push(sql`h.kind_id = ${filters.kindId}`);
  if (filters.associationId !== undefined) {
    parts.push(sql`exists (select 1 from hub_associations ha0 where ha0.hub_id = h.id and ha0.association_id = ${filters.associationId})`);
  }
  if (filters.categoryId !== undefined) parts.push(sql`${rollup}.category_id = ${filters.categoryId}`);
  return sql.join(parts, sql` and `);
}

export function isUnfiltered(filters: MetricFilters): boolean {
  return Object.values(filters).every((v) => v === undefined);
}

/** `join hubs h` when a hub attribute is filtered: most views are city-wide and need no join. */
function hubJoin(filters: MetricFilters, alias: SQL): SQL {
  const needed = filters.districtId !== undefined || filters.kindId !== undefined || filters.associationId !== undefined;
  return needed ? sql`join hubs h on h.id = ${alias}.hub_id` : sql``;
}

/** The rollup rows of a period: the fiscal-year table for a 年度, the month table otherwise. */
function rollupSource(period: Period): SQL {
  if (period.fiscalYear !== undefined) {
    return sql`(select hub_id, category_id, sessions, participants, first_timers, supported_participants, volunteer_hours
      from metric_hub_years where fiscal_year = ${period.fiscalYear})`;
  }
  return sql`(select hub_id, category_id, month, sessions, participants, first_timers, supported_participants, volunteer_hours
    from metric_hub_months where month >= ${period.from}::date and month < ${period.to}::date)`;
}

/** The period's months as the activity sets store them, for `months && …`. */
export function monthSet(period: Period): SQL {
  return sql`${`{${monthsIn(period).map(monthIndex).join(",")}}`}::int[]`;
}

/**
 * The scope whose summaries answer a selection whole (db/schema-metrics.ts): the city, one hub
 * kind or one category. Other selections (a district, a 自治会, two filters) are read hub by hub.
 */
function scopeOf(filters: MetricFilters): string | null {
  const set = (Object.keys(filters) as (keyof MetricFilters)[]).filter((k) => filters[k] !== undefined);
  if (set.length === 0) return "city";
  if (set.length > 1) return null;
  if (filters.kindId !== undefined) return `kind:${filters.kindId}`;
  if (filters.categoryId !== undefined) return `category:${filters.categoryId}`;
  return null;
}

/** Sessions, participants, first-timers, 参加支援 and hours of a selection read hub by hub. */
function totalsQuery(period: Period, filters: MetricFilters): SQL {
  return sql`select coalesce(sum(r.sessions), 0)::int as sessions_held, coalesce(sum(r.participants), 0)::int as participants,
      coalesce(sum(r.first_timers), 0)::int as first_timers, coalesce(sum(r.supported_participants), 0)::int as support_participants,
      coalesce(sum(r.volunteer_hours), 0)::float8 as volunteer_hours
    from ${rollupSource(period)} r ${hubJoin(filters, sql`r`)} where ${filterSql(filters)}`;
}

/**
 * The period's active hubs of a selection, one row each with whether it was active in the period
 * before too (継続) and whether its first session ever (of the category, when one is chosen)
 * falls in the period (新規): one array overlap per hub on its month set.
 */
function activeHubsQuery(period: Period, filters: MetricFilters): SQL {
  const scope = filters.categoryId === undefined ? "city" : `category:${filters.categoryId}`;
  return sql`select a.hub_id, a.months && ${monthSet(previousPeriod(period))} as continuing, a.months[1] >= ${monthIndex(period.from)} as is_new
    from metric_hub_activity a ${hubJoin(filters, sql`a`)}
    where a.scope = ${scope} and a.months && ${monthSet(period)} and ${filterSql({ ...filters, categoryId: undefined })}`;
}

/** 担い手: distinct people who ran a session of the selection in any month of the period. */
function operatorsQuery(period: Period, filters: MetricFilters): SQL {
  return sql`select count(distinct o.person) from metric_operator_activity o ${hubJoin(filters, sql`o`)}
    where o.months && ${monthSet(period)} and ${filterSql(filters, sql`o`)}`;
}

/** The months [first, last] of a period as month indexes. */
function monthRange(period: Period): [number, number] {
  const months = monthsIn(period);
  return [monthIndex(months[0] ?? period.from), monthIndex(months[months.length - 1] ?? period.from)];
}

/** Hubs (or people) of a scope active in months [from, to]: those with a month there whose previous one is before it. */
function activeInScope(scope: string, subject: "hub" | "person", from: number, to: number): SQL {
  return sql`(select coalesce(sum(n), 0) from metric_month_pairs
    where scope = ${scope} and subject = ${subject} and month between ${from} and ${to} and prev_month < ${from})`;
}

/**
 * A scope's figures over any run of months, from its month rows and month-pair counts
 * (metric_month_pairs): a few hundred rows at most, however many hubs and people there are.
 */
function scopeRangeQuery(period: Period, scope: string): SQL {
  const [a, b] = monthRange(period);
  const [p] = monthRange(previousPeriod(period));
  return sql`select coalesce(sum(r.sessions), 0)::int as sessions_held, coalesce(sum(r.participants), 0)::int as participants,
      coalesce(sum(r.first_timers), 0)::int as first_timers, coalesce(sum(r.supported_participants), 0)::int as support_participants,
      coalesce(sum(r.volunteer_hours), 0)::float8 as volunteer_hours,
      ${activeInScope(scope, "hub", a, b)}::int as active_hubs,
      (select coalesce(sum(n), 0) from metric_month_pairs where scope = ${scope} and subject = 'hub' and month between ${a} and ${b} and prev_month = -1)::int as new_hubs,
      -- 継続: active in both runs = active in each, less active in the two together.
      (${activeInScope(scope, "hub", a, b)} + ${activeInScope(scope, "hub", p, a - 1)} - ${activeInScope(scope, "hub", p, b)})::int as continuing_hubs,
      (select count(*) from metric_association_activity where scope = ${scope} and months && ${monthSet(period)})::int as active_associations,
      ${activeInScope(scope, "person", a, b)}::int as operators
    from metric_scope_months r where r.scope = ${scope} and r.month >= ${period.from}::date and r.month < ${period.to}::date`;
}

/**
 * The attendance-fed indicators of one period and filter set, from the summaries kept on write
 * (exported for the benchmark's EXPLAIN). No statement groups month rows of every hub: the
 * unfiltered city reads its month rows and month pairs, a selection the month sets of its hubs.
 */
export function indicatorQuery(period: Period, filters: MetricFilters = {}): SQL {
  const scope = scopeOf(filters);
  if (scope !== null) return scopeRangeQuery(period, scope);
  const associationCondition = filters.associationId === undefined ? sql`true` : sql`ha.association_id = ${filters.associationId}`;
  return sql`with act as (${activeHubsQuery(period, filters)})
    select t.*,
      (select count(*) from act)::int as active_hubs,
      (select count(*) from act where is_new)::int as new_hubs,
      (select count(*) from act where continuing)::int as continuing_hubs,
      (select count(distinct ha.association_id) from hub_associations ha join act on act.hub_id = ha.hub_id where ${associationCondition})::int as active_associations,
      (${operatorsQuery(period, filters)})::int as operators
    from (${totalsQuery(period, filters)}) t`;
}

/**
 * The unfiltered 年度 from its one summary row (`metric_city_years`, kept on write). Its columns
 * are named as `indicatorQuery`'s, so both paths feed the same code.
 */
export function citySummaryQuery(fiscalYear: number): SQL {
  return sql`select active_hubs, new_hubs, continuing_hubs, active_associations, sessions as sessions_held, participants, first_timers,
      supported_participants as support_participants, volunteer_hours, operators
    from metric_city_years where fiscal_year = ${fiscalYear}`;
}

export async function computeIndicators(db: Db, period: Period, filters: MetricFilters = {}): Promise<IndicatorValues> {
  const statement = period.fiscalYear !== undefined && isUnfiltered(filters) ? citySummaryQuery(period.fiscalYear) : indicatorQuery(period, filters);
  const [row] = await query<Record<string, number | string | null>>(db, statement);
  const n = (key: string) => Number(row?.[key] ?? 0);
  const [support, recorded] = await Promise.all([computeSupportIndicators(db, period, filters), computeRecordedIndicators(db, period, !isUnfiltered(filters))]);
  return {
    active_hubs: n("active_hubs"),
    active_associations: n("active_associations"),
    new_hubs: n("new_hubs"),
    continuing_hubs: n("continuing_hubs"),
    sessions_held: n("sessions_held"),
    participants: n("participants"),
    first_timers: n("first_timers"),
    operators: n("operators"),
    // Attended role sign-ups × the session's length (roster ticks, kept in the rollups).
    volunteer_hours: Math.round(n("volunteer_hours") * 10) / 10,
    support_participants: n("support_participants"),
    ...support,
    ...recorded,
  };
}

/**
 * Sessions in the period that are due (started, not cancelled) but have no attendance record:
 * the partial index `occurrences_unrecorded_starts_at` holds only those (migration 0018's trigger
 * keeps `attendance_recorded`), so the count reads the few still open, not every session.
 */
export function notYetRecordedQuery(period: Period, filters: MetricFilters = {}, now = new Date()): SQL {
  const until = +now < +period.end ? now : period.end;
  return sql`select count(*)::int as n from occurrences o
      join activities r on r.id = o.activity_id join hubs h on h.id = r.hub_id
      where o.starts_at >= ${period.start.toISOString()}::timestamptz and o.starts_at < ${until.toISOString()}::timestamptz
        and o.status = 'scheduled' and not o.attendance_recorded and ${filterSql(filters)}`;
}

/**
 * The dashboard's indicator tables, kept a minute per process: the rollups are current on write,
 * and this only spares repeated views of one period and filter set. Writes in this process clear it.
 */
const indicatorTableCache = createTtlCache<IndicatorRow[]>({ ttlMs: 60_000, maxEntries: 500 });

export function clearDashboardCache(): void {
  indicatorTableCache.clear();
}

export async function countNotYetRecorded(db: Db, period: Period, filters: MetricFilters = {}, now = new Date()): Promise<number> {
  const [row] = await query<{ n: number }>(db, notYetRecordedQuery(period, filters, now));
  return Number(row?.n ?? 0);
}

/** The counts of people published as sums of cells of 1–2 adjusted to 0 or 3 (ADR 023). */
export const peopleFigures = ["participants", "first_timers"] as const;
export type PeopleFigure = (typeof peopleFigures)[number];

/** `published_count` of a month rollup row's figure: its own value unless it is 1–2 people. */
function publishedSql(figure: PeopleFigure, r = sql`r`): SQL {
  return sql`published_count(${r}.${sql.identifier(figure)}, ${r}.hub_id, ${r}.category_id, ${r}.month, ${figure}::text)`;
}

/** The columns a `PeopleSum` is read from (`peopleSumOf`), over month rollup rows `r`, prefixed. */
export function peopleColumns(figure: PeopleFigure, prefix: string): SQL {
  const value = sql`r.${sql.identifier(figure)}`;
  const small = sql`${value} between 1 and 2`;
  return sql`coalesce(sum(${value}), 0)::int as ${sql.identifier(`${prefix}exact`)},
    coalesce(sum(${publishedSql(figure)} - ${value}) filter (where ${small}), 0)::int as ${sql.identifier(`${prefix}adjustment`)},
    count(*) filter (where ${small})::int as ${sql.identifier(`${prefix}small`)},
    coalesce(sum(${value}) filter (where ${small}), 0)::int as ${sql.identifier(`${prefix}small_sum`)}`;
}

export function peopleSumOf(row: Record<string, unknown> | undefined, prefix: string): PeopleSum {
  const n = (key: string) => Number(row?.[`${prefix}${key}`] ?? 0);
  return { exact: n("exact"), adjustment: n("adjustment"), smallCells: n("small"), smallSum: n("small_sum") };
}

/**
 * The selection's cells of 1–2 people in the period (the partial index metric_hub_months_small
 * holds only those): how far the published sums differ from the exact ones, and how many there are.
 */
export async function smallCells(db: Db, period: Period, filters: MetricFilters): Promise<Record<PeopleFigure, PeopleSum>> {
  const [row] = await query<Record<string, number>>(
    db,
    sql`select ${sql.join(peopleFigures.map((figure) => peopleColumns(figure, `${figure}_`)), sql`, `)}
      from metric_hub_months r ${hubJoin(filters, sql`r`)}
      where r.month >= ${period.from}::date and r.month < ${period.to}::date
        and (r.participants between 1 and 2 or r.first_timers between 1 and 2) and ${filterSql(filters)}`,
  );
  return { participants: peopleSumOf(row, "participants_"), first_timers: peopleSumOf(row, "first_timers_") };
}

/** Wider selections a filtered figure must not be subtracted from: all hubs, and each filter with one condition dropped. */
function widerFilters(filters: MetricFilters): MetricFilters[] {
  const keys = (Object.keys(filters) as (keyof MetricFilters)[]).filter((k) => filters[k] !== undefined);
  if (keys.length === 0) return [];
  const wider: MetricFilters[] = [{}];
  if (keys.length > 1) {
    for (const drop of keys) {
      const copy: MetricFilters = { ...filters };
      delete copy[drop];
      wider.push(copy);
    }
  }
  return wider;
}

export interface IndicatorRow {
  code: IndicatorCode;
  figure: ShownFigure | null;
  target: { baseline: number; baselineDate: string; target: number } | null;
}

/**
 * Whether the registry lets the figure out for this period and selection: 参加支援 figures per
 * 年度 only (a month of a few people is too revealing), and `city-year` ones (参加支援
 * participants at sessions) for the whole city only (ADR 023).
 */
function publishedFor(definition: IndicatorDefinition, period: Period, filters: MetricFilters): boolean {
  if (definition.period === "fiscal-year" && period.fiscalYear === undefined) return false;
  return definition.disclosure !== "city-year" || isUnfiltered(filters);
}

/**
 * 伴走 and 段階の前進 of the city and of each district are one partition with its total: which of
 * them the city's or the chosen district's figure hides, decided over every district at once.
 */
async function supportPartition(db: Db, period: Period, filters: MetricFilters): Promise<Record<"accompanied" | "stage_moves", Hidden> | null> {
  const { districtId, ...others } = filters;
  if (period.fiscalYear === undefined || Object.values(others).some((v) => v !== undefined)) return null;
  const districts = await supportByDistrict(db, period);
  const hiddenOf = (code: "accompanied" | "stage_moves"): Hidden => {
    const parts = districts.map((d) => ({ value: d[code], shown: d.districtId !== null }));
    const protectedParts = protectPartition(parts, parts.reduce((a, p) => a + p.value, 0), "support");
    if (districtId === undefined) return protectedParts.total;
    const i = districts.findIndex((d) => d.districtId === districtId);
    return i < 0 ? false : (protectedParts.parts[i] ?? false);
  };
  return { accompanied: hiddenOf("accompanied"), stage_moves: hiddenOf("stage_moves") };
}

/**
 * The indicator table as it may leave the server: small counts hidden, and a filtered figure
 * hidden too when a wider selection's figure differs from it by a small count.
 */
export async function indicatorTable(db: Db, period: Period, filters: MetricFilters = {}, options: { cache?: boolean } = {}): Promise<IndicatorRow[]> {
  if (options.cache) return indicatorTableCache.get(JSON.stringify([period.from, period.to, filters]), () => indicatorTable(db, period, filters));
  // The targets are the city's: a district, 自治会, kind or category is never compared with them.
  const targets = period.fiscalYear === undefined || !isUnfiltered(filters) ? [] : await listTargets(db, period.fiscalYear);
  const targetOf = (code: IndicatorCode) => {
    const t = targets.find((x) => x.indicator === code);
    return t ? { baseline: t.baseline, baselineDate: t.baselineDate, target: t.target } : null;
  };
  if (!(await holdsRecords(db, period))) return indicators.map(({ code }) => ({ code, figure: NO_RECORD, target: targetOf(code) }));
  const [values, small, references, partition] = await Promise.all([
    computeIndicators(db, period, filters),
    smallCells(db, period, filters),
    // 担い手 and 連携先 (distinct people, not sums of cells) still need the wider selections.
    Promise.all(widerFilters(filters).map((f) => computeIndicators(db, period, f))),
    supportPartition(db, period, filters),
  ]);
  return indicators.map((definition) => {
    const { code, sensitivity, disclosure } = definition;
    const value = values[code];
    let figure: ShownFigure | null = null;
    if (value === null || !publishedFor(definition, period, filters)) figure = null;
    else if (disclosure === "people-cells" && (code === "participants" || code === "first_timers")) figure = showPeople({ ...small[code], exact: value });
    else if (disclosure === "support-partition" && (code === "accompanied" || code === "stage_moves")) figure = show(value, sensitivity, partition?.[code] ?? false);
    else if (disclosure === "distinct") {
      const refs = references.map((r) => r[code]).filter((v): v is number => v !== null);
      figure = differsBySmallCount(value, refs, sensitivity) ? show(value, sensitivity, "complementary") : show(value, sensitivity);
    } else figure = show(value, sensitivity);
    return { code, figure, target: targetOf(code) };
  });
}

/**
 * The day of the first record of any kind (a held session's month, a 参加支援 stage change or
 * entry), YYYY-MM-DD, or null when there is none. Read from small tables: the city's year rows
 * and the 参加支援 records (hundreds of rows).
 */
export async function firstRecordDay(db: Db): Promise<string | null> {
  const [row] = await query<{ first: string | null }>(
    db,
    sql`select to_char(least(
        (select make_date(min(fiscal_year)::int, 4, 1) from metric_city_years where sessions > 0),
        (select min(changed_on) from support_stage_changes),
        (select min(occurred_on) from accompaniment_entries)
      ), 'YYYY-MM-DD') as first`,
  );
  return row?.first ?? null;
}

/** Whether the period can hold a record: it has begun, and it ends after the first record. */
export async function holdsRecords(db: Db, period: Period, now = new Date()): Promise<boolean> {
  if (+period.start > +now) return false;
  const first = await firstRecordDay(db);
  return first !== null && period.to > first;
}

/** The trend: each fiscal year's figures (unfiltered city-wide), for years with data or a target. */
export async function indicatorTrend(db: Db, years: number[], filters: MetricFilters = {}, options: { cache?: boolean } = {}) {
  return Promise.all(years.map(async (year) => ({ year, rows: await indicatorTable(db, fiscalYearPeriod(year), filters, options) })));
}

/**
 * Hubs with held sessions in the period, busiest first, one page (all when `pageSize` is null).
 * A 年度 walks a ranking index (the hub's year totals, or its category's year row) and stops
 * after the page; a custom range adds up its months per hub (every active hub of the selection:
 * ~0.3 s for all 100k hubs of the benchmark, a few ms for a district; docs/indicators.md).
 */
export function hubTopQuery(period: Period, filters: MetricFilters, pageSize: number | null, offset: number): SQL {
  const page = pageSize === null ? sql`` : sql`limit ${pageSize} offset ${offset}`;
  if (period.fiscalYear !== undefined) {
    const ranked =
      filters.categoryId === undefined
        ? sql`(select hub_id, sessions, participants from metric_hub_year_totals where fiscal_year = ${period.fiscalYear})`
        : sql`(select hub_id, sessions, participants from metric_hub_years where fiscal_year = ${period.fiscalYear} and category_id = ${filters.categoryId})`;
    // Ranked by the published totals (ADR 023): an order by exact totals would tell a 1 from a 2.
    const category = filters.categoryId === undefined ? sql`true` : sql`s.category_id = ${filters.categoryId}`;
    return sql`select r.hub_id, h.name, r.participants + coalesce(a.adjustment, 0) as p from ${ranked} r join hubs h on h.id = r.hub_id
      left join (select s.hub_id, sum(${publishedSql("participants", sql`s`)} - s.participants)::int as adjustment from metric_hub_months s
        where s.month >= ${period.from}::date and s.month < ${period.to}::date and s.participants between 1 and 2 and ${category}
        group by s.hub_id) a on a.hub_id = r.hub_id
      where r.sessions > 0 and ${filterSql({ ...filters, categoryId: undefined })}
      order by p desc nulls last, r.hub_id ${page}`;
  }
  // Ranks hub ids first and joins names for the page only: grouping by name too doubled the cost.
  return sql`select t.hub_id, h.name, t.p from (
      select r.hub_id, sum(${publishedSql("participants")})::int as p from ${rollupSource(period)} r ${hubJoin(filters, sql`r`)}
      where ${filterSql(filters)} group by r.hub_id having sum(r.sessions) > 0
      order by p desc, r.hub_id ${page}
    ) t join hubs h on h.id = t.hub_id order by t.p desc, t.hub_id`;
}

/** How many hubs of the selection held a session in the period (the per-hub table's row count). */
function activeHubCountQuery(period: Period, filters: MetricFilters): SQL {
  const scope = scopeOf(filters);
  if (scope === null) return sql`select count(*)::int as n from (${activeHubsQuery(period, filters)}) act`;
  const [a, b] = monthRange(period);
  return sql`select ${activeInScope(scope, "hub", a, b)}::int as n`;
}

export interface HubMonthTable {
  months: string[];
  hubs: {
    hubId: number;
    name: string;
    sessions: ShownFigure[];
    participants: ShownFigure[];
    participantsTotal: ShownFigure;
    sessionsTotal: ShownFigure;
  }[];
  participantsColumnTotals: ShownFigure[];
  participantsGrandTotal: ShownFigure;
  totalHubs: number;
}

/**
 * Per hub and month: sessions and participants, busiest hubs first, one page at a time. The
 * participant cells, row totals and column totals go through complementary suppression together.
 */
export async function hubMonthTable(
  db: Db,
  period: Period,
  filters: MetricFilters = {},
  options: { page?: number; pageSize?: number | null; now?: Date } = {},
): Promise<HubMonthTable> {
  const months = monthsIn(period);
  const where = filterSql(filters);
  const pageSize = options.pageSize === null ? null : (options.pageSize ?? HUB_PAGE_SIZE);
  const offset = pageSize === null ? 0 : Math.max(0, options.page ?? 0) * pageSize;
  const [top, [count]] = await Promise.all([
    query<{ hub_id: number; name: string; p: number }>(db, hubTopQuery(period, filters, pageSize, offset)),
    query<{ n: number }>(db, activeHubCountQuery(period, filters)),
  ]);
  const hubIds = top.map((t) => Number(t.hub_id));
  const cells =
    hubIds.length === 0
      ? []
      : await query<{ hub_id: number; month: string; s: number } & Record<string, unknown>>(
          db,
          sql`select r.hub_id, to_char(r.month, 'YYYY-MM-DD') as month, sum(r.sessions)::int as s, ${peopleColumns("participants", "")}
            from metric_hub_months r join hubs h on h.id = r.hub_id
            where r.hub_id in (${sql.join(hubIds.map((id) => sql`${id}`), sql`, `)})
              and r.month >= ${period.from}::date and r.month < ${period.to}::date and ${where}
            group by r.hub_id, r.month`,
        );
  const index = new Map(cells.map((c) => [`${c.hub_id}|${c.month}`, c]));
  const sessionMatrix = hubIds.map((id) => months.map((m) => Number(index.get(`${id}|${m}`)?.s ?? 0)));
  // Every cell, row, column and the grand total is a sum of published cells (ADR 023).
  const peopleMatrix: PeopleSum[][] = hubIds.map((id) =>
    months.map((m) => {
      const c = index.get(`${id}|${m}`);
      return c ? peopleSumOf(c, "") : noPeople;
    }),
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const sumPeople = (xs: PeopleSum[]) => xs.reduce(addPeople, noPeople);
  // A month that has not begun holds no record: 「—」, not 0.
  const current = monthKey(options.now ?? new Date());
  const ahead = months.map((m) => m > current);
  const cell = (j: number, figure: ShownFigure) => (ahead[j] ? NO_RECORD : figure);
  return {
    months,
    hubs: top.map((t, i) => ({
      hubId: Number(t.hub_id),
      name: t.name,
      sessions: (sessionMatrix[i] ?? []).map((v, j) => cell(j, show(v, "none"))),
      sessionsTotal: show(sum(sessionMatrix[i] ?? []), "none"),
      participants: (peopleMatrix[i] ?? []).map((v, j) => cell(j, showPeople(v))),
      participantsTotal: showPeople(sumPeople(peopleMatrix[i] ?? [])),
    })),
    participantsColumnTotals: months.map((_, j) => cell(j, showPeople(sumPeople(peopleMatrix.map((r) => r[j] ?? noPeople))))),
    participantsGrandTotal: showPeople(sumPeople(peopleMatrix.flat())),
    totalHubs: Number(count?.n ?? 0),
  };
}

/** Choices for the filter form. */
export async function listFilterOptions(db: Db) {
  const [districtRows, associationRows, kindRows, categoryRows] = await Promise.all([
    db.select({ id: districts.id, name: districts.name }).from(districts).orderBy(asc(districts.name)),
    db.select({ id: associations.id, name: associations.name }).from(associations).orderBy(asc(associations.name)).limit(500),
    db.select({ id: hubKinds.id, labelJa: hubKinds.labelJa, labelEn: hubKinds.labelEn }).from(hubKinds).orderBy(asc(hubKinds.sortOrder)),
    db.select({ id: categories.id, labelJa: categories.labelJa, labelEn: categories.labelEn }).from(categories).orderBy(asc(categories.sortOrder)),
  ]);
  return { districts: districtRows, associations: associationRows, kinds: kindRows, categories: categoryRows };
}

export async function listTargets(db: Db, fiscalYear?: number) {
  const rows = await db
    .select()
    .from(indicatorTargets)
    .where(fiscalYear === undefined ? undefined : eq(indicatorTargets.fiscalYear, fiscalYear))
    .orderBy(asc(indicatorTargets.fiscalYear), asc(indicatorTargets.indicator));
  return rows;
}

/** Enters or replaces the baseline and target of one indicator for one fiscal year (audited). */
export async function setTarget(
  db: Db,
  input: { indicator: IndicatorCode; fiscalYear: number; baseline: number; baselineDate: string; target: number; userId: string; ip?: string | null },
) {
  await db.transaction(async (tx) => {
    const values = {
      indicator: input.indicator,
      fiscalYear: input.fiscalYear,
      baseline: input.baseline,
      baselineDate: input.baselineDate,
      target: input.target,
      updatedByUserId: input.userId,
    };
    const [row] = await tx
      .insert(indicatorTargets)
      .values(values)
      .onConflictDoUpdate({ target: [indicatorTargets.indicator, indicatorTargets.fiscalYear], set: { ...values, updatedAt: sql`now()` } })
      .returning({ id: indicatorTargets.id });
    await recordAudit(tx, {
      actorUserId: input.userId,
      action: "indicator_target.set",
      targetType: "indicator_target",
      targetId: row?.id ?? null,
      ip: input.ip ?? null,
      details: { indicator: input.indicator, fiscalYear: input.fiscalYear, baseline: input.baseline, baselineDate: input.baselineDate, target: input.target },
    });
  });
  clearDashboardCache();
}

export interface StageMoveTable {
  stages: { stage: MoveTargetStage; figure: ShownFigure }[];
  total: ShownFigure;
}

/**
 * 段階の前進 by target stage, as it may leave the server: each count of 1–9 is 「10未満」; the row
 * shows its total, so a single hidden cell takes the next smallest with it; and a cell that
 * differs by a small count from the same cell for a wider selection is hidden too.
 */
export async function stageMoveTable(db: Db, period: Period, filters: MetricFilters, indicatorRows: IndicatorRow[]): Promise<StageMoveTable | null> {
  // Per 年度 and for the city only: a district's row beside the city's would be a second
  // partition of the same moves (ADR 023); a district shows its total in the indicator table.
  if (period.fiscalYear === undefined || !isUnfiltered(filters)) return null;
  const counts = await countStageMovesByTarget(db, period, filters);
  if (!counts) return null;
  const values = moveTargetStages.map((stage) => counts[stage]);
  const total = values.reduce((a, b) => a + b, 0);
  // The row and its total are a partition too; the total is hidden as the indicator table hides it.
  const row = protectPartition(values.map((value) => ({ value, shown: true })), total, "support");
  // The total is the indicator table's 段階の前進, hidden as it hides it.
  const totalHidden = indicatorRows.find((r) => r.code === "stage_moves")?.figure?.hidden || row.total;
  // A total hidden for the districts' sake would be the sum of the stages: they go with it.
  const hidden = totalHidden === false ? row.parts : row.parts.map((h): Hidden => h || "complementary");
  return {
    stages: moveTargetStages.map((stage, j) => ({ stage, figure: show(values[j] ?? 0, "support", hidden[j] ?? false) })),
    total: show(total, "support", totalHidden),
  };
}

/**
 * This month's sessions held and participants of one hub, for its public page: from the month
 * rollup (all categories), participants of 1–2 shown as 「3未満」. Null before anything is held.
 */
export async function hubThisMonth(db: Db, hubId: number, now = new Date()): Promise<{ month: string; sessions: ShownFigure; participants: ShownFigure } | null> {
  const month = monthKey(now);
  const [row] = await query<{ s: number | null } & Record<string, unknown>>(
    db,
    sql`select sum(r.sessions)::int as s, ${peopleColumns("participants", "")}
      from metric_hub_months r where r.hub_id = ${hubId} and r.month = ${month}::date`,
  );
  const sessions = Number(row?.s ?? 0);
  if (sessions === 0) return null;
  return { month, sessions: show(sessions, "none"), participants: showPeople(peopleSumOf(row, "")) };
}
