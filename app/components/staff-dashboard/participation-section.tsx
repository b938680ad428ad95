import { ScrollRegion } from "~/components/scroll-region";
import { useT } from "~/lib/i18n";
import type { DashboardData } from "./types";

type ParticipationSectionProps = Pick<DashboardData, "participation"> & { periodText: string };

const count = (n: number) => n.toLocaleString("ja-JP");
const rate = (n: number | null) => (n === null ? "—" : n.toLocaleString("ja-JP", { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

/** Per district: its residents (all and 65+), the period's published participants, and the two ratios. */
export function ParticipationSection({ participation, periodText }: ParticipationSectionProps) {
  const t = useT();
  const caption = t("metrics.participation.caption", { period: periodText });
  return (
    <section aria-labelledby="participation-title">
      <h2 id="participation-title">{t("metrics.participation.title")}</h2>
      <p>{t("metrics.participation.intro")}</p>
      {participation.some((d) => d.population === null) ? <p className="hint">{t("metrics.participation.missing")}</p> : null}
      <ScrollRegion label={t("metrics.tableRegion", { title: caption })}>
        <table className="data-table wide">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("metrics.coverage.district")}</th>
              <th scope="col" className="num">
                {t("metrics.participation.total")}
              </th>
              <th scope="col" className="num">
                {t("metrics.participation.aged65")}
              </th>
              <th scope="col" className="num">
                {t("metrics.participation.agingRate")}
              </th>
              <th scope="col" className="num">
                {t("metrics.participation.participants")}
              </th>
              <th scope="col" className="num">
                {t("metrics.participation.per100Aged")}
              </th>
              <th scope="col" className="num">
                {t("metrics.participation.per100Residents")}
              </th>
              <th scope="col">{t("metrics.participation.asOf")}</th>
            </tr>
          </thead>
          <tbody>
            {participation.map((d) => (
              <tr key={d.districtId}>
                <th scope="row">{d.name}</th>
                <td className="num">{d.population ? count(d.population.total) : "—"}</td>
                <td className="num">{d.population ? count(d.population.aged65Plus) : "—"}</td>
                <td className="num">{d.population && d.population.total > 0 ? `${rate(Math.round((d.population.aged65Plus / d.population.total) * 1000) / 10)}%` : "—"}</td>
                <td className="num">{d.participants.text}</td>
                <td className="num">{rate(d.per100Aged65Plus)}</td>
                <td className="num">{rate(d.per100Residents)}</td>
                <td>{d.population?.asOf ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
