import { Link } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { ScrollRegion } from "~/components/scroll-region";
import { useLocale, useT } from "~/lib/i18n";
import { monthLabel } from "~/lib/metrics/periods";
import { HUB_PAGE_SIZE } from "~/lib/metrics/query";
import type { DashboardData } from "./types";

/** Participants per hub and month, busiest hubs first, one page at a time. */
export function HubTable({ hubTable, query, periodText }: Pick<DashboardData, "hubTable" | "query" | "periodText">) {
  const t = useT();
  const locale = useLocale();
  const firstRow = query.page * HUB_PAGE_SIZE + 1;
  const lastRow = query.page * HUB_PAGE_SIZE + hubTable.hubs.length;
  const pageLink = (page: number) => `/staff?${new URLSearchParams([...new URLSearchParams(query.search), ["page", String(page + 1)]])}#hubs-title`;
  return (
    <section aria-labelledby="hubs-title">
      <h2 id="hubs-title">{t("metrics.hubs.title")}</h2>
      {hubTable.hubs.length === 0 ? (
        <p>{t("metrics.hubs.none")}</p>
      ) : (
        <ScrollRegion label={t("metrics.tableRegion", { title: t("metrics.hubs.title") })}>
          <table className="data-table hub-month-table">
            <caption>{t("metrics.hubs.caption", { period: periodText, count: hubTable.totalHubs, from: firstRow, to: lastRow })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("metrics.hubs.hub")}</th>
                <th scope="col">{t("metrics.hubs.sessions")}</th>
                {hubTable.months.map((m) => (
                  <th scope="col" key={m}>
                    {monthLabel(m, locale)}
                  </th>
                ))}
                <th scope="col">{t("metrics.hubs.total")}</th>
                <th scope="col">{t("metrics.hubs.trend")}</th>
              </tr>
            </thead>
            <tbody>
              {hubTable.hubs.map((hub) => (
                <tr key={hub.hubId}>
                  <th scope="row">
                    <Link to={`/hubs/${hub.hubId}`}>{hub.name}</Link>
                  </th>
                  <td className="number">{hub.sessionsTotal.text}</td>
                  {hub.participants.map((f, j) => (
                    <td className="number" key={hubTable.months[j]}>
                      {f.text}
                    </td>
                  ))}
                  <td className="number">{hub.participantsTotal.text}</td>
                  <td>
                    <BarChart
                      title={t("metrics.hubs.chartTitle", { hub: hub.name })}
                      description={t("metrics.hubs.chartDesc", { period: periodText })}
                      labelHeader={t("metrics.hubs.month")}
                      valueHeader={t("metrics.hubs.participants")}
                      width={96}
                      height={24}
                      points={hub.participants.map((f, j) => ({ label: monthLabel(hubTable.months[j] ?? "", locale), value: f.value, text: f.text }))}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("metrics.hubs.allHubs")}</th>
                <td />
                {hubTable.participantsColumnTotals.map((f, j) => (
                  <td className="number" key={hubTable.months[j]}>
                    {f.text}
                  </td>
                ))}
                <td className="number">{hubTable.participantsGrandTotal.text}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      )}
      <nav aria-label={t("metrics.hubs.title")} className="pagination">
        {query.page > 0 ? <Link to={pageLink(query.page - 1)}>{t("metrics.hubs.previous", { size: HUB_PAGE_SIZE })}</Link> : null}
        {lastRow < hubTable.totalHubs ? <Link to={pageLink(query.page + 1)}>{t("metrics.hubs.next", { size: HUB_PAGE_SIZE })}</Link> : null}
      </nav>
    </section>
  );
}
