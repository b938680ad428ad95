import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { webcalUrl } from "~/components/calendar-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { readForm, requestOrigin, statusOf } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatReason } from "~/lib/matching";
import { formatSessionTime, notificationText } from "~/lib/notification-text";
import { listPendingInvitations } from "~/services/invitations.server";
import { countUnreadNotifications, listNotifications } from "~/services/notifications.server";
import { hoursContributed, listSignupsOfUser } from "~/services/signups.server";
import { runVolunteerIntent } from "~/services/volunteer-intents.server";
import { getVolunteerProfile, suggestRolesForVolunteer } from "~/services/volunteers.server";
import { details } from "~/lib/i18n/messages/details";
import { notifications } from "~/lib/i18n/messages/notifications";
import { volunteers } from "~/lib/i18n/messages/volunteers";

export const handle = { messages: [details, notifications, volunteers] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("volunteer.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = getLocale(request);
  const db = await getDb();
  const now = new Date();
  const [profile, suggestions, mySignups, notifications, unread, invitations] = await Promise.all([
    getVolunteerProfile(db, user.id),
    suggestRolesForVolunteer(db, user.id, { now, locale }),
    listSignupsOfUser(db, user.id),
    listNotifications(db, { userId: user.id }),
    countUnreadNotifications(db, { userId: user.id }),
    listPendingInvitations(db, user.id),
  ]);
  const upcoming = mySignups.filter((s) => s.endsAt > now && (s.status === "confirmed" || s.status === "waitlisted"));
  const history = mySignups.filter((s) => s.endsAt <= now && s.status !== "cancelled" && s.status !== "waitlisted").reverse();
  return json({
    locale,
    hasCalendar: Boolean(profile?.calendarTokenHash),
    suggestions:
      suggestions.state === "ok"
        ? {
            state: "ok" as const,
            items: suggestions.suggestions.map((s) => ({
              key: s.candidate.key,
              occurrenceId: s.candidate.occurrenceId,
              roleId: s.candidate.roleId,
              roleName: s.candidate.roleName,
              activityTitle: s.candidate.activityTitle,
              hubName: s.candidate.hubName,
              startsAt: s.candidate.startsAt.toISOString(),
              endsAt: s.candidate.endsAt.toISOString(),
              freeSlots: s.candidate.freeSlots,
              slots: s.candidate.slots,
              score: s.score,
              reasons: s.reasons,
            })),
          }
        : { state: suggestions.state },
    upcoming: upcoming.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
    history: history.map((s) => ({ ...s, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
    hours: hoursContributed(mySignups, now),
    notifications: notifications.map((n) => ({ id: n.id, kind: n.kind, payload: n.payload, read: n.readAt !== null, createdAt: n.createdAt.toISOString() })),
    unread,
    invitations: invitations.map((i) => ({ ...i, startsAt: i.startsAt.toISOString(), endsAt: i.endsAt.toISOString() })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = await runVolunteerIntent(await getDb(), user.id, await readForm(request));
  if (!result.ok) return json({ error: result.error, calendarUrl: null }, { status: statusOf(result.code) });
  if (result.calendarToken) {
    const origin = requestOrigin(request, getEnv().PUBLIC_ORIGIN);
    return json({ error: null, calendarUrl: `${origin}/volunteer/calendar/${result.calendarToken}` });
  }
  return redirectWithFlash("/volunteer", { key: result.flash, params: result.params });
}

export default function VolunteerPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const when = (s: { startsAt: string; endsAt: string }) => formatSessionTime(locale, s.startsAt, s.endsAt);
  return (
    <section aria-labelledby="volunteer-title">
      <h1 id="volunteer-title">{t("volunteer.title")}</h1>
      <p>{t("volunteer.intro")}</p>
      <FormAlert message={actionData?.error ? t(actionData.error) : null} />
      <p>
        <Link to="/volunteer/profile">{t("volunteer.profile.link")}</Link>
      </p>

      <section aria-labelledby="notifications-title">
        <h2 id="notifications-title">
          {t("volunteer.notifications.title")}
          {data.unread > 0 ? <span className="badge">{t("volunteer.notifications.unread", { count: data.unread })}</span> : null}
        </h2>
        {data.notifications.length === 0 ? (
          <p>{t("volunteer.notifications.none")}</p>
        ) : (
          <>
            <ul className="notification-list">
              {data.notifications.map((n) => (
                <li key={n.id}>
                  {n.read ? null : <strong>{t("volunteer.notifications.new")}：</strong>}
                  {notificationText(t, locale, n.kind, n.payload)}
                </li>
              ))}
            </ul>
            {data.unread > 0 ? (
              <Form method="post">
                <button type="submit" name="intent" value="markRead" className="button secondary">
                  {t("volunteer.notifications.markRead")}
                </button>
              </Form>
            ) : null}
          </>
        )}
      </section>

      {data.invitations.length > 0 ? (
        <section aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t("volunteer.invitations.title")}</h2>
          <ul className="role-list">
            {data.invitations.map((i) => (
              <li key={i.id} className="role-card">
                <p>{t("volunteer.invitations.item", { actor: i.invitedBy ?? "", activity: i.activityTitle, role: i.roleName, when: when(i), hub: i.hubName })}</p>
                <Form method="post" className="inline-actions">
                  <input type="hidden" name="invitationId" value={i.id} />
                  <button type="submit" name="intent" value="acceptInvitation" className="button">
                    {t("volunteer.invitations.accept")}
                  </button>
                  <button type="submit" name="intent" value="declineInvitation" className="button secondary">
                    {t("volunteer.invitations.decline")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="schedule-title">
        <h2 id="schedule-title">{t("volunteer.schedule.title")}</h2>
        {data.upcoming.length === 0 ? (
          <p>{t("volunteer.schedule.none")}</p>
        ) : (
          <ul className="role-list">
            {data.upcoming.map((s) => (
              <li key={s.id} className="role-card">
                <p className="activity-next">{when(s)}</p>
                <p>
                  <Link to={`/volunteer/sessions/${s.occurrenceId}`}>{s.activityTitle}</Link>・{s.roleName}・{s.hubName}
                </p>
                <p>
                  <span className="badge">{t(`volunteer.status.${s.status}`)}</span>
                  {s.occurrenceStatus === "cancelled" ? <span className="badge badge-cancelled">{t("volunteer.sessionCancelled")}</span> : null}
                </p>
                <Form method="post">
                  <input type="hidden" name="signupId" value={s.id} />
                  <button
                    type="submit"
                    name="intent"
                    value="cancel"
                    className="button secondary"
                    aria-label={t("volunteer.cancelLabel", { activity: s.activityTitle, when: when(s), role: s.roleName })}
                  >
                    {t("volunteer.cancel")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="suggestions-title">
        <h2 id="suggestions-title">{t("volunteer.suggestions.title")}</h2>
        {data.suggestions.state !== "ok" ? (
          <p>
            {t(`volunteer.suggestions.${data.suggestions.state}`)} <Link to="/volunteer/profile">{t("volunteer.profile.link")}</Link>
          </p>
        ) : data.suggestions.items.length === 0 ? (
          <p>{t("volunteer.suggestions.none")}</p>
        ) : (
          <ul className="role-list">
            {data.suggestions.items.map((s) => (
              <li key={s.key} className="role-card">
                <h3>
                  {s.activityTitle}：{s.roleName}
                </h3>
                <p className="activity-next">{when(s)}</p>
                <p>{s.hubName}</p>
                <p>{t("volunteer.session.free", { free: s.freeSlots, slots: s.slots })}</p>
                <p className="hint">{t("volunteer.suggestions.reasons")}</p>
                <ul className="reason-list">
                  {s.reasons.map((reason, i) => (
                    <li key={i}>{formatReason(t, reason)}</li>
                  ))}
                </ul>
                <Form method="post" className="inline-actions">
                  <input type="hidden" name="occurrenceId" value={s.occurrenceId} />
                  <input type="hidden" name="roleId" value={s.roleId} />
                  <button type="submit" name="intent" value="signup" className="button">
                    {t("volunteer.signup")}
                  </button>{" "}
                  <Link to={`/volunteer/sessions/${s.occurrenceId}`}>{t("volunteer.sessionLink")}</Link>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("volunteer.history.title")}</h2>
        <p>{t("volunteer.hours", { hours: data.hours })}</p>
        {data.history.length === 0 ? (
          <p>{t("volunteer.history.none")}</p>
        ) : (
          <ul className="session-list">
            {data.history.map((s) => (
              <li key={s.id} className="session">
                <span className="session-when">{when(s)}</span>
                <span>
                  {s.activityTitle}・{s.roleName}・{s.hubName}
                </span>
                <span>{t(`volunteer.status.${s.status}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t("volunteer.calendar.title")}</h2>
        <p>{t("volunteer.calendar.explain")}</p>
        {actionData?.calendarUrl ? (
          <div className="field">
            <label htmlFor="calendar-url">{t("volunteer.calendar.url")}</label>
            <input id="calendar-url" type="text" readOnly value={actionData.calendarUrl} />
            <a href={webcalUrl(actionData.calendarUrl)}>{t("calendar.subscribe")}</a>
          </div>
        ) : data.hasCalendar ? (
          <p>{t("volunteer.calendar.active")}</p>
        ) : null}
        <Form method="post" className="inline-actions">
          <button type="submit" name="intent" value="calendarCreate" className="button secondary">
            {data.hasCalendar || actionData?.calendarUrl ? t("volunteer.calendar.rotate") : t("volunteer.calendar.create")}
          </button>{" "}
          {data.hasCalendar ? (
            <button type="submit" name="intent" value="calendarRevoke" className="button secondary">
              {t("volunteer.calendar.revoke")}
            </button>
          ) : null}
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
