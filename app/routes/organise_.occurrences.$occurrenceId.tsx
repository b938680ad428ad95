import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formText } from "~/lib/forms/parse";
import { GUEST_NAME_MAX, GUEST_NOTE_MAX } from "~/lib/forms/roster";
import { reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orHttpError, parseId, readForm, statusOf } from "~/lib/http.server";
import { hubEditorRoles } from "~/lib/roles";
import { getTranslate, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { formatSessionTime } from "~/lib/notification-text";
import { runRosterIntent } from "~/services/roster-intents.server";
import { getRoster } from "~/services/signups.server";
import { listVisitorsForRoster } from "~/services/support-visits.server";
import { notifications } from "~/lib/i18n/messages/notifications";
import { support } from "~/lib/i18n/messages/support";
import { volunteers } from "~/lib/i18n/messages/volunteers";

export const handle = { messages: [notifications, support, volunteers] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("roster.title", { activity: data?.roster.occurrence.activityTitle ?? "" })} | ${t("common.appName")}` }];
};

/** The roster, if the person edits the session's hub (logged in first: out of scope is 404, like no such session). */
async function loadRoster(request: Request, occurrenceIdParam: string | undefined) {
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const roster = await orHttpError(getRoster(db, actor, parseId(occurrenceIdParam)));
  return { db, actor, roster };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, roster } = await loadRoster(request, params.occurrenceId);
  return json({
    locale: getLocale(request),
    // 参加支援 visitors: that one is expected, the coordinator and 同行あり; never who.
    visitors: await listVisitorsForRoster(db, actor, roster.occurrence.id),
    roster: {
      ...roster,
      occurrence: { ...roster.occurrence, startsAt: roster.occurrence.startsAt.toISOString(), endsAt: roster.occurrence.endsAt.toISOString() },
    },
  });
}

/** The guest form as typed, shown again after any refusal on the page. */
const guestValues = (form: FormData) => ({ roleId: formText(form, "roleId"), guestName: formText(form, "guestName"), guestNote: formText(form, "guestNote") });

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, roster } = await loadRoster(request, params.occurrenceId);
  const form = await readForm(request);
  const result = await runRosterIntent(db, actor, { occurrenceId: roster.occurrence.id, form });
  if (!result.ok) return reject(guestValues(form), {}, { status: statusOf(result.code), formError: result.error });
  return redirectWithFlash(`/organise/occurrences/${roster.occurrence.id}`, { key: `roster.flash.${result.flash}` });
}

export default function RosterPage() {
  const { roster, visitors } = useLoaderData<typeof loader>();
  const { values, formError, formKey } = useRejection<ReturnType<typeof guestValues>>();
  const t = useT();
  const locale = useLocale();
  const when = formatSessionTime(locale, roster.occurrence.startsAt, roster.occurrence.endsAt);
  const nameOf = (p: { displayName: string | null; guestName: string | null }) => p.displayName ?? p.guestName ?? "";
  return (
    <section aria-labelledby="roster-title">
      <h1 id="roster-title">{t("roster.title", { activity: roster.occurrence.activityTitle })}</h1>
      <p>{t("roster.when", { when, hub: roster.occurrence.hubName })}</p>
      <FormAlert message={formError ? t(formError) : null} />
      {roster.roles.map((role) => (
        <section key={role.id} className="roster-role" aria-labelledby={`role-${role.id}`}>
          <h2 id={`role-${role.id}`}>{role.name}</h2>
          <h3>{t("roster.confirmed", { count: role.confirmed.length, slots: role.slots })}</h3>
          {role.confirmed.length === 0 ? <p>{t("roster.none")}</p> : null}
          <ul className="session-list">
            {[...role.confirmed, ...role.waitlisted].map((person, index) => (
              <li key={person.id} className="session">
                {index === role.confirmed.length ? <strong>{t("roster.waitlisted", { count: role.waitlisted.length })}：</strong> : null}
                <span>{nameOf(person)}</span>
                {person.guestName ? <span className="badge">{t("roster.guest")}</span> : null}
                {person.guestNote ? <span className="session-note">{person.guestNote}</span> : null}
                {person.status === "confirmed" || person.status === "waitlisted" ? (
                  <Form method="post">
                    <input type="hidden" name="signupId" value={person.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="remove"
                      className="button secondary small"
                      aria-label={t("roster.removeLabel", { name: nameOf(person), role: role.name })}
                    >
                      {t("roster.remove")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {visitors.length > 0 ? (
        <section className="roster-role" aria-labelledby="visitors-title">
          <h2 id="visitors-title">{t("roster.visitors.title")}</h2>
          <h3>{t("roster.visitors.count", { count: visitors.filter((v) => v.status === "expected").length })}</h3>
          <ul className="session-list">
            {visitors.map((v, index) => (
              <li key={v.id} className="session">
                {v.status === "waitlisted" && visitors[index - 1]?.status !== "waitlisted" ? (
                  <strong>{t("roster.visitors.waitlisted", { count: visitors.filter((w) => w.status === "waitlisted").length })}：</strong>
                ) : null}
                <span>{t("roster.visitors.guest")}</span>
                <span className="session-note">
                  {t(v.accompanied ? "support.booking.noteAccompanied" : "support.booking.note", { coordinator: v.coordinatorName })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="add-guest-title">
        <h2 id="add-guest-title">{t("roster.addGuest.title")}</h2>
        <Form method="post" className="stack-form narrow" key={formKey}>
          <div className="field">
            <label htmlFor="roleId">{t("roster.role")}</label>
            <select id="roleId" name="roleId" defaultValue={values?.roleId}>
              {roster.roles.map((role) => (
                <option key={role.id} value={role.id}>
                  {role.name}
                </option>
              ))}
            </select>
          </div>
          <TextField name="guestName" label={t("roster.guestName")} maxLength={GUEST_NAME_MAX} required defaultValue={values?.guestName ?? ""} />
          <TextField name="guestNote" label={t("roster.guestNote")} maxLength={GUEST_NOTE_MAX} defaultValue={values?.guestNote ?? ""} />
          <div className="actions">
            <button type="submit" name="intent" value="addGuest" className="button">
              {t("roster.add")}
            </button>
          </div>
        </Form>
      </section>
      <p>
        <Link to={`/organise/occurrences/${roster.occurrence.id}/attendance`}>{t("roster.attendanceLink")}</Link> ・{" "}
        <Link to="/organise/upcoming">{t("roster.back")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
