import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getTranslate, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { listHubsByIds } from "~/services/hub-editing.server";
import { listEditableHubIds } from "~/services/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = getTranslate(data?.locale ?? "ja");
  return [{ title: `${t("organise.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["organiser", "admin"]);
  const db = await getDb();
  const hubs = await listHubsByIds(db, await listEditableHubIds(db, user.id));
  return json({ locale: getLocale(request), hubs });
}

export default function OrganisePage() {
  const { hubs } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="organise-title">
      <h1 id="organise-title">{t("organise.title")}</h1>
      {hubs.length === 0 ? (
        <p className="empty">{t("organise.none")}</p>
      ) : (
        <>
          <p>{t("organise.intro")}</p>
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
                  </p>
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
