import type { Locale } from "~/lib/i18n";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { toCsv } from "~/lib/metrics/csv";
import { periodLabel, progressPercent } from "~/lib/metrics/format";
import type { Period } from "~/lib/metrics/periods";
import type { SurveyFigures } from "./dashboard.server";
import type { HubMonthTable, IndicatorRow, StageMoveTable } from "./metrics.server";

/**
 * The indicator table as CSV: the same (already suppressed) figures as the page, then 段階の前進
 * by the stage moved to (`stage_moves.<stage>`), when the selection has them.
 */
export function indicatorCsv(
  rows: IndicatorRow[],
  period: Period,
  locale: Locale = "ja",
  stageMoves: StageMoveTable | null = null,
  surveys: SurveyFigures | null = null,
): string {
  const t = getServerTranslate(locale);
  const header = ["code", "name", "period", "actual", "baseline", "baselineDate", "target", "progress"] as const;
  const label = periodLabel(t, period, locale);
  const moves = (stageMoves?.stages ?? []).map(({ stage, figure }) => [
    `stage_moves.${stage}`,
    `${t("metrics.indicator.stage_moves")}（${t(`support.stage.${stage}`)}）`,
    label,
    figure.csv,
    "",
    "",
    "",
    "",
  ]);
  // Survey figures: entered percentages of their 年度, marked as such in the name.
  const surveyRows = (surveys?.rows ?? []).map((row) => [
    row.code,
    `${t(`indicators.survey.${row.code}`)}（${t("metrics.csv.survey")}）`,
    `${surveys?.fiscalYear ?? ""}`,
    row.result ? `${row.result.percentage.toFixed(1)}%` : "",
    `${row.baseline.percentage.toFixed(1)}%`,
    row.baseline.label,
    row.target === "up" ? "↗" : `${row.target.percentage.toFixed(1)}%`,
    "",
  ]);
  return toCsv(
    header.map((h) => t(`metrics.csv.${h}`)),
    rows.map((row) => {
      const progress = progressPercent(row.figure?.value ?? null, row.target);
      return [
        row.code,
        t(`metrics.indicator.${row.code}`),
        label,
        row.figure?.csv ?? "",
        row.target?.baseline ?? "",
        row.target?.baselineDate ?? "",
        row.target?.target ?? "",
        progress === null ? "" : `${progress}%`,
      ];
    }).concat(moves, surveyRows),
  );
}

/** Per hub: one row of sessions and one of participants, a column per month and the total. */
export function hubMonthCsv(table: HubMonthTable, _period: Period, locale: Locale = "ja"): string {
  const t = getServerTranslate(locale);
  const header = [t("metrics.csv.hubId"), t("metrics.csv.hubName"), t("metrics.csv.figure"), ...table.months.map((m) => m.slice(0, 7)), t("metrics.csv.total")];
  const rows: (string | number)[][] = [];
  for (const hub of table.hubs) {
    rows.push([hub.hubId, hub.name, t("metrics.hubs.sessions"), ...hub.sessions.map((f) => f.csv), hub.sessionsTotal.csv]);
    rows.push([hub.hubId, hub.name, t("metrics.hubs.participants"), ...hub.participants.map((f) => f.csv), hub.participantsTotal.csv]);
  }
  rows.push(["", t("metrics.csv.allHubs"), t("metrics.hubs.participants"), ...table.participantsColumnTotals.map((f) => f.csv), table.participantsGrandTotal.csv]);
  return toCsv(header, rows);
}
