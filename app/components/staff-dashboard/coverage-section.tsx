import { Form } from "@remix-run/react";
import { CoveragePanel } from "~/components/coverage-panel";
import { ScrollRegion } from "~/components/scroll-region";
import { formatLatLng } from "~/lib/geo";
import { useT } from "~/lib/i18n";
import type { DashboardData } from "./types";

type CoverageSectionProps = Pick<DashboardData, "query" | "coverage"> & { tileUrl: string; attribution: string };

/** The hubs on a map with the walking radius around each, and as a table. */
export function CoverageSection({ query, coverage, tileUrl, attribution }: CoverageSectionProps) {
  const t = useT();
  return (
    <section aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t("metrics.coverage.title")}</h2>
      <p>{t("metrics.coverage.intro")}</p>
      <Form method="get" className="filter-form">
        {[...new URLSearchParams(query.search)].map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <div className="field">
          <label htmlFor="f-radius">{t("metrics.coverage.radius")}</label>
          <p className="hint" id="f-radius-hint">
            {t("metrics.coverage.radiusHint")}
          </p>
          <input id="f-radius" name="radius" type="number" min={100} max={3000} step={50} defaultValue={query.radius} aria-describedby="f-radius-hint" />
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("metrics.coverage.update")}
          </button>
        </div>
      </Form>
      <div className="coverage">
        <CoveragePanel
          tileUrl={tileUrl}
          attribution={attribution}
          radiusMetres={query.radius}
          hubs={coverage}
          label={t("metrics.coverage.mapLabel")}
        />
        <ScrollRegion className="coverage-list" label={t("metrics.coverage.list", { count: coverage.length })}>
          <table className="data-table">
            <caption>{t("metrics.coverage.list", { count: coverage.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("metrics.hubs.hub")}</th>
                <th scope="col">{t("metrics.coverage.address")}</th>
                <th scope="col">{t("metrics.coverage.position")}</th>
              </tr>
            </thead>
            <tbody>
              {coverage.map((hub) => (
                <tr key={hub.id}>
                  <th scope="row">{hub.name}</th>
                  <td>{hub.address}</td>
                  <td>{formatLatLng(hub)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </div>
    </section>
  );
}
