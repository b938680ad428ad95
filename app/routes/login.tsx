import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField, useClearPasswords } from "~/components/form-field";
import { getOptionalUser, safeRedirectPath, startSession } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { loginSchema } from "~/lib/forms/accounts";
import { formObject, formText } from "~/lib/forms/parse";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { homePathFor } from "~/lib/roles";
import { attemptLogin } from "~/services/login.server";
import { listRoles } from "~/services/permissions.server";
import { accounts } from "~/lib/i18n/messages/accounts";

export const handle = { messages: [accounts] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("login.title")} | ${t("common.appName")}` }];
};

/**
 * An explicit `redirectTo` (a path on this site) wins; without one, or with one that would leave
 * the site, "" (the person's home page: an organiser's is /organise).
 */
function readRedirectTo(value: unknown): string {
  return typeof value === "string" ? safeRedirectPath(value, "") : "";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = readRedirectTo(url.searchParams.get("redirectTo"));
  const user = await getOptionalUser(request);
  if (user) throw redirect(redirectTo || homePathFor(user.roles));
  return json({ locale: getLocale(request), redirectTo });
}

/** The person sees the e-mail address again, never the password. */
const loginValues = (form: FormData) => ({ email: formText(form, "email") });

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, loginSchema, { values: loginValues, input: formObject });
  if (!submission.ok) return submission.reply;
  const { values } = submission;
  const redirectTo = readRedirectTo(submission.form.get("redirectTo"));

  const db = await getDb();
  const result = await attemptLogin(db, { ...submission.data, ip: context.clientIp });
  if (!result.ok && result.reason === "throttled") {
    return reject(values, {}, {
      status: 429,
      formError: "login.throttled",
      formParams: { minutes: Math.ceil(result.retryAfterSeconds / 60) },
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
  if (!result.ok) return reject(values, {}, { formError: "login.invalid" });
  const home = redirectTo || homePathFor(await listRoles(db, result.userId));
  return redirect(home, { headers: { "Set-Cookie": await startSession(result.userId, request) } });
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const { data, errors, values, formError, formParams } = useRejection<ReturnType<typeof loginValues>>();
  const t = useT();
  useClearPasswords(data);
  const hasFieldErrors = Object.keys(errors).length > 0;
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <FormAlert
        message={
          formError
            ? t(formError, formParams)
            : hasFieldErrors
              ? t("form.hasErrors")
              : null
        }
      />
      <p>{t("login.intro")}</p>
      <Form method="post" className="stack-form" noValidate>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <TextField
          name="email"
          type="email"
          label={t("login.email")}
          autoComplete="username"
          required
          defaultValue={values?.email ?? ""}
          error={errors.email}
        />
        <TextField
          name="password"
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("login.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("login.noAccount")} <Link to={redirectTo ? `/signup?${new URLSearchParams({ redirectTo })}` : "/signup"}>{t("login.signupLink")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
