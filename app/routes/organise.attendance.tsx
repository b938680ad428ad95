import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionStart } from "~/lib/dates";
import { ATTENDANCE_EDIT_DAYS } from "~/lib/forms/metrics";
import { listRecordableSessions } from "~/services/attendance.server";
import { hubEditorRoles } from "~/lib/roles";
import { metrics } from "~/lib/i18n/messages/metrics";

export const handle = { messages: [metrics] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("attendance.list.title")} | ${t("common.appName")}` }];
};

/** An organiser's recent sessions, each with a link to its attendance form. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, hubEditorRoles);
  const sessions = await listRecordableSessions(await getDb(), actor);
  return json({
    locale: getLocale(request),
    sessions: sessions.map((s) => ({ ...s, startsAt: s.startsAt.toISOString() })),
  });
}

export default function AttendanceList() {
  const { sessions } = useLoaderData<typeof loader>();
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
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
