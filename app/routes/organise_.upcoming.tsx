import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionTime } from "~/lib/notification-text";
import { listEditableHubIds } from "~/services/permissions.server";
import { listUpcomingRoleFill } from "~/services/signups.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getTranslate(data?.locale ?? "ja");
  return [{ title: `${t("organise.upcoming.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const hubIds = await listEditableHubIds(db, user.id);
  if (hubIds.length === 0) throw json({ message: "forbidden" }, { status: 403 });
  const sessions = await listUpcomingRoleFill(db, { hubIds });
  return json({
    locale: getLocale(request),
    sessions: sessions.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
  });
}

export default function OrganiseUpcomingPage() {
  const { sessions } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="upcoming-title">
      <h1 id="upcoming-title">{t("organise.upcoming.title")}</h1>
      <p>{t("organise.upcoming.intro")}</p>
      {sessions.length === 0 ? (
        <p>{t("organise.upcoming.none")}</p>
      ) : (
        <ul className="role-list">
          {sessions.map((s) => {
            const when = formatSessionTime(locale, s.startsAt, s.endsAt);
            return (
              <li key={s.occurrenceId} className="role-card">
                <p className="activity-next">
                  <Link to={`/organise/occurrences/${s.occurrenceId}`}>{t("organise.upcoming.roster", { activity: s.activityTitle, when })}</Link>
                </p>
                <p>{s.hubName}</p>
                <ul className="reason-list">
                  {s.roles.map((role) => (
                    <li key={role.id}>
                      {role.missing > 0
                        ? t("organise.upcoming.unfilled", { role: role.name, count: role.missing })
                        : t("organise.upcoming.filled", { role: role.name })}
                    </li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
