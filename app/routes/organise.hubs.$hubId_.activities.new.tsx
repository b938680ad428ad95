import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActivityForm, emptyActivityForm } from "~/components/activity-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor } from "~/lib/auth.server";
import { tokyoDate } from "~/lib/dates";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { activityFormValues, activitySchema, type ActivityFormValues } from "~/lib/forms/activity";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orFieldError, orHttpError, parseId } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { hubEditorRoles } from "~/lib/roles";
import { listCategories } from "~/services/activities.server";
import { createActivity, getHubName } from "~/services/organise.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { organise } from "~/lib/i18n/messages/organise";

export const handle = { messages: [accounts, organise] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("orgActivities.new.title", { hub: data?.hubName ?? "" })} | ${t("common.appName")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const hubId = parseId(params.hubId);
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const hubName = await orHttpError(getHubName(db, actor, hubId));
  return json({ locale: getLocale(request), hubName, categories: await listCategories(db), today: tokyoDate() });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const hubId = parseId(params.hubId);
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  // Out of scope is refused before the form is read (404, like no such hub).
  await orHttpError(getHubName(db, actor, hubId));
  const submission = await parseSubmission(request, activitySchema, { values: activityFormValues });
  if (!submission.ok) return submission.reply;
  const created = await orFieldError(createActivity(db, actor, { hubId, input: submission.data }));
  if (!created.ok) return reject(submission.values, created.errors, { status: created.status });
  return redirectWithFlash(`/organise/activities/${created.value}`, { key: "orgActivities.created" });
}

export default function NewActivity() {
  const { hubName, categories, today } = useLoaderData<typeof loader>();
  const { errors, values } = useRejection<ActivityFormValues>();
  const t = useT();
  return (
    <section aria-labelledby="new-title">
      <p className="breadcrumb">
        <Link to="/organise">{t("orgActivities.back")}</Link>
      </p>
      <h1 id="new-title">{t("orgActivities.new.title", { hub: hubName })}</h1>
      <ActivityForm
        values={values ?? { ...emptyActivityForm, startDate: today }}
        errors={errors}
        categories={categories}
        submitLabel={t("orgActivities.create")}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

