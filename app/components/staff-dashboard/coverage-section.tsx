import { Form } from "@remix-run/react";
import { CoveragePanel } from "~/components/coverage-panel";
import { ScrollRegion } from "~/components/scroll-region";
import { formatDistance, formatLatLng, walkingMinutes, WALKING_METRES_PER_MINUTE } from "~/lib/geo";
import { useT } from "~/lib/i18n";
import { WALK_MINUTES } from "~/lib/metrics/query";
import type { DashboardData } from "./types";

type CoverageSectionProps = Pick<DashboardData, "query" | "coverage"> & { tileUrl: string; attribution: string };

const count = (n: number) => n.toLocaleString("ja-JP");

/**
 * The active hubs with their walking distance on a map, and beside it the same as tables: the
 * districts beyond the chosen walking time (most older residents first) and the hubs.
 */
export function CoverageSection({ query, coverage, tileUrl, attribution }: CoverageSectionProps) {
  const t = useT();
  const { hubs, districts, uncovered } = coverage;
  const minutes = query.walkMinutes;
  const status = (covered: boolean) => t(covered ? "metrics.coverage.inside" : "metrics.coverage.outside");
  return (
    <section aria-labelledby="coverage-title">
      <h2 id="coverage-title">{t("metrics.coverage.title")}</h2>
      <p>{t("metrics.coverage.intro")}</p>
      <Form method="get" className="filter-form">
        {[...new URLSearchParams(query.search)].map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <div className="field">
          <label htmlFor="f-walk">{t("metrics.coverage.walk")}</label>
          <p className="hint" id="f-walk-hint">
            {t("metrics.coverage.walkHint")}
          </p>
          <select id="f-walk" name="walk" defaultValue={minutes} aria-describedby="f-walk-hint">
            {WALK_MINUTES.map((m) => (
              <option key={m} value={m}>
                {t("metrics.coverage.walkOption", { minutes: m, metres: m * WALKING_METRES_PER_MINUTE })}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("metrics.coverage.update")}
          </button>
        </div>
      </Form>
      <p className="coverage-summary">
        <strong>
          {uncovered.districts === 0
            ? t("metrics.coverage.summaryNone", { minutes })
            : t("metrics.coverage.summary", { minutes, districts: count(uncovered.districts), aged: count(uncovered.aged65Plus) })}
        </strong>
      </p>
      {uncovered.withoutPopulation > 0 ? <p className="hint">{t("metrics.coverage.withoutPopulation", { count: uncovered.withoutPopulation })}</p> : null}
      <div className="coverage">
        <CoveragePanel
          tileUrl={tileUrl}
          attribution={attribution}
          radiusMetres={query.radius}
          hubs={hubs}
          districts={districts.map((d) => ({
            id: d.id,
            lat: d.lat,
            lng: d.lng,
            covered: d.covered,
            label: t("metrics.coverage.districtTip", {
              name: d.name,
              aged: d.population ? `${count(d.population.aged65Plus)}人` : t("metrics.coverage.notLoaded"),
              status: status(d.covered),
            }),
          }))}
          label={t("metrics.coverage.mapLabel")}
        />
        <ScrollRegion className="coverage-list" label={t("metrics.coverage.districts", { minutes })}>
          <table className="data-table">
            <caption>{t("metrics.coverage.districts", { minutes })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("metrics.coverage.district")}</th>
                <th scope="col">{t("metrics.coverage.status")}</th>
                <th scope="col" className="num">
                  {t("metrics.coverage.aged65")}
                </th>
                <th scope="col">{t("metrics.coverage.nearest")}</th>
                <th scope="col">{t("metrics.coverage.distance")}</th>
              </tr>
            </thead>
            <tbody>
              {districts.map((d) => (
                <tr key={d.id} className={d.covered ? undefined : "uncovered"}>
                  <th scope="row">{d.name}</th>
                  <td>{status(d.covered)}</td>
                  <td className="num">{d.population ? count(d.population.aged65Plus) : t("metrics.coverage.notLoaded")}</td>
                  <td>{d.nearest ? d.nearest.name : t("metrics.coverage.noActiveHub")}</td>
                  <td>{d.nearest ? t("metrics.coverage.distanceValue", { distance: formatDistance(d.nearest.metres), minutes: walkingMinutes(d.nearest.metres) }) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data-table">
            <caption>{t("metrics.coverage.list", { count: hubs.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("metrics.hubs.hub")}</th>
                <th scope="col">{t("metrics.coverage.address")}</th>
                <th scope="col">{t("metrics.coverage.position")}</th>
              </tr>
            </thead>
            <tbody>
              {hubs.map((hub) => (
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
