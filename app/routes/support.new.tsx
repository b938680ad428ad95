import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { personFormValues, SupportPersonForm, type PersonFormValues } from "~/components/support-person-form";
import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { personSchema } from "~/lib/forms/support";
import { personInput } from "~/lib/forms/support-parse";
import { useRejection } from "~/lib/forms/use-rejection";
import { NO_STORE, orFieldError } from "~/lib/http.server";
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
  const submission = await parseSubmission(request, personSchema, { values: personFormValues, input: personInput, headers: NO_STORE });
  if (!submission.ok) return submission.reply;
  const created = await orFieldError(createPerson(await getDb(), actor, submission.data, todayInTokyo()));
  if (!created.ok) return reject(submission.values, created.errors, { status: created.status, headers: NO_STORE });
  return redirect(`/support/${created.value}`, { headers: NO_STORE });
}

export default function NewSupportedPersonPage() {
  const { districts, today } = useLoaderData<typeof loader>();
  const rejection = useRejection<PersonFormValues>();
  const t = useT();
  const values: PersonFormValues = rejection.values ?? {
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
      <SupportPersonForm values={values} errors={rejection.errors} districts={districts} submitLabel={t("support.create")} cancelHref="/support" />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
