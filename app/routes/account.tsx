import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField, useClearPasswords } from "~/components/form-field";
import { endSession, requireUser, startSession } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { changePasswordSchema, deleteAccountSchema, PASSWORD_MAX, PASSWORD_MIN } from "~/lib/forms/accounts";
import { formObject } from "~/lib/forms/parse";
import { parseForm, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { changePassword, deleteOwnAccount } from "~/services/login.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { applications } from "~/lib/i18n/messages/applications";
import { formatSession } from "~/lib/dates";
import { listOwnApplications } from "~/services/applications.server";

export const handle = { messages: [accounts, applications] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("account.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = getLocale(request);
  const own = await listOwnApplications(await getDb(), user.id);
  return json({
    locale,
    user: { email: user.email, displayName: user.displayName, roles: user.roles },
    applications: own.map((a) => ({ path: a.path, activityTitle: a.activityTitle, status: a.status, when: formatSession(a.startsAt, a.endsAt, locale), occurrenceId: a.occurrenceId })),
  });
}

/** Both forms hold passwords only: nothing is sent back. */
const nothing = () => ({});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const db = await getDb();
  const intent = form.get("intent");
  if (intent === "password") {
    const submission = parseForm(form, changePasswordSchema, { values: nothing, input: formObject, intent });
    if (!submission.ok) return submission.reply;
    const result = await changePassword(db, { userId: user.id, ...submission.data, ip: context.clientIp });
    if (!result.ok) return reject({}, { currentPassword: "field.currentPassword.wrong" }, { intent });
    // Every session ended with the change; this browser gets a new one.
    return redirectWithFlash("/account", { key: "account.passwordChanged" }, { headers: { "Set-Cookie": await startSession(user.id) } });
  }
  if (intent === "delete") {
    const submission = parseForm(form, deleteAccountSchema, { values: nothing, input: formObject, intent });
    if (!submission.ok) return submission.reply;
    const result = await deleteOwnAccount(db, { userId: user.id, password: submission.data.password, ip: context.clientIp });
    if (!result.ok) return reject({}, { deletePassword: "field.currentPassword.wrong" }, { intent });
    return redirectWithFlash("/login", { key: "account.deleted" }, { headers: { "Set-Cookie": await endSession(request) } });
  }
  throw json({ message: "unknown intent" }, { status: 400 });
}

export default function AccountPage() {
  const { user, applications: own } = useLoaderData<typeof loader>();
  const rejection = useRejection();
  const t = useT();
  useClearPasswords(rejection.data);
  const passwordErrors = rejection.of({ intent: "password" })?.errors ?? {};
  const deleteErrors = rejection.of({ intent: "delete" })?.errors ?? {};
  return (
    <section className="narrow" aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      {rejection.rejected ? <FormAlert message={t("form.hasErrors")} /> : null}

      <h2>{t("account.details")}</h2>
      <dl className="contact">
        <dt>{t("account.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("account.displayName")}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t("account.roles")}</dt>
        <dd>{[t("account.volunteerOnly"), ...user.roles.map((role) => t(`role.${role}`))].join(t("list.separator"))}</dd>
      </dl>

      <h2 id="applications-title">{t("application.mine.title")}</h2>
      {own.length === 0 ? (
        <p className="empty">{t("application.mine.none")}</p>
      ) : (
        <ul className="session-list" aria-labelledby="applications-title">
          {own.map((a) => (
            <li key={a.occurrenceId} className="session">
              <span className="session-when">{a.when}</span>
              <Link to={a.path} className="session-title">
                {a.activityTitle}
              </Link>
              <span className="badge">{a.status === "waitlisted" ? t("participants.waitlisted") : t("application.status.confirmed")}</span>
            </li>
          ))}
        </ul>
      )}

      <h2 id="password-title">{t("account.changePassword")}</h2>
      <Form method="post" className="stack-form" aria-labelledby="password-title" noValidate>
        <input type="hidden" name="intent" value="password" />
        <TextField name="currentPassword" type="password" label={t("account.currentPassword")} autoComplete="current-password" required error={passwordErrors.currentPassword} />
        <TextField
          name="newPassword"
          type="password"
          label={t("account.newPassword")}
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          hint={t("signup.passwordHint")}
          error={passwordErrors.newPassword}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("account.changePasswordSubmit")}
          </button>
        </div>
      </Form>

      <h2 id="delete-title">{t("account.delete")}</h2>
      <p>{t("account.deleteIntro")}</p>
      <Form method="post" className="stack-form" aria-labelledby="delete-title" noValidate>
        <input type="hidden" name="intent" value="delete" />
        <TextField
          name="password"
          id="deletePassword"
          type="password"
          label={t("account.deletePassword")}
          autoComplete="current-password"
          required
          error={deleteErrors.deletePassword ?? deleteErrors.password}
        />
        <div className="field">
          <label className="checkbox-label">
            <input
              type="checkbox"
              name="confirm"
              value="yes"
              aria-invalid={deleteErrors.confirm ? true : undefined}
              aria-describedby={deleteErrors.confirm ? "confirm-error" : undefined}
            />{" "}
            {t("account.deleteConfirm")}
          </label>
          {deleteErrors.confirm ? (
            <p className="field-error" id="confirm-error">
              {t(deleteErrors.confirm)}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit" className="button danger">
            {t("account.deleteSubmit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
