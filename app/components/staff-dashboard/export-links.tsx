import { useT } from "~/lib/i18n";
import type { DashboardData } from "./types";

/** The CSV files of the same period and selection. */
export function ExportLinks({ query }: Pick<DashboardData, "query">) {
  const t = useT();
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t("metrics.export.title")}</h2>
      <p className="hint">{t("metrics.export.note")}</p>
      <ul>
        <li>
          <a href={`/staff/indicators.csv?${query.search}`} download>
            {t("metrics.export.indicators")}
          </a>
        </li>
        <li>
          <a href={`/staff/hubs.csv?${query.search}`} download>
            {t("metrics.export.hubs")}
          </a>
        </li>
      </ul>
    </section>
  );
}
