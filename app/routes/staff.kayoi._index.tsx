import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollRegion } from "~/components/scroll-region";
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
  return (
    <section aria-labelledby="kayoi-title">
      <p>
        <Link to="/staff">{t("indicators.back")}</Link>
      </p>
      <h1 id="kayoi-title">{t("kayoi.title")}</h1>
      <p>{t("kayoi.intro")}</p>
      <p className="hint">{t("kayoi.rule")}</p>
      <p className="hint">{t("kayoi.peopleNote")}</p>

      <Form method="get" className="filter-form">
        <div className="field">
          <label htmlFor="kayoi-fy">{t("kayoi.fiscalYear")}</label>
          <select id="kayoi-fy" name="fy" defaultValue={fiscalYear}>
            {years.map((y) => (
              <option key={y} value={y}>
                {fiscalYearLabel(y, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t("kayoi.show")}
          </button>
        </div>
      </Form>

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
        <ScrollRegion label={t("kayoi.qualifying")}>
          <table className="data-table wide">
            <caption>{t("kayoi.qualifying")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("kayoi.col.name")}</th>
                <th scope="col">{t("kayoi.col.mainActivity")}</th>
                <th scope="col">{t("kayoi.col.otherActivities")}</th>
                <th scope="col">{t("kayoi.col.operator")}</th>
                <th scope="col">{t("kayoi.col.venue")}</th>
                <th scope="col">{t("kayoi.col.frequency")}</th>
                <th scope="col">{t("kayoi.col.meetingDays")}</th>
                <th scope="col">{t("kayoi.col.average")}</th>
                <th scope="col">{t("kayoi.col.people")}</th>
                <th scope="col">{t("kayoi.col.visits")}</th>
                <th scope="col">{t("kayoi.col.notes")}</th>
                <th scope="col">{t("kayoi.col.settings")}</th>
              </tr>
            </thead>
            <tbody>
              {qualifying.map((p) => (
                <tr key={p.hubId}>
                  <th scope="row">{p.name}</th>
                  <td>{p.mainActivity}</td>
                  <td>{p.otherActivities}</td>
                  <td>{p.operator}</td>
                  <td>{p.venue}</td>
                  <td>{p.frequency}</td>
                  <td className="number">{p.meetingDays}</td>
                  <td className="number">{p.average}</td>
                  <td className="number">{p.people}</td>
                  <td className="number">{p.visits}</td>
                  <td>{p.notes.join(locale === "en" ? "; " : "、")}</td>
                  <td>
                    <Link to={`/staff/kayoi/hubs/${p.hubId}${back}`} aria-label={t("kayoi.editFor", { name: p.name })}>
                      {t("kayoi.edit")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h3 id="kayoi-not-qualifying">{t("kayoi.notQualifying")}</h3>
      {notQualifying.length === 0 ? (
        <p>{t("kayoi.noNotQualifying")}</p>
      ) : (
        <ScrollRegion label={t("kayoi.notQualifying")}>
          <table className="data-table">
            <caption>{t("kayoi.notQualifying")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("kayoi.col.name")}</th>
                <th scope="col">{t("kayoi.col.reason")}</th>
                <th scope="col">{t("kayoi.col.settings")}</th>
              </tr>
            </thead>
            <tbody>
              {notQualifying.map((p) => (
                <tr key={p.hubId}>
                  <th scope="row">{p.name}</th>
                  <td>{p.reason}</td>
                  <td>
                    <Link to={`/staff/kayoi/hubs/${p.hubId}${back}`} aria-label={t("kayoi.editFor", { name: p.name })}>
                      {t("kayoi.edit")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h3 id="kayoi-mapping">{t("kayoi.mapping")}</h3>
      <p className="hint">{t("kayoi.mappingHint")}</p>
      <ScrollRegion label={t("kayoi.mapping")}>
        <table className="data-table">
          <caption>{t("kayoi.mapping")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("kayoi.col.category")}</th>
              <th scope="col">{t("kayoi.col.mainActivity")}</th>
            </tr>
          </thead>
          <tbody>
            {mapping.map((m) => (
              <tr key={m.code}>
                <th scope="row">{m.label}</th>
                <td>{m.activity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
