import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { personFormValues, SupportPersonForm, type PersonFormValues } from "~/components/support-person-form";
import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import type { FieldErrors } from "~/lib/forms/parse";
import { parsePersonForm } from "~/lib/forms/support-parse";
import { NO_STORE, orFieldError, readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { todayInTokyo } from "~/lib/support";
import { createPerson, listDistricts } from "~/services/support.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { support } from "~/lib/i18n/messages/support";

export const handle = { messages: [accounts, support] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("support.new.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export const headers = () => NO_STORE;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "coordinator");
  return json({ locale: getLocale(request), districts: await listDistricts(await getDb()), today: todayInTokyo() }, { headers: NO_STORE });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const form = await readForm(request);
  const values = personFormValues(form);
  const parsed = parsePersonForm(form);
  type Data = { errors: FieldErrors; values: PersonFormValues };
  if (!parsed.ok) return json<Data>({ errors: parsed.errors, values }, { status: 400, headers: NO_STORE });
  const created = await orFieldError(createPerson(await getDb(), actor, parsed.data, todayInTokyo()));
  if (!created.ok) return json<Data>({ errors: created.errors, values }, { status: created.status, headers: NO_STORE });
  return redirect(`/support/${created.value}`, { headers: NO_STORE });
}

export default function NewSupportedPersonPage() {
  const { districts, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const values: PersonFormValues = actionData?.values ?? {
    caseCode: "",
    pseudonym: "",
    realName: "",
    interests: "",
    constraints: [],
    constraintNote: "",
    districtId: "",
    walkingMetres: "",
    consentGivenOn: today,
    consentPurpose: "",
    consentScope: "",
  };
  return (
    <section className="narrow" aria-labelledby="new-title">
      <h1 id="new-title">{t("support.new.title")}</h1>
      <SupportPersonForm values={values} errors={actionData?.errors ?? {}} districts={districts} submitLabel={t("support.create")} cancelHref="/support" />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
