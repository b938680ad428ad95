import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormAlert, TextField, useClearPasswords } from "~/components/form-field";
import { getOptionalUser, safeRedirectPath, startSession } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { loginSchema } from "~/lib/forms/accounts";
import { formObject, parseWith, type FieldErrors } from "~/lib/forms/parse";
import { readForm } from "~/lib/http.server";
import { getTranslate, type MessageKey, type MessagesHandle, useT } from "~/lib/i18n";
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

/** An explicit `redirectTo` (a path on this site) wins; without one, "" (the person's home page). */
function readRedirectTo(value: unknown): string {
  return typeof value === "string" && value !== "" ? safeRedirectPath(value) : "";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = readRedirectTo(url.searchParams.get("redirectTo"));
  const user = await getOptionalUser(request);
  if (user) throw redirect(redirectTo || homePathFor(user.roles));
  return json({ locale: getLocale(request), redirectTo });
}

type ActionData = {
  errors: FieldErrors;
  formError?: MessageKey;
  retryAfterMinutes?: number;
  values: { email: string };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = formObject(await readForm(request));
  const redirectTo = readRedirectTo(form.redirectTo);
  const values = { email: form.email ?? "" };
  const parsed = parseWith(loginSchema, form);
  if (!parsed.ok) return json<ActionData>({ errors: parsed.errors, values }, { status: 400 });

  const db = await getDb();
  const result = await attemptLogin(db, { ...parsed.data, ip: context.clientIp });
  if (!result.ok && result.reason === "throttled") {
    return json<ActionData>(
      { errors: {}, formError: "login.throttled", retryAfterMinutes: Math.ceil(result.retryAfterSeconds / 60), values },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok) return json<ActionData>({ errors: {}, formError: "login.invalid", values }, { status: 400 });
  const home = redirectTo || homePathFor(await listRoles(db, result.userId));
  return redirect(home, { headers: { "Set-Cookie": await startSession(result.userId, request) } });
}

export default function LoginPage() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  useClearPasswords(actionData);
  const errors = actionData?.errors ?? {};
  const hasFieldErrors = Object.keys(errors).length > 0;
  return (
    <section className="narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <FormAlert
        message={
          actionData?.formError
            ? t(actionData.formError, { minutes: actionData.retryAfterMinutes ?? 10 })
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
          defaultValue={actionData?.values.email ?? ""}
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
