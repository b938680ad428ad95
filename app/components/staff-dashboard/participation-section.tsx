import { DataTable } from "~/components/data-table";
import { useT } from "~/lib/i18n";
import type { DashboardData } from "./types";

type ParticipationSectionProps = Pick<DashboardData, "participation"> & { periodText: string };

const count = (n: number) => n.toLocaleString("ja-JP");
const rate = (n: number | null) => (n === null ? "—" : n.toLocaleString("ja-JP", { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const agingRate = (p: { total: number; aged65Plus: number } | null) => (p && p.total > 0 ? `${rate(Math.round((p.aged65Plus / p.total) * 1000) / 10)}%` : "—");

/** Per district: its residents (all and 65+), the period's published participants, and the two ratios. */
export function ParticipationSection({ participation, periodText }: ParticipationSectionProps) {
  const t = useT();
  const caption = t("metrics.participation.caption", { period: periodText });
  return (
    <section aria-labelledby="participation-title">
      <h2 id="participation-title">{t("metrics.participation.title")}</h2>
      <p>{t("metrics.participation.intro")}</p>
      {participation.some((d) => d.population === null) ? <p className="hint">{t("metrics.participation.missing")}</p> : null}
      <DataTable
        caption={caption}
        label={t("metrics.tableRegion", { title: caption })}
        columns={[
          { header: t("metrics.coverage.district"), cell: (d) => d.name },
          { header: t("metrics.participation.total"), cell: (d) => (d.population ? count(d.population.total) : "—"), number: true },
          { header: t("metrics.participation.aged65"), cell: (d) => (d.population ? count(d.population.aged65Plus) : "—"), number: true },
          { header: t("metrics.participation.agingRate"), cell: (d) => agingRate(d.population), number: true },
          { header: t("metrics.participation.participants"), cell: (d) => d.participants.text, number: true },
          { header: t("metrics.participation.per100Aged"), cell: (d) => rate(d.per100Aged65Plus), number: true },
          { header: t("metrics.participation.per100Residents"), cell: (d) => rate(d.per100Residents), number: true },
          { header: t("metrics.participation.asOf"), cell: (d) => d.population?.asOf ?? "—" },
        ]}
        rows={participation}
        rowKey={(d) => d.districtId}
        wide
      />
    </section>
  );
}
