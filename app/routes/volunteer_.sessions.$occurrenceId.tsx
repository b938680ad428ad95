import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { invariantResponse, parseId, readForm, statusOf } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionTime } from "~/lib/notification-text";
import { getSessionForVolunteer } from "~/services/signups.server";
import { runVolunteerIntent } from "~/services/volunteer-intents.server";
import { notifications } from "~/lib/i18n/messages/notifications";
import { volunteers } from "~/lib/i18n/messages/volunteers";

export const handle = { messages: [notifications, volunteers] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${data?.session.activityTitle ?? t("volunteer.title")} | ${t("common.appName")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const occurrenceId = parseId(params.occurrenceId);
  const session = await getSessionForVolunteer(await getDb(), { occurrenceId, userId: user.id });
  invariantResponse(session, 404);
  return json({
    locale: getLocale(request),
    session: { ...session, startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString(), past: session.startsAt <= new Date() },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const occurrenceId = parseId(params.occurrenceId);
  const result = await runVolunteerIntent(await getDb(), user.id, await readForm(request));
  if (!result.ok) return json({ error: result.error }, { status: statusOf(result.code) });
  // Sign-ups for one session come back here; the rest go to the volunteer's page.
  const toList = result.flash === "volunteer.flash.series" || result.flash === "volunteer.flash.seriesBusy" || result.flash === "volunteer.flash.cancelled";
  return redirectWithFlash(toList ? "/volunteer" : `/volunteer/sessions/${occurrenceId}`, { key: result.flash, params: result.params });
}

export default function VolunteerSessionPage() {
  const { session } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const when = formatSessionTime(locale, session.startsAt, session.endsAt);
  const open = session.status === "scheduled" && !session.past;
  return (
    <section aria-labelledby="session-title">
      <h1 id="session-title">{t("volunteer.session.title", { activity: session.activityTitle, when })}</h1>
      <p>{t("volunteer.session.where", { hub: session.hubName })}</p>
      <p>
        <Link to={`/activities/${session.activityId}`}>{session.activityTitle}</Link>
      </p>
      {session.status === "cancelled" ? <p className="notice">{t("volunteer.session.cancelledNotice")}</p> : null}
      <FormAlert message={actionData?.error ? t(actionData.error) : null} />
      <p className="hint">{t("volunteer.session.seriesHint")}</p>
      <ul className="role-list">
        {session.roles.map((role) => (
          <li key={role.id} className="role-card">
            <h2>{role.name}</h2>
            {role.description ? <p>{role.description}</p> : null}
            <p>{role.free > 0 ? t("volunteer.session.free", { free: role.free, slots: role.slots }) : t("volunteer.session.full")}</p>
            {role.mine ? (
              <p>
                <span className="badge">{t("volunteer.session.mine", { status: t(`volunteer.status.${role.mine.status}`) })}</span>
              </p>
            ) : null}
            {open && !role.mine && role.busy ? <p className="hint">{t("volunteer.session.busy")}</p> : null}
            {open && !role.mine ? (
              <Form method="post" className="inline-actions">
                <input type="hidden" name="occurrenceId" value={session.id} />
                <input type="hidden" name="activityId" value={session.activityId} />
                <input type="hidden" name="roleId" value={role.id} />
                {role.busy ? null : (
                  <button type="submit" name="intent" value="signup" className="button">
                    {role.free > 0 ? t("volunteer.signup") : t("volunteer.signupWaitlist")}
                  </button>
                )}
                <button type="submit" name="intent" value="signupSeries" className="button secondary">
                  {t("volunteer.signupSeries")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <p>
        <Link to="/volunteer">{t("volunteer.profile.back")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
