import type { Db } from "~/lib/db.server";
import { pickLabel, type Locale } from "~/lib/i18n";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { periodLabel } from "~/lib/metrics/format";
import { fiscalYearEnding } from "~/lib/metrics/periods";
import { surveyIndicators } from "~/lib/surveys";
import type { DashboardQuery } from "~/lib/metrics/query";
import {
  countNotYetRecorded,
  hubMonthTable,
  indicatorTable,
  indicatorTrend,
  isUnfiltered,
  listFilterOptions,
  stageMoveTable,
} from "./metrics.server";
import { districtCoverage, districtParticipation, listActiveHubs, uncoveredTotals } from "./coverage.server";
import { listSurveyResults } from "./surveys.server";

/** Fiscal years in the trend, ending with the shown one. */
const TREND_YEARS = 5;

/** Everything the staff dashboard shows for one query: its tables, the filter choices and its headings. */
export async function getDashboard(db: Db, query: DashboardQuery, locale: Locale) {
  const lastYear = fiscalYearEnding(query.period);
  const years = Array.from({ length: TREND_YEARS }, (_, i) => lastYear - TREND_YEARS + 1 + i);
  const [{ rows, stageMoves }, trend, hubTable, notRecorded, coverage, participation, options, surveys] = await Promise.all([
    indicatorTables(db, query, { cache: true }),
    indicatorTrend(db, years, query.filters, { cache: true }),
    hubMonthTable(db, query.period, query.filters, { page: query.page }),
    countNotYetRecorded(db, query.period, query.filters),
    coverageOf(db, query),
    districtParticipation(db, query.period, query.filters),
    listFilterOptions(db),
    surveyFigures(db, lastYear),
  ]);
  const t = getServerTranslate(locale);
  const selection = selectionText(query.filters, options, locale);
  const tableTitle = selection === null ? t("metrics.table.title") : t("metrics.table.titleFor", { selection });
  return { locale, query, periodText: periodLabel(t, query.period, locale), tableTitle, filtered: !isUnfiltered(query.filters), rows, trend, hubTable, notRecorded, coverage, participation, options, stageMoves, surveys };
}

type FilterOptions = Awaited<ReturnType<typeof listFilterOptions>>;

/** What the figures are of: the chosen district, 自治会, kind and category joined; null for the whole city. */
function selectionText(filters: DashboardQuery["filters"], options: FilterOptions, locale: Locale): string | null {
  if (isUnfiltered(filters)) return null;
  const t = getServerTranslate(locale);
  const { districtId, associationId, kindId, categoryId } = filters;
  const kind = options.kinds.find((k) => k.id === kindId);
  const category = options.categories.find((c) => c.id === categoryId);
  const parts = [
    districtId === undefined ? null : t("metrics.selection.district", { name: options.districts.find((d) => d.id === districtId)?.name ?? "" }),
    options.associations.find((a) => a.id === associationId)?.name ?? null,
    kind ? pickLabel(locale, kind) : null,
    category ? pickLabel(locale, category) : null,
  ].filter((part): part is string => part !== null);
  return parts.join(locale === "ja" ? "・" : ", ");
}

/** The coverage view: the active hubs and every district by whether one is within the walking time. */
async function coverageOf(db: Db, query: DashboardQuery) {
  const [hubs, districts] = await Promise.all([
    listActiveHubs(db, query.period, query.filters),
    districtCoverage(db, query.period, query.radius, query.filters),
  ]);
  return { hubs, districts, uncovered: uncoveredTotals(districts) };
}

/** The indicator table and the city's 段階の前進 by stage, whose total the table's figure decides. */
async function indicatorTables(db: Db, query: DashboardQuery, options: { cache?: boolean } = {}) {
  const rows = await indicatorTable(db, query.period, query.filters, options);
  return { rows, stageMoves: await stageMoveTable(db, query.period, query.filters, rows) };
}

/**
 * What `/staff/indicators.csv` and `.xlsx` hold: the page's indicator tables and the 年度's survey
 * figures, with the selection they are of (null: the whole city) for the workbook's notes.
 */
export async function getIndicatorExport(db: Db, query: DashboardQuery, locale: Locale = "ja") {
  const [tables, surveys, options] = await Promise.all([indicatorTables(db, query), surveyFigures(db, fiscalYearEnding(query.period)), listFilterOptions(db)]);
  return { ...tables, surveys, selection: selectionText(query.filters, options, locale) };
}

/** What `/staff/hubs.csv` and `.xlsx` hold: every hub of the selection, month by month, as the page's table. */
export async function getHubMonthExport(db: Db, query: DashboardQuery, locale: Locale = "ja") {
  const [table, options] = await Promise.all([hubMonthTable(db, query.period, query.filters, { pageSize: null }), listFilterOptions(db)]);
  return { table, selection: selectionText(query.filters, options, locale) };
}

/**
 * The survey indicators (app/lib/surveys.ts) for a 年度: each with the result staff entered for
 * it, or null, and the plan's baseline and target. Percentages of respondents: never summed or
 * filtered, shown beside the counted indicators as entered figures.
 */
export async function surveyFigures(db: Db, fiscalYear: number) {
  const results = await listSurveyResults(db, fiscalYear);
  return {
    fiscalYear,
    rows: surveyIndicators.map((indicator) => ({ ...indicator, result: results.find((r) => r.code === indicator.code) ?? null })),
  };
}

export type SurveyFigures = Awaited<ReturnType<typeof surveyFigures>>;
