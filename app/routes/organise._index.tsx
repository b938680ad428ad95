import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { describeSchedule } from "~/lib/schedule-words";
import { listOrganiserHubs } from "~/services/organise.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getTranslate(data?.locale ?? "ja");
  return [{ title: `${t("organise.title")} | ${t("common.appName")}` }];
};

/** /organise — the hubs this organiser may edit and their activities. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  return json({ locale: getLocale(request), hubs: await listOrganiserHubs(await getDb(), user.id) });
}

export default function OrganiseHome() {
  const { hubs } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="organise-title">
      <h1 id="organise-title">{t("organise.title")}</h1>
      <p>{t("organise.intro")}</p>
      {hubs.length === 0 ? <p className="empty">{t("organise.noHubs")}</p> : null}
      {hubs.map((hub) => (
        <section key={hub.id} className="organise-hub" aria-labelledby={`hub-${hub.id}`}>
          <h2 id={`hub-${hub.id}`}>{hub.name}</h2>
          <p>
            <Link to={`/organise/hubs/${hub.id}/activities/new`} className="button">
              {t("organise.hub.newActivity")}
            </Link>{" "}
            <Link to={`/hubs/${hub.id}`}>{t("organise.hub.view")}</Link>
          </p>
          <h3>{t("organise.hub.activities")}</h3>
          {hub.activities.length === 0 ? (
            <p>{t("organise.hub.noActivities")}</p>
          ) : (
            <ul className="link-list">
              {hub.activities.map((a) => (
                <li key={a.id}>
                  <Link to={`/organise/activities/${a.id}`}>{a.title}</Link>{" "}
                  <span className="hint">{describeSchedule(a.schedule, t, locale)}</span>
                  {a.status === "ended" ? <strong className="badge">{t("organise.activity.ended")}</strong> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
