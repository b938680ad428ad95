import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/form-field";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { readForm, statusOf } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatReason } from "~/lib/matching";
import { formatSessionTime } from "~/lib/notification-text";
import { hubEditorRoles } from "~/lib/roles";
import { listUpcomingRoleFill } from "~/services/signups.server";
import { runInviteIntent, suggestVolunteersForSlots } from "~/services/invitations.server";
import { notifications } from "~/lib/i18n/messages/notifications";
import { volunteers } from "~/lib/i18n/messages/volunteers";

export const handle = { messages: [notifications, volunteers] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("organise.upcoming.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const [sessions, suggested] = await Promise.all([listUpcomingRoleFill(db, actor), suggestVolunteersForSlots(db, actor)]);
  return json({
    locale: getLocale(request),
    sessions: sessions.map((s) => ({
      ...s,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      roles: s.roles.map((role) => ({ ...role, suggested: role.missing > 0 ? (suggested.get(`${s.occurrenceId}:${role.id}`) ?? []) : [] })),
    })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request, hubEditorRoles);
  const result = await runInviteIntent(await getDb(), actor, await readForm(request));
  if (!result.ok) return json({ error: result.error }, { status: statusOf(result.code) });
  return redirectWithFlash("/organise/upcoming", { key: "organise.upcoming.flash.invited" });
}

export default function OrganiseUpcomingPage() {
  const { sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="upcoming-title">
      <h1 id="upcoming-title">{t("organise.upcoming.title")}</h1>
      <p>{t("organise.upcoming.intro")}</p>
      <FormAlert message={actionData?.error ? t(actionData.error) : null} />
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
                      {role.suggested.length > 0 ? (
                        <>
                          <p className="hint">{t("organise.upcoming.suggested")}</p>
                          <ul>
                            {role.suggested.map((person) => (
                              <li key={person.userId}>
                                {person.displayName}：{person.reasons.map((reason) => formatReason(t, reason)).join("・")}
                                {person.invited ? (
                                  <span className="badge">{t("organise.upcoming.invited")}</span>
                                ) : (
                                  <Form method="post" className="inline-actions">
                                    <input type="hidden" name="occurrenceId" value={s.occurrenceId} />
                                    <input type="hidden" name="roleId" value={role.id} />
                                    <input type="hidden" name="userId" value={person.userId} />
                                    <button
                                      type="submit"
                                      name="intent"
                                      value="invite"
                                      className="button secondary small"
                                      aria-label={t("organise.upcoming.inviteLabel", { name: person.displayName, role: role.name })}
                                    >
                                      {t("organise.upcoming.invite")}
                                    </button>
                                  </Form>
                                )}
                              </li>
                            ))}
                          </ul>
                        </>
                      ) : null}
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
