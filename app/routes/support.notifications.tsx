import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor } from "~/lib/auth.server";
import { formatSessionStart } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { NO_STORE, readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { notificationText } from "~/lib/notification-text";
import { listMySupportNotifications, markMySupportNotificationsRead } from "~/services/support.server";
import { notifications } from "~/lib/i18n/messages/notifications";
import { support } from "~/lib/i18n/messages/support";

export const handle = { messages: [notifications, support] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("support.notifications.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export const headers = () => NO_STORE;

/** The coordinator's own 参加支援 notices; each links to the person's page (assignment checked there). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const { notifications, unread } = await listMySupportNotifications(await getDb(), actor);
  return json(
    {
      locale: getLocale(request),
      unread,
      notifications: notifications.map((n) => ({ id: n.id, kind: n.kind, payload: n.payload, read: n.readAt !== null, createdAt: n.createdAt.toISOString() })),
    },
    { headers: NO_STORE },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const form = await readForm(request);
  if (form.get("intent") !== "markRead") throw json({ message: "unknown intent" }, { status: 400, headers: NO_STORE });
  await markMySupportNotificationsRead(await getDb(), actor);
  return redirectWithFlash("/support/notifications", { key: "support.notifications.marked" }, { headers: NO_STORE });
}

export default function SupportNotificationsPage() {
  const { notifications, unread } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="support-notifications-title">
      <p>
        <Link to="/support">{t("support.backToList")}</Link>
      </p>
      <h1 id="support-notifications-title">{t("support.notifications.title")}</h1>
      <p>{t("support.notifications.intro")}</p>
      {notifications.length === 0 ? (
        <p>{t("support.notifications.none")}</p>
      ) : (
        <ul className="notification-list">
          {notifications.map((n) => (
            <li key={n.id}>
              {n.read ? null : <strong>{t("support.notifications.new")}：</strong>}
              {formatSessionStart(n.createdAt, locale)} {notificationText(t, locale, n.kind, n.payload)}{" "}
              {n.payload.path ? <Link to={n.payload.path}>{t("support.notifications.open")}</Link> : null}
            </li>
          ))}
        </ul>
      )}
      {unread > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="markRead" className="button secondary">
            {t("support.notifications.markRead")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
