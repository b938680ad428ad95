import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField, useClearPasswords } from "~/components/form-field";
import { getOptionalUser, safeRedirectPath, startSession } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, signupSchema } from "~/lib/forms/accounts";
import { formObject, formText } from "~/lib/forms/parse";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { signUp } from "~/services/login.server";
import { accounts } from "~/lib/i18n/messages/accounts";

export const handle = { messages: [accounts] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("signup.title")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/account");
  if (await getOptionalUser(request)) throw redirect("/account");
  return json({ locale: getLocale(request), redirectTo });
}

/** The person sees what they typed again, never the password. */
const signupValues = (form: FormData) => ({ email: formText(form, "email"), displayName: formText(form, "displayName") });

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, signupSchema, { values: signupValues, input: formObject });
  if (!submission.ok) return submission.reply;
  const { values } = submission;
  const redirectTo = safeRedirectPath(submission.form.get("redirectTo"), "/account");
  const result = await signUp(await getDb(), { ...submission.data, ip: context.clientIp });
  if (!result.ok && result.reason === "throttled") {
    return reject(values, {}, { status: 429, formError: "signup.throttled", headers: { "Retry-After": String(result.retryAfterSeconds) } });
  }
  if (!result.ok) return reject(values, { email: "field.email.unavailable" });
  const welcome = { key: "account.welcome", params: { name: submission.data.displayName } } as const;
  return redirectWithFlash(redirectTo, welcome, { headers: { "Set-Cookie": await startSession(result.userId, request) } });
}

export default function SignupPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const { data, errors, values, formError } = useRejection<ReturnType<typeof signupValues>>();
  const t = useT();
  useClearPasswords(data);
  const alert = formError ? t(formError) : Object.keys(errors).length > 0 ? t("form.hasErrors") : null;
  return (
    <section className="narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <FormAlert message={alert} />
      <p>{t("signup.intro")}</p>
      <Form method="post" className="stack-form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField name="email" type="email" label={t("signup.email")} autoComplete="email" required defaultValue={values?.email} error={errors.email} />
        <TextField
          name="displayName"
          label={t("signup.displayName")}
          autoComplete="nickname"
          required
          maxLength={DISPLAY_NAME_MAX}
          defaultValue={values?.displayName}
          hint={t("signup.displayNameHint")}
          error={errors.displayName}
        />
        <TextField
          name="password"
          type="password"
          label={t("signup.password")}
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          hint={t("signup.passwordHint")}
          error={errors.password}
        />
        <div className="actions">
          <button type="submit" className="button">
            {t("signup.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("signup.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
