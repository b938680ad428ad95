import { useT } from "~/lib/i18n";
import type { DashboardData } from "./types";

/** The tables of the same period and selection, each as Excel (.xlsx) and as CSV. */
export function ExportLinks({ query }: Pick<DashboardData, "query">) {
  const t = useT();
  const tables = [
    { path: "/staff/indicators", name: t("metrics.export.indicators") },
    { path: "/staff/hubs", name: t("metrics.export.hubs") },
  ];
  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t("metrics.export.title")}</h2>
      <p className="hint">{t("metrics.export.note")}</p>
      <ul>
        {tables.map((table) => (
          <li key={table.path}>
            {table.name}：
            <a href={`${table.path}.xlsx?${query.search}`} download>
              {t("metrics.export.excel")}
              <span className="visually-hidden">（{table.name}）</span>
            </a>
            {" ・ "}
            <a href={`${table.path}.csv?${query.search}`} download>
              {t("metrics.export.csv")}
              <span className="visually-hidden">（{table.name}）</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
