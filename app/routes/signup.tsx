import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField, useClearPasswords } from "~/components/form-field";
import { getOptionalUser, safeRedirectPath, startSession } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { DISPLAY_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, signupSchema } from "~/lib/forms/accounts";
import { formObject, parseWith, type FieldErrors } from "~/lib/forms/parse";
import { readForm } from "~/lib/http.server";
import { getTranslate, type MessageKey, type MessagesHandle, useT } from "~/lib/i18n";
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

type ActionData = { errors: FieldErrors; formError?: MessageKey; values: { email: string; displayName: string } };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formObject(await readForm(request));
  const values = { email: form.email ?? "", displayName: form.displayName ?? "" };
  const redirectTo = safeRedirectPath(form.redirectTo, "/account");
  const parsed = parseWith(signupSchema, form);
  if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, values }, { status: 400 });
  const result = await signUp(await getDb(), { ...parsed.data, ip: context.clientIp });
  if (!result.ok && result.reason === "throttled") {
    return json<ActionData>(
      { errors: {}, formError: "signup.throttled", values },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok) return json<ActionData>({ errors: { email: "field.email.unavailable" }, values }, { status: 400 });
  const welcome = { key: "account.welcome", params: { name: parsed.data.displayName } } as const;
  return redirectWithFlash(redirectTo, welcome, { headers: { "Set-Cookie": await startSession(result.userId, request) } });
}

export default function SignupPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  useClearPasswords(actionData);
  const errors = actionData?.errors ?? {};
  const alert = actionData?.formError ? t(actionData.formError) : Object.keys(errors).length > 0 ? t("form.hasErrors") : null;
  return (
    <section className="narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <FormAlert message={alert} />
      <p>{t("signup.intro")}</p>
      <Form method="post" className="stack-form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField name="email" type="email" label={t("signup.email")} autoComplete="email" required defaultValue={actionData?.values.email} error={errors.email} />
        <TextField
          name="displayName"
          label={t("signup.displayName")}
          autoComplete="nickname"
          required
          maxLength={DISPLAY_NAME_MAX}
          defaultValue={actionData?.values.displayName}
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
