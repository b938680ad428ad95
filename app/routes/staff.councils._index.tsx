import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollRegion } from "~/components/scroll-region";
import { requireRole } from "~/lib/auth.server";
import { formatCalendarDate } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { councils as councilMessages } from "~/lib/i18n/messages/councils";
import { getLocale } from "~/lib/locale.server";
import { fiscalYearLabel, fiscalYearOf, fiscalYearPeriod } from "~/lib/metrics/periods";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { countCouncils, countMutualAidLaunches, countMutualAidLaunchesUpTo } from "~/services/council-counts.server";
import { listCouncils, listMutualAidSchemes } from "~/services/councils.server";

export const handle = { messages: [councilMessages] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("councils.staff.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const db = await getDb();
  const year = fiscalYearOf(new Date());
  const period = fiscalYearPeriod(year);
  const [councils, schemes, councilCount, launches, launchesUpTo] = await Promise.all([
    listCouncils(db),
    listMutualAidSchemes(db),
    countCouncils(db, period),
    countMutualAidLaunches(db, period),
    countMutualAidLaunchesUpTo(db, period),
  ]);
  return json(
    { locale: getLocale(request), year, figures: { councilCount, launches, launchesUpTo }, councils, schemes },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function StaffCouncilsPage() {
  const { year, figures, councils, schemes } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="councils-title">
      <p>
        <Link to="/staff">{t("nav.staff")}</Link>
      </p>
      <h1 id="councils-title">{t("councils.staff.title")}</h1>
      <p>{t("councils.staff.intro")}</p>
      <h2>{t("councils.staff.figures", { year: fiscalYearLabel(year, locale) })}</h2>
      <dl className="facts">
        <dt>{t("councils.indicator.councils")}</dt>
        <dd>{figures.councilCount}</dd>
        <dt>{t("councils.indicator.mutual_aid_launches")}</dt>
        <dd>{figures.launches}</dd>
        <dt>{t("councils.indicator.mutual_aid_launches_cumulative")}</dt>
        <dd>{figures.launchesUpTo}</dd>
      </dl>

      <h2>{t("councils.staff.councils")}</h2>
      <p>
        <Link to="/staff/councils/new">{t("councils.staff.newCouncil")}</Link>
      </p>
      {councils.length === 0 ? (
        <p>{t("councils.staff.noCouncils")}</p>
      ) : (
        <ScrollRegion label={t("councils.staff.councils")}>
          <table className="data-table wide">
            <caption>{t("councils.staff.councils")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("councils.field.name")}</th>
                <th scope="col">{t("councils.field.district")}</th>
                <th scope="col">{t("councils.field.theme")}</th>
                <th scope="col">{t("councils.field.establishedOn")}</th>
                <th scope="col">{t("councils.staff.status")}</th>
                <th scope="col">{t("councils.staff.meetings")}</th>
                <th scope="col">{t("councils.staff.latestMeeting")}</th>
              </tr>
            </thead>
            <tbody>
              {councils.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/staff/councils/${c.id}`}>{c.name}</Link>
                  </th>
                  <td>{c.districtName}</td>
                  <td>{c.theme}</td>
                  <td>{formatCalendarDate(c.establishedOn, locale)}</td>
                  <td>
                    {c.dissolvedOn ? t("councils.status.dissolved", { date: formatCalendarDate(c.dissolvedOn, locale) }) : t("councils.status.active")}
                    {" · "}
                    {c.isPublic ? t("councils.staff.public") : t("councils.staff.private")}
                  </td>
                  <td className="number">{c.meetings}</td>
                  <td>{c.latestMeetingOn ? formatCalendarDate(c.latestMeetingOn, locale) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      <h2>{t("councils.staff.schemes")}</h2>
      <p>
        <Link to="/staff/mutual-aid/new">{t("councils.staff.newScheme")}</Link>
      </p>
      {schemes.length === 0 ? (
        <p>{t("councils.staff.noSchemes")}</p>
      ) : (
        <ScrollRegion label={t("councils.staff.schemes")}>
          <table className="data-table wide">
            <caption>{t("councils.staff.schemes")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("councils.scheme.name")}</th>
                <th scope="col">{t("councils.field.district")}</th>
                <th scope="col">{t("councils.scheme.council")}</th>
                <th scope="col">{t("councils.scheme.launchedOn")}</th>
                <th scope="col">{t("councils.staff.status")}</th>
              </tr>
            </thead>
            <tbody>
              {schemes.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/staff/mutual-aid/${s.id}`}>{s.name}</Link>
                  </th>
                  <td>{s.districtName}</td>
                  <td>{s.councilId && s.councilName ? <Link to={`/staff/councils/${s.councilId}`}>{s.councilName}</Link> : "—"}</td>
                  <td>{formatCalendarDate(s.launchedOn, locale)}</td>
                  <td>{s.isPublic ? t("councils.staff.public") : t("councils.staff.private")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
