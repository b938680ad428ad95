import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CouncilForm, emptyCouncilValues, type FormValues } from "~/components/council-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { councilSchema } from "~/lib/forms/councils";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orFieldError } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { councils } from "~/lib/i18n/messages/councils";
import { getLocale } from "~/lib/locale.server";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { createCouncil, listDistrictOptions } from "~/services/councils.server";

export const handle = { messages: [accounts, councils] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("councils.new.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  return json({ locale: getLocale(request), districts: await listDistrictOptions(await getDb()) }, { headers: { "Cache-Control": "private, no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES, context.clientIp);
  const submission = await parseSubmission(request, councilSchema);
  if (!submission.ok) return submission.reply;
  const created = await orFieldError(createCouncil(await getDb(), actor, submission.data));
  if (!created.ok) return reject(submission.values, created.errors, { status: created.status });
  return redirectWithFlash(`/staff/councils/${created.value}`, { key: "councils.created" });
}

export default function NewCouncilPage() {
  const { districts } = useLoaderData<typeof loader>();
  const rejection = useRejection<FormValues>();
  const t = useT();
  return (
    <section className="narrow" aria-labelledby="new-council-title">
      <p>
        <Link to="/staff/councils">{t("councils.staff.back")}</Link>
      </p>
      <h1 id="new-council-title">{t("councils.new.title")}</h1>
      <CouncilForm values={rejection.values ?? emptyCouncilValues} errors={rejection.errors} formKey={rejection.formKey} districts={districts} submitLabel={t("councils.create")} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
