import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { describeSchedule } from "~/lib/schedule-words";
import { hubEditorRoles } from "~/lib/roles";
import { listEditableHubs } from "~/services/hub-editing.server";
import { listActivitiesByHub } from "~/services/organise.server";
import { admin } from "~/lib/i18n/messages/admin";
import { organise } from "~/lib/i18n/messages/organise";

export const handle = { messages: [admin, organise] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("organise.title")} | ${t("common.appName")}` }];
};

/** /organise — the hubs this person may edit, each with its activities. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const [hubs, activities] = await Promise.all([listEditableHubs(db, actor), listActivitiesByHub(db, actor)]);
  return json({ locale: getLocale(request), hubs: hubs.map((hub) => ({ ...hub, activities: activities.get(hub.id) ?? [] })) });
}

export default function OrganisePage() {
  const { hubs } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="organise-title">
      <h1 id="organise-title">{t("organise.title")}</h1>
      {hubs.length === 0 ? (
        <p className="empty">{t("organise.none")}</p>
      ) : (
        <>
          <p>{t("organise.intro")}</p>
          <nav aria-label={t("organise.home.tasks")}>
            <ul className="link-list">
              <li>
                <Link to="/organise/upcoming">{t("organise.home.upcoming")}</Link> <span className="hint">{t("organise.home.upcomingHint")}</span>
              </li>
              <li>
                <Link to="/organise/attendance">{t("organise.home.attendance")}</Link> <span className="hint">{t("organise.home.attendanceHint")}</span>
              </li>
            </ul>
          </nav>
          <p className="hint">{t("orgActivities.intro")}</p>
          <ul className="hub-list">
            {hubs.map((hub) => (
              <li key={hub.id} className="hub-card">
                <div className="hub-card-body">
                  <h2>{hub.name}</h2>
                  <p className="hub-kind">
                    {hub.districtName}・{t(`hubForm.status.${hub.status}`)}
                  </p>
                  <p>{hub.address}</p>
                  <p className="actions">
                    <Link className="button small" to={`/organise/hubs/${hub.id}`} aria-label={`${t("organise.edit")}：${hub.name}`}>
                      {t("organise.edit")}
                    </Link>
                    <Link className="button small secondary" to={`/organise/hubs/${hub.id}/activities/new`} aria-label={`${t("orgActivities.hub.newActivity")}：${hub.name}`}>
                      {t("orgActivities.hub.newActivity")}
                    </Link>
                  </p>
                  <h3>{t("orgActivities.hub.activities")}</h3>
                  {hub.activities.length === 0 ? (
                    <p>{t("orgActivities.hub.noActivities")}</p>
                  ) : (
                    <ul className="link-list">
                      {hub.activities.map((a) => (
                        <li key={a.id}>
                          <Link to={`/organise/activities/${a.id}`}>{a.title}</Link>{" "}
                          <span className="hint">{describeSchedule(a.schedule, t, locale)}</span>
                          {a.status === "ended" ? <strong className="badge">{t("orgActivities.activity.ended")}</strong> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
