import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { NO_STORE } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { countMyUnreadSupportNotifications, listMyPersons } from "~/services/support.server";
import { support } from "~/lib/i18n/messages/support";

export const handle = { messages: [support] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("support.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export const headers = () => NO_STORE;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const db = await getDb();
  const [persons, unread] = await Promise.all([listMyPersons(db, actor), countMyUnreadSupportNotifications(db, actor)]);
  return json({ locale: getLocale(request), persons, unread }, { headers: NO_STORE });
}

export default function SupportListPage() {
  const { persons, unread } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="support-title">
      <h1 id="support-title">{t("support.title")}</h1>
      <p>{t("support.intro")}</p>
      <p>
        <Link to="/support/new" className="button">
          {t("support.new")}
        </Link>{" "}
        <Link to="/support/notifications" className="button secondary">
          {unread > 0 ? t("support.notifications.linkUnread", { count: unread }) : t("support.notifications.link")}
        </Link>
      </p>
      {persons.length === 0 ? (
        <p>{t("support.empty")}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("support.list.pseudonym")}</th>
              <th scope="col">{t("support.list.caseCode")}</th>
              <th scope="col">{t("support.list.stage")}</th>
            </tr>
          </thead>
          <tbody>
            {persons.map((person) => (
              <tr key={person.id}>
                <td>
                  <Link to={`/support/${person.id}`}>{person.pseudonym}</Link>
                </td>
                <td>{person.caseCode}</td>
                <td>{t(`support.stage.${person.stage}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
