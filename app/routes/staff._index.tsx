import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CoverageSection } from "~/components/staff-dashboard/coverage-section";
import { ExportLinks } from "~/components/staff-dashboard/export-links";
import { FilterForm } from "~/components/staff-dashboard/filter-form";
import { HubTable } from "~/components/staff-dashboard/hub-table";
import { ParticipationSection } from "~/components/staff-dashboard/participation-section";
import { IndicatorTable } from "~/components/staff-dashboard/indicator-table";
import { StageMoveTable } from "~/components/staff-dashboard/stage-move-table";
import { SurveyTable } from "~/components/staff-dashboard/survey-table";
import { TrendSection } from "~/components/staff-dashboard/trend-section";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { parseDashboardQuery, STAFF_ROLES } from "~/lib/metrics/query";
import { getDashboard } from "~/services/dashboard.server";
import type { loader as rootLoader } from "~/root";
import { metrics } from "~/lib/i18n/messages/metrics";
import { support } from "~/lib/i18n/messages/support";
import { indicators } from "~/lib/i18n/messages/indicators";

export const handle = { messages: [metrics, support, indicators] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("metrics.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const dashboard = await getDashboard(await getDb(), query, getLocale(request));
  return json(dashboard, { headers: { "Cache-Control": "private, no-store" } });
}

export default function StaffDashboard() {
  const { query, periodText, tableTitle, filtered, rows, trend, hubTable, notRecorded, coverage, participation, options, stageMoves, surveys } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  return (
    <div className="staff-dashboard">
      <h1>{t("metrics.title")}</h1>
      <p>{t("metrics.intro")}</p>
      <p className="hint">{t("metrics.privacy")}</p>
      <p>
        <Link to="/staff/targets">{t("metrics.targets.title")}</Link>
      </p>
      <p>
        <Link to="/staff/councils">{t("metrics.link.councils")}</Link>
        {" ・ "}
        <Link to="/staff/supporters">{t("indicators.link.supporters")}</Link>
        {" ・ "}
        <Link to="/staff/surveys">{t("indicators.link.surveys")}</Link>
        {" ・ "}
        <Link to="/staff/population">{t("indicators.link.population")}</Link>
        {" ・ "}
        <Link to="/staff/kayoi">{t("metrics.link.kayoi")}</Link>
      </p>
      <FilterForm query={query} options={options} />
      <IndicatorTable tableTitle={tableTitle} periodText={periodText} rows={rows} filtered={filtered} notRecorded={notRecorded} />
      {stageMoves ? <StageMoveTable stageMoves={stageMoves} periodText={periodText} /> : null}
      <SurveyTable surveys={surveys} />
      <TrendSection trend={trend} rows={rows} />
      <HubTable hubTable={hubTable} query={query} periodText={periodText} />
      <ExportLinks query={query} />
      <ParticipationSection participation={participation} periodText={periodText} />
      <CoverageSection query={query} coverage={coverage} tileUrl={root?.env.mapTileUrl ?? ""} attribution={root?.env.mapTileAttribution ?? ""} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
