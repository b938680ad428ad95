import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DataTable } from "~/components/data-table";
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
        <DataTable
          caption={t("councils.staff.councils")}
          columns={[
            { header: t("councils.field.name"), cell: (c) => <Link to={`/staff/councils/${c.id}`}>{c.name}</Link> },
            { header: t("councils.field.district"), cell: (c) => c.districtName },
            { header: t("councils.field.theme"), cell: (c) => c.theme },
            { header: t("councils.field.establishedOn"), cell: (c) => formatCalendarDate(c.establishedOn, locale) },
            {
              header: t("councils.staff.status"),
              cell: (c) => (
                <>
                  {c.dissolvedOn ? t("councils.status.dissolved", { date: formatCalendarDate(c.dissolvedOn, locale) }) : t("councils.status.active")}
                  {" · "}
                  {c.isPublic ? t("councils.staff.public") : t("councils.staff.private")}
                </>
              ),
            },
            { header: t("councils.staff.meetings"), cell: (c) => c.meetings, number: true },
            { header: t("councils.staff.latestMeeting"), cell: (c) => (c.latestMeetingOn ? formatCalendarDate(c.latestMeetingOn, locale) : "—") },
          ]}
          rows={councils}
          rowKey={(c) => c.id}
          wide
        />
      )}

      <h2>{t("councils.staff.schemes")}</h2>
      <p>
        <Link to="/staff/mutual-aid/new">{t("councils.staff.newScheme")}</Link>
      </p>
      {schemes.length === 0 ? (
        <p>{t("councils.staff.noSchemes")}</p>
      ) : (
        <DataTable
          caption={t("councils.staff.schemes")}
          columns={[
            { header: t("councils.scheme.name"), cell: (s) => <Link to={`/staff/mutual-aid/${s.id}`}>{s.name}</Link> },
            { header: t("councils.field.district"), cell: (s) => s.districtName },
            { header: t("councils.scheme.council"), cell: (s) => (s.councilId && s.councilName ? <Link to={`/staff/councils/${s.councilId}`}>{s.councilName}</Link> : "—") },
            { header: t("councils.scheme.launchedOn"), cell: (s) => formatCalendarDate(s.launchedOn, locale) },
            { header: t("councils.staff.status"), cell: (s) => (s.isPublic ? t("councils.staff.public") : t("councils.staff.private")) },
          ]}
          rows={schemes}
          rowKey={(s) => s.id}
          wide
        />
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
