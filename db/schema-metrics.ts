// Participation counts and the city's dashboard (issue 7). Its own file to keep merges small.
import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "./columns";
import { associations, categories, hubs, occurrences, users } from "./schema";

/** The additive figures of a rollup row: sessions held, headcounts and volunteer hours. */
function rollupFigures() {
  return {
    sessions: integer().notNull().default(0),
    participants: integer().notNull().default(0),
    firstTimers: integer().notNull().default(0),
    supportedParticipants: integer().notNull().default(0),
    volunteerHours: doublePrecision().notNull().default(0),
  };
}

function rollupFiguresNonNegative(name: string, t: { sessions: AnyPgColumn; participants: AnyPgColumn; firstTimers: AnyPgColumn; supportedParticipants: AnyPgColumn }) {
  return check(name, sql`${t.sessions} >= 0 and ${t.participants} >= 0 and ${t.firstTimers} >= 0 and ${t.supportedParticipants} >= 0`);
}

/** Optional age bands of the participants, e.g. { "65-74": 8, "75+": 12 } (codes in app/lib/metrics/indicators.ts). */
export type AgeBands = Partial<Record<string, number>>;

/**
 * Headcounts of one held session (one row per occurrence: saving again updates it, so nothing
 * is counted twice). 参加支援 participants are people accompanied by a coordinator.
 */
export const attendanceRecords = pgTable(
  "attendance_records",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    occurrenceId: integer()
      .notNull()
      .references(() => occurrences.id, { onDelete: "cascade" }),
    recordedByUserId: text().references(() => users.id, { onDelete: "set null" }),
    participants: integer().notNull(),
    firstTimers: integer().notNull().default(0),
    supportedParticipants: integer().notNull().default(0),
    ageBands: jsonb().$type<AgeBands>(),
  },
  (t) => [
    uniqueIndex("attendance_records_occurrence").on(t.occurrenceId),
    check("attendance_participants_non_negative", sql`${t.participants} >= 0`),
    check("attendance_first_timers_range", sql`${t.firstTimers} >= 0 and ${t.firstTimers} <= ${t.participants}`),
    check("attendance_supported_range", sql`${t.supportedParticipants} >= 0 and ${t.supportedParticipants} <= ${t.participants}`),
  ],
);

/**
 * Rollup per hub × category × month (Asia/Tokyo, first day of the month), kept current in the
 * same transaction as every attendance write, so the dashboard never scans attendance rows.
 */
export const metricHubMonths = pgTable(
  "metric_hub_months",
  {
    hubId: integer()
      .notNull()
      .references(() => hubs.id, { onDelete: "cascade" }),
    categoryId: integer()
      .notNull()
      .references(() => categories.id),
    month: date().notNull(),
    ...rollupFigures(),
  },
  (t) => [
    primaryKey({ columns: [t.hubId, t.month, t.categoryId] }),
    // A custom range's months, with or without a category; holding the hub and the two figures
    // the per-hub table ranks by, so ranking every hub of a range reads the index alone.
    index("metric_hub_months_month_category").on(t.month, t.categoryId, t.hubId, t.sessions, t.participants),
    rollupFiguresNonNegative("metric_hub_months_non_negative", t),
  ],
);

/** The same rollup per fiscal year (年度), so a year's city-wide figures read one row per hub. */
export const metricHubYears = pgTable(
  "metric_hub_years",
  {
    hubId: integer()
      .notNull()
      .references(() => hubs.id, { onDelete: "cascade" }),
    categoryId: integer()
      .notNull()
      .references(() => categories.id),
    fiscalYear: smallint().notNull(),
    ...rollupFigures(),
  },
  (t) => [
    primaryKey({ columns: [t.hubId, t.fiscalYear, t.categoryId] }),
    index("metric_hub_years_year").on(t.fiscalYear),
    // The per-hub table filtered by category: busiest first, straight from the index.
    index("metric_hub_years_category_ranking").on(t.fiscalYear, t.categoryId, t.participants.desc(), t.hubId),
    rollupFiguresNonNegative("metric_hub_years_non_negative", t),
  ],
);

/**
 * Who took part in running a hub in a month (担い手): `person` is "user:<id>" or "guest:<id>".
 * Distinct people are not additive, so the set itself is kept, small and indexed by month.
 */
export const metricOperatorMonths = pgTable(
  "metric_operator_months",
  {
    hubId: integer()
      .notNull()
      .references(() => hubs.id, { onDelete: "cascade" }),
    categoryId: integer()
      .notNull()
      .references(() => categories.id),
    month: date().notNull(),
    person: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.hubId, t.categoryId, t.person] }),
    // "Does this person still run anything this 年度?" when a tick or a cancellation removes them.
    index("metric_operator_months_person").on(t.person, t.month),
  ],
);

/** 策定時の値 (baseline, with its date) and 目標値 per indicator per fiscal year, entered by staff. */
export const indicatorTargets = pgTable(
  "indicator_targets",
  {
    id: id(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    indicator: text().notNull(),
    fiscalYear: smallint().notNull(),
    baseline: doublePrecision().notNull(),
    baselineDate: date().notNull(),
    target: doublePrecision().notNull(),
    updatedByUserId: text().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("indicator_targets_indicator_year").on(t.indicator, t.fiscalYear)],
);

/**
 * The month of each hub's first held session ever (for 新規拠点), moved earlier on write when an
 * older session is recorded late, so the dashboard need not search each hub's history.
 */
export const metricHubFirstHeld = pgTable("metric_hub_first_held", {
  hubId: integer()
    .primaryKey()
    .references(() => hubs.id, { onDelete: "cascade" }),
  firstMonth: date().notNull(),
});

/** Everyone who ran a session in a fiscal year, city-wide: the unfiltered 担い手 count is one index range. */
export const metricOperatorYears = pgTable(
  "metric_operator_years",
  {
    fiscalYear: smallint().notNull(),
    person: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.fiscalYear, t.person] })],
);

/**
 * The city-wide figures of each fiscal year (年度), kept current on write with the per-hub
 * rollups, so the unfiltered year view reads one row however many hubs there are.
 */
export const metricCityYears = pgTable(
  "metric_city_years",
  {
    fiscalYear: smallint().primaryKey(),
    activeHubs: integer().notNull().default(0),
    newHubs: integer().notNull().default(0),
    continuingHubs: integer().notNull().default(0),
    activeAssociations: integer().notNull().default(0),
    ...rollupFigures(),
    operators: integer().notNull().default(0),
  },
  (t) => [
    check(
      "metric_city_years_non_negative",
      sql`${t.activeHubs} >= 0 and ${t.newHubs} >= 0 and ${t.continuingHubs} >= 0 and ${t.activeAssociations} >= 0 and ${t.sessions} >= 0 and ${t.participants} >= 0 and ${t.operators} >= 0`,
    ),
  ],
);

/** Active hubs serving each 自治会 per 年度: 参加自治会数 moves when one goes from 0 to 1 or back. */
export const metricAssociationYears = pgTable(
  "metric_association_years",
  {
    fiscalYear: smallint().notNull(),
    associationId: integer()
      .notNull()
      .references(() => associations.id, { onDelete: "cascade" }),
    activeHubs: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.fiscalYear, t.associationId] }), check("metric_association_years_non_negative", sql`${t.activeHubs} >= 0`)],
);

/*
 * Month sets for periods of any length (issue 7, custom ranges). A month is an integer, year × 12
 * + month − 1 (SQL: metric_month_index(date)), and each row keeps the sorted months in which it
 * was active, so "active in any month of the range" is one array overlap per row.
 *
 * A scope is the part of the city a summary covers: 'city' (everything), 'kind:<hub kind id>' or
 * 'category:<category id>' — the low-cardinality filters whose selections are too large to read
 * hub by hub. District and 自治会 selections are small and read their hubs' rows instead.
 */

/** The months in which each hub held a session: scope 'city' (any category) or 'category:<id>'. */
export const metricHubActivity = pgTable(
  "metric_hub_activity",
  {
    hubId: integer()
      .notNull()
      .references(() => hubs.id, { onDelete: "cascade" }),
    scope: text().notNull(),
    months: integer().array().notNull().default(sql`'{}'::integer[]`),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.scope] })],
);

/** The months in which each person ran a session of this hub and category (担い手, as metric_operator_months). */
export const metricOperatorActivity = pgTable(
  "metric_operator_activity",
  {
    hubId: integer()
      .notNull()
      .references(() => hubs.id, { onDelete: "cascade" }),
    categoryId: integer()
      .notNull()
      .references(() => categories.id),
    person: text().notNull(),
    months: integer().array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.hubId, t.categoryId, t.person] }),
    // A person's months in a scope, when a write changes them.
    index("metric_operator_activity_person").on(t.person),
  ],
);

/** The months in which each person ran any session of the scope (the union of their rows above). */
export const metricOperatorPeople = pgTable(
  "metric_operator_people",
  {
    scope: text().notNull(),
    person: text().notNull(),
    months: integer().array().notNull().default(sql`'{}'::integer[]`),
  },
  (t) => [primaryKey({ columns: [t.scope, t.person] })],
);

/** The months in which each 自治会 was served by an active hub of the scope. */
export const metricAssociationActivity = pgTable(
  "metric_association_activity",
  {
    scope: text().notNull(),
    associationId: integer()
      .notNull()
      .references(() => associations.id, { onDelete: "cascade" }),
    months: integer().array().notNull().default(sql`'{}'::integer[]`),
  },
  (t) => [primaryKey({ columns: [t.scope, t.associationId] })],
);

/** Each scope's additive figures per month, so its figures for any run of months read one row per month. */
export const metricScopeMonths = pgTable(
  "metric_scope_months",
  {
    scope: text().notNull(),
    month: date().notNull(),
    ...rollupFigures(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.month] }),
    rollupFiguresNonNegative("metric_scope_months_non_negative", t),
  ],
);

/**
 * Per scope, counts of (active month, the previous active month of the same hub or person), with
 * -1 for a first month ever. Hubs (or people) active in months [a, b] are those with a month in
 * [a, b] whose previous one is before a, so a scope's figures for any run of months are a sum over
 * at most (months × months) small rows, however many hubs and people there are; 新規 is
 * prev = -1, and 継続 follows by inclusion–exclusion over the range and the one before it.
 */
export const metricMonthPairs = pgTable(
  "metric_month_pairs",
  {
    scope: text().notNull(),
    subject: text({ enum: ["hub", "person"] }).notNull(),
    month: integer().notNull(),
    prevMonth: integer().notNull(),
    n: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.subject, t.month, t.prevMonth] }), check("metric_month_pairs_non_negative", sql`${t.n} >= 0`)],
);

/** Each hub's 年度 totals over all categories: the per-hub table's "busiest first" is an index walk. */
export const metricHubYearTotals = pgTable(
  "metric_hub_year_totals",
  {
    fiscalYear: smallint().notNull(),
    hubId: integer()
      .notNull()
      .references(() => hubs.id, { onDelete: "cascade" }),
    sessions: integer().notNull().default(0),
    participants: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.fiscalYear, t.hubId] }),
    index("metric_hub_year_totals_ranking").on(t.fiscalYear, t.participants.desc(), t.hubId).where(sql`${t.sessions} > 0`),
    check("metric_hub_year_totals_non_negative", sql`${t.sessions} >= 0 and ${t.participants} >= 0`),
  ],
);
