import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { CoveragePanel } from "~/components/coverage-panel";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollRegion } from "~/components/scroll-region";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { formatLatLng } from "~/lib/geo";
import { formatCalendarDate } from "~/lib/dates";
import { getTranslate, pickLabel, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { progressPercent } from "~/lib/metrics/format";
import { fiscalYearLabel, fiscalYearOf, monthLabel } from "~/lib/metrics/periods";
import { HUB_PAGE_SIZE, parseDashboardQuery, STAFF_ROLES } from "~/lib/metrics/query";
import { getDashboard } from "~/services/dashboard.server";
import type { loader as rootLoader } from "~/root";
import "~/lib/i18n/messages/metrics";
import "~/lib/i18n/messages/support";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getTranslate(data?.locale ?? "ja");
  return [{ title: `${t("metrics.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const dashboard = await getDashboard(await getDb(), query, getLocale(request));
  return json(dashboard, { headers: { "Cache-Control": "private, no-store" } });
}

function Select({ name, label, value, options }: { name: string; label: string; value?: number; options: { id: number; name: string }[] }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""}>
        <option value="">{t("metrics.filters.any")}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export default function StaffDashboard() {
  const { query, periodText, tableTitle, filtered, rows, trend, hubTable, notRecorded, coverage, options, stageMoves } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  const locale = useLocale();
  const currentYear = fiscalYearOf(new Date());
  const yearChoices = Array.from({ length: currentYear - 2019 + 2 }, (_, i) => 2019 + i).reverse();
  const firstRow = query.page * HUB_PAGE_SIZE + 1;
  const lastRow = query.page * HUB_PAGE_SIZE + hubTable.hubs.length;
  const pageLink = (page: number) => `/staff?${new URLSearchParams([...new URLSearchParams(query.search), ["page", String(page + 1)]])}#hubs-title`;
  return (
    <div className="staff-dashboard">
      <h1>{t("metrics.title")}</h1>
      <p>{t("metrics.intro")}</p>
      <p className="hint">{t("metrics.privacy")}</p>
      <p>
        <Link to="/staff/targets">{t("metrics.targets.title")}</Link>
      </p>

      <section aria-labelledby="filters-title">
        <h2 id="filters-title">{t("metrics.filters.title")}</h2>
        {query.badRange ? (
          <div className="notice" role="alert">
            <p>{t("metrics.filters.badRange")}</p>
          </div>
        ) : null}
        <Form method="get" className="filter-form">
          <div className="field">
            <label htmlFor="f-fy">{t("metrics.filters.fiscalYear")}</label>
            <select id="f-fy" name="fy" defaultValue={query.period.fiscalYear ?? currentYear}>
              {yearChoices.map((y) => (
                <option key={y} value={y}>
                  {fiscalYearLabel(y, locale)}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>{t("metrics.filters.custom")}</legend>
            <div className="field">
              <label htmlFor="f-from">{t("metrics.filters.from")}</label>
              <input id="f-from" name="from" type="date" defaultValue={query.period.fiscalYear === undefined ? query.period.from : ""} />
            </div>
            <div className="field">
              <label htmlFor="f-to">{t("metrics.filters.to")}</label>
              <input id="f-to" name="to" type="date" />
            </div>
          </fieldset>
          <Select name="district" label={t("metrics.filters.district")} value={query.filters.districtId} options={options.districts} />
          <Select name="association" label={t("metrics.filters.association")} value={query.filters.associationId} options={options.associations} />
          <Select
            name="kind"
            label={t("metrics.filters.kind")}
            value={query.filters.kindId}
            options={options.kinds.map((k) => ({ id: k.id, name: pickLabel(locale, k) }))}
          />
          <Select
            name="category"
            label={t("metrics.filters.category")}
            value={query.filters.categoryId}
            options={options.categories.map((c) => ({ id: c.id, name: pickLabel(locale, c) }))}
          />
          <div className="actions">
            <button type="submit" className="button">
              {t("metrics.filters.submit")}
            </button>
          </div>
        </Form>
      </section>

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

      {stageMoves ? (
        <section aria-labelledby="stage-moves-title">
          <h2 id="stage-moves-title">{t("metrics.stageMoves.title")}</h2>
          <table className="data-table">
            <caption>{t("metrics.stageMoves.caption", { period: periodText })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("metrics.stageMoves.stage")}</th>
                <th scope="col">{t("metrics.stageMoves.count")}</th>
              </tr>
            </thead>
            <tbody>
              {stageMoves.stages.map((row) => (
                <tr key={row.stage}>
                  <th scope="row">{t(`support.stage.${row.stage}`)}</th>
                  <td className="number">{row.figure.text}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("metrics.stageMoves.total")}</th>
                <td className="number">{stageMoves.total.text}</td>
              </tr>
            </tfoot>
          </table>
        </section>
      ) : null}

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
            tileUrl={root?.env.mapTileUrl ?? ""}
            attribution={root?.env.mapTileAttribution ?? ""}
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
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
