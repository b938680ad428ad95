import { BarChart } from "~/components/bar-chart";
import { ScrollRegion } from "~/components/scroll-region";
import { useLocale, useT } from "~/lib/i18n";
import { fiscalYearLabel } from "~/lib/metrics/periods";
import type { DashboardData } from "./types";

/** The fiscal years up to the shown one: two charts and the table of every indicator. */
export function TrendSection({ trend, rows }: Pick<DashboardData, "trend" | "rows">) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">{t("metrics.trend.title")}</h2>
      <div className="chart-row">
        {(["active_hubs", "participants"] as const).map((code) => (
          <BarChart
            key={code}
            title={t("metrics.trend.chartTitle", { indicator: t(`metrics.indicator.${code}`) })}
            description={t("metrics.trend.chartDesc", {
              indicator: t(`metrics.indicator.${code}`),
              from: fiscalYearLabel(trend[0]?.year ?? 0, locale),
              to: fiscalYearLabel(trend[trend.length - 1]?.year ?? 0, locale),
            })}
            labelHeader={t("metrics.trend.year")}
            valueHeader={t(`metrics.indicator.${code}`)}
            points={trend.map((y) => {
              const figure = y.rows.find((r) => r.code === code)?.figure;
              return { label: fiscalYearLabel(y.year, locale), value: figure?.value ?? null, text: figure?.text ?? t("metrics.table.pending") };
            })}
          />
        ))}
      </div>
      <ScrollRegion label={t("metrics.tableRegion", { title: t("metrics.trend.title") })}>
        <table className="data-table">
          <caption>{t("metrics.trend.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics.table.indicator")}</th>
              {trend.map((y) => (
                <th scope="col" key={y.year}>
                  {fiscalYearLabel(y.year, locale)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">{t(`metrics.indicator.${row.code}`)}</th>
                {trend.map((y) => {
                  const r = y.rows.find((x) => x.code === row.code);
                  return (
                    <td className="number" key={y.year}>
                      {r?.figure ? r.figure.text : t("metrics.table.pending")}
                      {r?.target ? ` / ${t("metrics.table.target")} ${r.target.target}` : ""}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
