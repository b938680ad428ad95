import { ScrollRegion } from "~/components/scroll-region";
import { formatCalendarDate } from "~/lib/dates";
import { useLocale, useT } from "~/lib/i18n";
import { progressPercent } from "~/lib/metrics/format";
import type { DashboardData } from "./types";

type IndicatorTableProps = Pick<DashboardData, "tableTitle" | "periodText" | "rows" | "filtered" | "notRecorded">;

/** Each indicator of the period: the figure, the progress toward its target and its definition. */
export function IndicatorTable({ tableTitle, periodText, rows, filtered, notRecorded }: IndicatorTableProps) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="indicators-title">
      <h2 id="indicators-title">
        {tableTitle}：{periodText}
      </h2>
      <ScrollRegion label={tableTitle}>
        <table className="data-table">
          <caption>{t("metrics.table.caption", { period: periodText })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics.table.indicator")}</th>
              <th scope="col">{t("metrics.table.actual")}</th>
              <th scope="col">{t("metrics.table.progress")}</th>
              <th scope="col">{t("metrics.table.definition")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const percent = progressPercent(row.figure?.value ?? null, row.target);
              return (
                <tr key={row.code}>
                  <th scope="row">{t(`metrics.indicator.${row.code}`)}</th>
                  <td className="number">{row.figure ? row.figure.text : t("metrics.table.pending")}</td>
                  <td>
                    {row.target
                      ? percent === null
                        ? `${t("metrics.table.baseline")} ${row.target.baseline}（${formatCalendarDate(row.target.baselineDate, locale)}）→ ${t("metrics.table.target")} ${row.target.target}`
                        : t("metrics.progress.value", {
                            percent,
                            baseline: `${row.target.baseline}（${formatCalendarDate(row.target.baselineDate, locale)}）`,
                            target: row.target.target,
                            actual: row.figure?.text ?? "",
                          })
                      : t(filtered ? "metrics.table.noTargetFiltered" : "metrics.table.noTarget")}
                  </td>
                  <td className="definition">{t(`metrics.indicator.${row.code}.definition`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <p className="hint">{t("metrics.table.pendingNote")}</p>
      <p className="hint">{t("metrics.table.noRecordNote")}</p>
      <p>{t("metrics.notRecorded", { count: notRecorded })}</p>
    </section>
  );
}
