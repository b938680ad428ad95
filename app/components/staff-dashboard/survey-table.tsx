import { ScrollRegion } from "~/components/scroll-region";
import { formatCalendarDate } from "~/lib/dates";
import { useLocale, useT } from "~/lib/i18n";
import type { DashboardData } from "./types";

/** The survey indicators of the 年度: entered percentages with their survey, beside the counted ones. */
export function SurveyTable({ surveys }: Pick<DashboardData, "surveys">) {
  const t = useT();
  const locale = useLocale();
  const title = t("metrics.surveys.title", { year: surveys.fiscalYear });
  return (
    <section aria-labelledby="surveys-title">
      <h2 id="surveys-title">{title}</h2>
      <p className="hint">{t("metrics.surveys.intro")}</p>
      <ScrollRegion label={t("metrics.tableRegion", { title })}>
        <table className="data-table wide">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics.table.indicator")}</th>
              <th scope="col">{t("metrics.surveys.result")}</th>
              <th scope="col">{t("metrics.surveys.plan")}</th>
              <th scope="col">{t("metrics.surveys.source")}</th>
            </tr>
          </thead>
          <tbody>
            {surveys.rows.map((row) => (
              <tr key={row.code}>
                <th scope="row">{t(`indicators.survey.${row.code}`)}</th>
                <td className="number">{row.result ? `${row.result.percentage.toFixed(1)}%` : t("metrics.surveys.none")}</td>
                <td>
                  {t("metrics.surveys.baseline", { percentage: row.baseline.percentage.toFixed(1), label: row.baseline.label })}
                  {" → "}
                  {row.target === "up" ? t("metrics.surveys.targetUp") : t("metrics.surveys.target", { percentage: row.target.percentage.toFixed(1), year: row.target.fiscalYear })}
                </td>
                <td>
                  {row.result
                    ? t("metrics.surveys.entered", {
                        survey: row.result.surveyName,
                        date: formatCalendarDate(row.result.surveyedOn, locale),
                        respondents: row.result.respondents.toLocaleString(locale === "ja" ? "ja-JP" : "en-GB"),
                        by: row.result.enteredBy ?? t("metrics.surveys.deletedAccount"),
                      })
                    : row.surveyName}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
