import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollRegion } from "~/components/scroll-region";
import { isAuditAction } from "~/lib/audit-actions";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { idFrom } from "~/lib/forms/parse";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { AUDIT_PAGE_SIZE, listAuditEventsWithNames } from "~/services/audit.server";
import { admin } from "~/lib/i18n/messages/admin";
import { metrics } from "~/lib/i18n/messages/metrics";
import { councils } from "~/lib/i18n/messages/councils";
import { support } from "~/lib/i18n/messages/support";
import { formatTimestamp } from "~/lib/dates";

export const handle = { messages: [admin, metrics, support, councils] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("admin.audit.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  // An id PostgreSQL cannot hold (or no id) starts from the newest.
  const events = await listAuditEventsWithNames(await getDb(), { before: idFrom(new URL(request.url).searchParams.get("before")) });
  const last = events.at(-1);
  return json({ locale: getLocale(request), events, olderThan: events.length === AUDIT_PAGE_SIZE && last ? last.id : null });
}

export default function AuditPage() {
  const { events, olderThan } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("admin.audit.title")}</h1>
      <p>{t("admin.audit.intro")}</p>
      {events.length === 0 ? (
        <p className="empty">{t("admin.audit.none")}</p>
      ) : (
        <ScrollRegion label={t("admin.audit.table")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.audit.at")}</th>
                <th scope="col">{t("admin.audit.actor")}</th>
                <th scope="col">{t("admin.audit.action")}</th>
                <th scope="col">{t("admin.audit.target")}</th>
                <th scope="col">{t("admin.audit.ip")}</th>
                <th scope="col">{t("admin.audit.details")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>{formatTimestamp(event.at, locale, { seconds: true })}</td>
                  <td>{event.actorUserId ? (event.actorEmail ?? t("admin.audit.deletedUser")) : t("admin.audit.nobody")}</td>
                  <td>{isAuditAction(event.action) ? t(`audit.action.${event.action}`) : event.action}</td>
                  <td>
                    {event.targetType === "user" && event.targetId ? (
                      event.targetEmail ? (
                        <Link to={`/admin/users/${event.targetId}`}>{event.targetEmail}</Link>
                      ) : (
                        t("admin.audit.deletedUser")
                      )
                    ) : event.targetType === "hub" && event.targetId ? (
                      <Link to={`/organise/hubs/${event.targetId}`}>{`#${event.targetId}`}</Link>
                    ) : (
                      event.targetId ?? ""
                    )}
                  </td>
                  <td>{event.ip ?? ""}</td>
                  <td>{event.details ? JSON.stringify(event.details) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {olderThan ? (
        <p>
          <Link to={`?before=${olderThan}`}>{t("admin.audit.older")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
