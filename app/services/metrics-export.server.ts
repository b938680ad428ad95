import { figureCell, tableCsv, type ExportCell, type ExportNotes, type ExportTable } from "~/lib/export-table.server";
import type { Locale } from "~/lib/i18n";
import { getServerTranslate } from "~/lib/i18n/all-messages.server";
import { periodLabel, progressPercent } from "~/lib/metrics/format";
import type { Period } from "~/lib/metrics/periods";
import type { SurveyFigures } from "./dashboard.server";
import type { HubMonthTable, IndicatorRow, StageMoveTable } from "./metrics.server";

/**
 * The workbook's 「説明」 sheet: what the figures are, the period, the selection (null: the whole
 * city), how a hidden figure is written and the disclosure rule (ADR 023). Nothing in it is a
 * figure, so a hidden one cannot hide here either.
 */
function staffNotes(t: ReturnType<typeof getServerTranslate>, what: string, period: Period, locale: Locale, selection: string | null): ExportNotes {
  return {
    name: t("metrics.download.notes"),
    header: [t("metrics.download.notes.item"), t("metrics.download.notes.text")],
    rows: [
      [t("metrics.download.notes.what"), what],
      [t("metrics.download.notes.period"), `${periodLabel(t, period, locale)}（${period.from} 〜 ${t("metrics.download.notes.before", { date: period.to })}）`],
      [t("metrics.download.notes.selection"), selection ?? t("metrics.download.notes.wholeCity")],
      [t("metrics.download.notes.marks"), t("metrics.download.notes.marksText")],
      [t("metrics.download.notes.privacy"), t("metrics.privacy")],
    ],
  };
}

/**
 * The indicator table: the same (already suppressed) figures as the page, then 段階の前進 by the
 * stage moved to (`stage_moves.<stage>`), when the selection has them, and the survey figures.
 */
export function indicatorExportTable(
  rows: IndicatorRow[],
  period: Period,
  locale: Locale = "ja",
  stageMoves: StageMoveTable | null = null,
  surveys: SurveyFigures | null = null,
  selection: string | null = null,
): ExportTable {
  const t = getServerTranslate(locale);
  const label = periodLabel(t, period, locale);
  const empty = [null, null, null, null] as const;
  const counted = rows.map((row): ExportCell[] => {
    const progress = progressPercent(row.figure?.value ?? null, row.target);
    return [
      row.code,
      t(`metrics.indicator.${row.code}`),
      label,
      figureCell(row.figure),
      row.target?.baseline ?? null,
      row.target?.baselineDate ?? null,
      row.target?.target ?? null,
      progress === null ? null : { percent: progress },
    ];
  });
  const moves = (stageMoves?.stages ?? []).map(({ stage, figure }): ExportCell[] => [
    `stage_moves.${stage}`,
    `${t("metrics.indicator.stage_moves")}（${t(`support.stage.${stage}`)}）`,
    label,
    figureCell(figure),
    ...empty,
  ]);
  // Survey figures: entered percentages of their 年度, marked as such in the name.
  const surveyRows = (surveys?.rows ?? []).map((row): ExportCell[] => [
    row.code,
    `${t(`indicators.survey.${row.code}`)}（${t("metrics.csv.survey")}）`,
    `${surveys?.fiscalYear ?? ""}`,
    row.result ? { percent: row.result.percentage, digits: 1 } : null,
    { percent: row.baseline.percentage, digits: 1 },
    row.baseline.label,
    row.target === "up" ? "↗" : { percent: row.target.percentage, digits: 1 },
    null,
  ]);
  return {
    name: t("metrics.download.indicators"),
    columns: [
      { header: t("metrics.csv.code") },
      { header: t("metrics.csv.name") },
      { header: t("metrics.csv.period") },
      { header: t("metrics.csv.actual"), kind: "number" },
      { header: t("metrics.csv.baseline"), kind: "number" },
      { header: t("metrics.csv.baselineDate"), kind: "date" },
      { header: t("metrics.csv.target"), kind: "number" },
      { header: t("metrics.csv.progress"), kind: "number" },
    ],
    rows: [...counted, ...moves, ...surveyRows],
    notes: staffNotes(t, t("metrics.download.indicators.what"), period, locale, selection),
  };
}

/** Per hub: one row of sessions and one of participants, a column per month (`2026-04`) and the total. */
export function hubMonthExportTable(table: HubMonthTable, period: Period, locale: Locale = "ja", selection: string | null = null): ExportTable {
  const t = getServerTranslate(locale);
  const rows: ExportCell[][] = [];
  for (const hub of table.hubs) {
    rows.push([hub.hubId, hub.name, t("metrics.hubs.sessions"), ...hub.sessions.map(figureCell), figureCell(hub.sessionsTotal)]);
    rows.push([hub.hubId, hub.name, t("metrics.hubs.participants"), ...hub.participants.map(figureCell), figureCell(hub.participantsTotal)]);
  }
  rows.push([null, t("metrics.csv.allHubs"), t("metrics.hubs.participants"), ...table.participantsColumnTotals.map(figureCell), figureCell(table.participantsGrandTotal)]);
  return {
    name: t("metrics.download.hubs"),
    columns: [
      { header: t("metrics.csv.hubId"), kind: "number" },
      { header: t("metrics.csv.hubName") },
      { header: t("metrics.csv.figure") },
      // A month is a heading (`2026-04`), never a date Excel would reformat.
      ...table.months.map((m) => ({ header: m.slice(0, 7), kind: "number" as const })),
      { header: t("metrics.csv.total"), kind: "number" },
    ],
    rows,
    notes: staffNotes(t, t("metrics.download.hubs.what"), period, locale, selection),
  };
}

/** The indicator table as CSV (UTF-8 with BOM): `indicatorExportTable` written as text. */
export function indicatorCsv(
  rows: IndicatorRow[],
  period: Period,
  locale: Locale = "ja",
  stageMoves: StageMoveTable | null = null,
  surveys: SurveyFigures | null = null,
): string {
  return tableCsv(indicatorExportTable(rows, period, locale, stageMoves, surveys));
}

/** The per-hub monthly table as CSV: `hubMonthExportTable` written as text. */
export function hubMonthCsv(table: HubMonthTable, period: Period, locale: Locale = "ja"): string {
  return tableCsv(hubMonthExportTable(table, period, locale));
}
