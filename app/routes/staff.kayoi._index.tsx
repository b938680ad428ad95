import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DataTable, type Column } from "~/components/data-table";
import { FiscalYearPicker } from "~/components/fiscal-year-picker";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { kayoi } from "~/lib/i18n/messages/kayoi";
import { indicators } from "~/lib/i18n/messages/indicators";
import { getLocale } from "~/lib/locale.server";
import { chooseKayoiYear } from "~/lib/kayoi";
import { fiscalYearLabel } from "~/lib/metrics/periods";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { getKayoiReturn, kayoiYears } from "~/services/kayoi-return.server";
import { kayoiReturnView } from "~/services/kayoi-return-export.server";

export const handle = { messages: [indicators, kayoi] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("kayoi.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES);
  const db = await getDb();
  const locale = getLocale(request);
  const choice = await kayoiYears(db);
  const fiscalYear = chooseKayoiYear(new URL(request.url).searchParams.get("fy"), choice);
  const result = await getKayoiReturn(db, actor, fiscalYear);
  return json(
    { locale, years: choice.years.includes(fiscalYear) ? choice.years : [...choice.years, fiscalYear].sort((a, b) => b - a), ...kayoiReturnView(result, locale) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function KayoiReturnPage() {
  const { years, fiscalYear, interim, qualifying, notQualifying, mapping } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const back = `?fy=${fiscalYear}`;
  const settingsColumn: Column<{ hubId: number; name: string }> = {
    header: t("kayoi.col.settings"),
    cell: (p) => (
      <Link to={`/staff/kayoi/hubs/${p.hubId}${back}`} aria-label={t("kayoi.editFor", { name: p.name })}>
        {t("kayoi.edit")}
      </Link>
    ),
  };
  const qualifyingColumns: Column<(typeof qualifying)[number]>[] = [
    { header: t("kayoi.col.name"), cell: (p) => p.name },
    { header: t("kayoi.col.mainActivity"), cell: (p) => p.mainActivity },
    { header: t("kayoi.col.otherActivities"), cell: (p) => p.otherActivities },
    { header: t("kayoi.col.operator"), cell: (p) => p.operator },
    { header: t("kayoi.col.venue"), cell: (p) => p.venue },
    { header: t("kayoi.col.frequency"), cell: (p) => p.frequency },
    { header: t("kayoi.col.meetingDays"), cell: (p) => p.meetingDays, number: true },
    { header: t("kayoi.col.average"), cell: (p) => p.average, number: true },
    { header: t("kayoi.col.people"), cell: (p) => p.people, number: true },
    { header: t("kayoi.col.visits"), cell: (p) => p.visits, number: true },
    { header: t("kayoi.col.notes"), cell: (p) => p.notes.join(locale === "en" ? "; " : "、") },
    settingsColumn,
  ];
  return (
    <section aria-labelledby="kayoi-title">
      <p>
        <Link to="/staff">{t("indicators.back")}</Link>
      </p>
      <h1 id="kayoi-title">{t("kayoi.title")}</h1>
      <p>{t("kayoi.intro")}</p>
      <p className="hint">{t("kayoi.rule")}</p>
      <p className="hint">{t("kayoi.peopleNote")}</p>

      <FiscalYearPicker id="kayoi-fy" label={t("kayoi.fiscalYear")} submitLabel={t("kayoi.show")} years={years} value={fiscalYear} />

      <h2>{fiscalYearLabel(fiscalYear, locale)}</h2>
      {interim ? <p className="notice">{t("kayoi.interim")}</p> : null}
      <p>
        <a href={`/staff/kayoi.xlsx?fy=${fiscalYear}`} download>
          {t("kayoi.download")}
        </a>
        {" ・ "}
        <a href={`/staff/kayoi.csv?fy=${fiscalYear}`} download>
          {t("kayoi.downloadCsv")}
        </a>
      </p>
      <p className="hint">{t("kayoi.confidential")}</p>

      <h3 id="kayoi-qualifying">{t("kayoi.qualifyingCount", { count: qualifying.length })}</h3>
      {qualifying.length === 0 ? (
        <p>{notQualifying.length === 0 ? t("kayoi.noSessions") : t("kayoi.noQualifying")}</p>
      ) : (
        <DataTable caption={t("kayoi.qualifying")} columns={qualifyingColumns} rows={qualifying} rowKey={(p) => p.hubId} wide />
      )}

      <h3 id="kayoi-not-qualifying">{t("kayoi.notQualifying")}</h3>
      {notQualifying.length === 0 ? (
        <p>{t("kayoi.noNotQualifying")}</p>
      ) : (
        <DataTable
          caption={t("kayoi.notQualifying")}
          columns={[{ header: t("kayoi.col.name"), cell: (p) => p.name }, { header: t("kayoi.col.reason"), cell: (p) => p.reason }, settingsColumn]}
          rows={notQualifying}
          rowKey={(p) => p.hubId}
        />
      )}

      <h3 id="kayoi-mapping">{t("kayoi.mapping")}</h3>
      <p className="hint">{t("kayoi.mappingHint")}</p>
      <DataTable
        caption={t("kayoi.mapping")}
        columns={[
          { header: t("kayoi.col.category"), cell: (m) => m.label },
          { header: t("kayoi.col.mainActivity"), cell: (m) => m.activity },
        ]}
        rows={mapping}
        rowKey={(m) => m.code}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
