import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FiscalYearPicker } from "~/components/fiscal-year-picker";
import { DataTable } from "~/components/data-table";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionStart } from "~/lib/dates";
import { ATTENDANCE_EDIT_DAYS } from "~/lib/forms/metrics";
import { ageBandCodes } from "~/lib/metrics/indicators";
import { fiscalYearLabel, fiscalYearOf } from "~/lib/metrics/periods";
import { fiscalYearParam } from "~/lib/metrics/query";
import { listAttendanceRecords, listRecordableSessions } from "~/services/attendance.server";
import { hubEditorRoles } from "~/lib/roles";
import { metrics } from "~/lib/i18n/messages/metrics";

export const handle = { messages: [metrics] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("attendance.list.title")} | ${t("common.appName")}` }];
};

/** Fiscal years offered beside the records: this one and the four before it. */
const RECORD_YEARS = 5;

/**
 * An organiser's recent sessions, each with a link to its attendance form, and the 年度's
 * records of their hubs (`?fy=`): the same rows as `/organise/attendance.{xlsx,csv}`.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const fiscalYear = fiscalYearParam(new URL(request.url).searchParams);
  const locale = getLocale(request);
  const [sessions, records] = await Promise.all([listRecordableSessions(db, actor), listAttendanceRecords(db, actor, fiscalYear)]);
  const thisYear = fiscalYearOf(new Date());
  const years = Array.from(new Set([...Array.from({ length: RECORD_YEARS }, (_, i) => thisYear - i), fiscalYear])).sort((a, b) => b - a);
  return json({
    locale,
    sessions: sessions.map((s) => ({ ...s, startsAt: s.startsAt.toISOString() })),
    fiscalYear,
    years,
    records: records.map((r) => ({ ...r, startsAt: r.startsAt.toISOString() })),
  });
}

export default function AttendanceList() {
  const { sessions, fiscalYear, years, records } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section className="narrow" aria-labelledby="attendance-list-title">
      <h1 id="attendance-list-title">{t("attendance.list.title")}</h1>
      <p>{t("attendance.list.intro", { days: ATTENDANCE_EDIT_DAYS })}</p>
      {sessions.length === 0 ? (
        <p>{t("attendance.list.none")}</p>
      ) : (
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id}>
              <Link to={`/organise/occurrences/${s.id}/attendance`}>
                {formatSessionStart(s.startsAt, locale)} {s.title}（{s.hubName}）
              </Link>{" "}
              <span>{s.participants === null ? t("attendance.list.missing") : t("attendance.list.recorded", { count: s.participants })}</span>
            </li>
          ))}
        </ul>
      )}
      <RecordedSessions fiscalYear={fiscalYear} years={years} records={records} />
    </section>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** The 年度's records as a table, with the year to show and the same rows to download. */
function RecordedSessions({ fiscalYear, years, records }: Pick<Data, "fiscalYear" | "years" | "records">) {
  const t = useT();
  const locale = useLocale();
  const title = t("attendance.records.title", { year: fiscalYearLabel(fiscalYear, locale) });
  return (
    <section aria-labelledby="attendance-records-title">
      <h2 id="attendance-records-title">{title}</h2>
      <p className="hint">{t("attendance.records.intro")}</p>
      <FiscalYearPicker id="attendance-records-year" label={t("attendance.records.year")} submitLabel={t("attendance.records.show")} years={years} value={fiscalYear} />
      <p>
        {t("attendance.records.download")}
        <a href={`/organise/attendance.xlsx?fy=${fiscalYear}`} download>
          {t("metrics.export.excel")}
        </a>
        {" ・ "}
        <a href={`/organise/attendance.csv?fy=${fiscalYear}`} download>
          {t("metrics.export.csv")}
        </a>
      </p>
      {records.length === 0 ? (
        <p>{t("attendance.records.none")}</p>
      ) : (
        <DataTable
          caption={title}
          label={t("attendance.records.region")}
          hideCaption
          columns={[
            { header: t("attendance.download.date"), cell: (r) => <Link to={`/organise/occurrences/${r.occurrenceId}/attendance`}>{formatSessionStart(r.startsAt, locale)}</Link> },
            { header: t("attendance.download.hub"), cell: (r) => r.hubName },
            { header: t("attendance.download.activity"), cell: (r) => r.activityTitle },
            { header: t("attendance.download.participants"), cell: (r) => r.participants, number: true },
            { header: t("attendance.download.firstTimers"), cell: (r) => r.firstTimers, number: true },
            { header: t("attendance.download.supported"), cell: (r) => r.supportedParticipants, number: true },
            { header: t("attendance.download.volunteers"), cell: (r) => r.volunteersAttended, number: true },
            ...ageBandCodes.map((code) => ({ header: t(`attendance.ageBand.${code}`), cell: (r: Data["records"][number]) => r.ageBands[code] ?? "—", number: true })),
          ]}
          rows={records}
          rowKey={(r) => r.occurrenceId}
        />
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
