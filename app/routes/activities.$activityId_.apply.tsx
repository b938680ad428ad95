import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField } from "~/components/form-field";
import { getOptionalUser } from "~/lib/auth.server";
import { formatSession, tokyoDate } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { DomainError } from "~/lib/domain-errors";
import { getEnv } from "~/lib/env.server";
import { redirectWithFlash } from "~/lib/flash.server";
import {
  accountApplicationSchema,
  APPLICANT_NAME_MAX,
  APPLICANT_NOTE_MAX,
  applicantSchema,
  EMAIL_MAX,
  formatPhone,
  scopeSchema,
} from "~/lib/forms/application";
import { formObject, formText, idFrom } from "~/lib/forms/parse";
import { parseForm, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { invariantResponse, parseId, readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { applications } from "~/lib/i18n/messages/applications";
import { details } from "~/lib/i18n/messages/details";
import { getLocale } from "~/lib/locale.server";
import { getPublicActivity } from "~/services/activities.server";
import { apply, type ApplyInput, listOpenSessions, listOwnApplications } from "~/services/applications.server";

export const handle = { messages: [details, applications, accounts] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("apply.title", { activity: data?.activity.title ?? "" })} | ${t("common.appName")}` }];
};

/** The activity, if it is public and still running. */
async function loadActivity(activityIdParam: string | undefined) {
  const db = await getDb();
  const activity = await getPublicActivity(db, parseId(activityIdParam));
  invariantResponse(activity && activity.status === "active", 404, "activity not found");
  return { db, activity };
}

/** /activities/:id/apply?session=… — a resident applies for a session (or every session of its month). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, activity } = await loadActivity(params.activityId);
  const locale = getLocale(request);
  const user = await getOptionalUser(request);
  const sessions = activity.registrationRequired ? await listOpenSessions(db, activity.id, { limit: 12 }) : [];
  const wanted = idFrom(new URL(request.url).searchParams.get("session") ?? undefined);
  const chosen = sessions.find((s) => s.id === wanted) ?? sessions[0];
  const months = sessions.map((s) => tokyoDate(s.startsAt).slice(0, 7));
  const own = user ? (await listOwnApplications(db, user.id)).filter((a) => sessions.some((s) => s.id === a.occurrenceId)) : [];
  return json({
    locale,
    activity: {
      id: activity.id,
      title: activity.title,
      hubName: activity.hub.name,
      registrationRequired: activity.registrationRequired,
      maxPartySize: activity.maxPartySize,
      applicationPhone: activity.applicationPhone ? formatPhone(activity.applicationPhone) : null,
    },
    account: user ? { displayName: user.displayName } : null,
    own: own.map((a) => ({ occurrenceId: a.occurrenceId, path: a.path })),
    chosenId: chosen?.id ?? null,
    // Whether "every session of the month" means more than one: some month has several open sessions.
    monthly: new Set(months).size < months.length,
    sessions: sessions.map((s) => ({ id: s.id, when: formatSession(s.startsAt, s.endsAt, locale), capacity: s.capacity, free: s.free, queued: s.queued })),
    retentionDays: getEnv().APPLICATION_RETENTION_DAYS,
  });
}

/** What the person typed, shown again after a refusal. */
const applyValues = (form: FormData) => ({
  session: formText(form, "session"),
  scope: formText(form, "scope"),
  name: formText(form, "name"),
  phone: formText(form, "phone"),
  email: formText(form, "email"),
  partySize: formText(form, "partySize"),
  firstTime: form.get("firstTime") === "on",
  note: formText(form, "note"),
});
type ApplyValues = ReturnType<typeof applyValues>;

const choiceSchema = z.object({
  session: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, "apply.error.session")
    .transform(Number),
  scope: scopeSchema,
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, activity } = await loadActivity(params.activityId);
  const user = await getOptionalUser(request);
  const form = await readForm(request);
  const choice = parseForm(form, choiceSchema, { values: applyValues, input: formObject });
  if (!choice.ok) return choice.reply;
  // From an account: its own name and e-mail; otherwise a name and a way to reach them.
  let who: Pick<ApplyInput, "userId" | "details">;
  if (user) {
    const fields = parseForm(form, accountApplicationSchema(activity.maxPartySize), { values: applyValues, input: formObject });
    if (!fields.ok) return fields.reply;
    who = { userId: user.id, details: { ...fields.data, name: user.displayName, phone: null, email: null } };
  } else {
    const fields = parseForm(form, applicantSchema(activity.maxPartySize, { requireContact: true }), { values: applyValues, input: formObject });
    if (!fields.ok) return fields.reply;
    who = { details: fields.data };
  }
  try {
    const applied = await apply(db, { occurrenceId: choice.data.session, scope: choice.data.scope, ...who });
    const waiting = applied.sessions.every((s) => s.status === "waitlisted");
    return redirectWithFlash(`/applications/${applied.token}`, { key: waiting ? "application.flash.waitlisted" : "application.flash.applied" });
  } catch (error) {
    // The rules' refusals come back beside the field (party size) or over the form (closed, already applied).
    if (!(error instanceof DomainError) || !error.key) throw error;
    const values = applyValues(form);
    return error.field ? reject(values, { [error.field]: error.key }, { status: 400 }) : reject(values, {}, { status: 409, formError: error.key });
  }
}

export default function ApplyPage() {
  const { activity, account, own, sessions, chosenId, monthly, retentionDays } = useLoaderData<typeof loader>();
  const { errors, values, formError, rejected } = useRejection<ApplyValues>();
  const t = useT();
  const selected = values?.session ? Number(values.session) : chosenId;
  const ownHere = own.find((a) => a.occurrenceId === selected);
  const alert = formError ? t(formError) : rejected ? t("form.hasErrors") : null;
  const placesText = (s: (typeof sessions)[number]) =>
    s.capacity === null
      ? t("apply.placesUnlimited")
      : s.queued
        ? t("apply.placesQueue")
        : s.free === 0
          ? t("apply.placesFull")
          : t("apply.places", { capacity: s.capacity, free: s.free ?? 0 });
  return (
    <section className="narrow" aria-labelledby="apply-title">
      <p className="breadcrumb">
        <Link to={`/activities/${activity.id}`}>{t("application.backToActivity", { activity: activity.title })}</Link>
      </p>
      <h1 id="apply-title">{t("apply.title", { activity: activity.title })}</h1>
      {activity.applicationPhone ? <p>{t("apply.byPhone", { phone: activity.applicationPhone })}</p> : null}
      {!activity.registrationRequired ? (
        <p className="notice">{t("apply.closed")}</p>
      ) : sessions.length === 0 ? (
        <p className="empty">{t("apply.noSessions")}</p>
      ) : (
        <>
          <FormAlert message={alert} />
          <p>{t("apply.intro")}</p>
          {ownHere ? (
            <p className="notice" role="status">
              {t("apply.already")} <Link to={ownHere.path}>{t("apply.alreadyLink")}</Link>
            </p>
          ) : null}
          <Form method="post" className="stack-form" noValidate>
            <fieldset className="field">
              <legend>{t("apply.session")}</legend>
              {errors.session ? <p className="field-error">{t(errors.session)}</p> : null}
              <ul className="choice-list">
                {sessions.map((s) => (
                  <li key={s.id}>
                    <label className="choice-label">
                      <input type="radio" name="session" value={s.id} defaultChecked={s.id === selected} required />
                      <span>{s.when}</span> <span className="hint">{placesText(s)}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            {monthly ? (
              <fieldset className="field">
                <legend>{t("apply.scope.legend")}</legend>
                <label className="choice-label">
                  <input type="radio" name="scope" value="one" defaultChecked={values?.scope !== "month"} /> {t("apply.scope.one")}
                </label>
                <label className="choice-label">
                  <input type="radio" name="scope" value="month" defaultChecked={values?.scope === "month"} /> {t("apply.scope.month")}
                </label>
              </fieldset>
            ) : (
              <input type="hidden" name="scope" value="one" />
            )}
            {account ? (
              <p>{t("apply.asAccount", { name: account.displayName })}</p>
            ) : (
              <>
                <TextField name="name" label={t("apply.name")} autoComplete="nickname" required maxLength={APPLICANT_NAME_MAX} defaultValue={values?.name} error={errors.name} />
                <p className="hint" id="contact-hint">
                  {t("apply.contactHint")}
                </p>
                <TextField
                  name="phone"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  label={t("apply.phone")}
                  hint={t("apply.phoneHint")}
                  aria-describedby="contact-hint"
                  defaultValue={values?.phone}
                  error={errors.phone}
                />
                <TextField
                  name="email"
                  type="email"
                  autoComplete="email"
                  label={t("apply.email")}
                  maxLength={EMAIL_MAX}
                  aria-describedby="contact-hint"
                  defaultValue={values?.email}
                  error={errors.email}
                />
              </>
            )}
            <TextField
              name="partySize"
              inputMode="numeric"
              label={t("apply.partySize")}
              hint={t("apply.partySizeHint", { max: activity.maxPartySize })}
              defaultValue={values?.partySize ?? "1"}
              error={errors.partySize}
            />
            <div className="field">
              <label className="choice-label">
                <input type="checkbox" name="firstTime" defaultChecked={values?.firstTime} /> {t("apply.firstTime")}
              </label>
            </div>
            <TextField name="note" label={t("apply.note")} hint={t("apply.noteHint")} maxLength={APPLICANT_NOTE_MAX} defaultValue={values?.note} error={errors.note} />
            <p className="hint">{t("apply.privacy", { days: retentionDays })}</p>
            <div className="actions">
              <button type="submit" className="button">
                {t("apply.submit")}
              </button>
            </div>
          </Form>
        </>
      )}
      <p>
        <Link to={`/activities/${activity.id}`}>{t("application.backToActivity", { activity: activity.title })}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
