import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { personFormValues, SupportPersonForm, type PersonFormValues } from "~/components/support-person-form";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { personSchema } from "~/lib/forms/support";
import { personInput } from "~/lib/forms/support-parse";
import { useRejection } from "~/lib/forms/use-rejection";
import { NO_STORE, orFieldError, orHttpError, parseId } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { getPersonRecord, listDistricts, updatePerson } from "~/services/support.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { support } from "~/lib/i18n/messages/support";

export const handle = { messages: [accounts, support] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  // The title stays generic: browser history and tab titles must not carry the pseudonym.
  return [{ title: `${t("support.person.edit")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export const headers = () => NO_STORE;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const personId = parseId(params.personId);
  const db = await getDb();
  const { person } = await orHttpError(getPersonRecord(db, actor, personId));
  const values: PersonFormValues = {
    caseCode: person.caseCode,
    pseudonym: person.pseudonym,
    realName: person.realName ?? "",
    interests: person.interests.join("、"),
    constraints: person.constraints,
    constraintNote: person.constraintNote ?? "",
    districtId: person.districtId === null ? "" : String(person.districtId),
    walkingMetres: person.walkingMetres === null ? "" : String(person.walkingMetres),
    consentGivenOn: person.consentGivenOn,
    consentPurpose: person.consentPurpose ?? "",
    consentScope: person.consentScope ?? "",
  };
  return json({ locale: getLocale(request), personId, values, realNameUnreadable: person.realNameUnreadable, districts: await listDistricts(db) }, { headers: NO_STORE });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, "coordinator", context.clientIp);
  const personId = parseId(params.personId);
  const submission = await parseSubmission(request, personSchema, { values: personFormValues, input: personInput, headers: NO_STORE });
  if (!submission.ok) return submission.reply;
  const saved = await orFieldError(updatePerson(await getDb(), actor, personId, submission.data));
  if (!saved.ok) return reject(submission.values, saved.errors, { status: saved.status, headers: NO_STORE });
  return redirectWithFlash(`/support/${personId}`, { key: "support.saved" }, { headers: NO_STORE });
}

export default function EditSupportedPersonPage() {
  const { personId, values, realNameUnreadable, districts } = useLoaderData<typeof loader>();
  const rejection = useRejection<PersonFormValues>();
  const t = useT();
  return (
    <section className="narrow" aria-labelledby="edit-title">
      <h1 id="edit-title">{t("support.person.edit")}</h1>
      <SupportPersonForm
        values={rejection.values ?? values}
        errors={rejection.errors}
        districts={districts}
        realNameUnreadable={realNameUnreadable}
        submitLabel={t("support.save")}
        cancelHref={`/support/${personId}`}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
