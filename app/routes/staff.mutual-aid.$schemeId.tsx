import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MutualAidSchemeForm, type FormValues } from "~/components/council-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { mutualAidSchemeSchema } from "~/lib/forms/councils";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orFieldError, orHttpError, parseId } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { councils } from "~/lib/i18n/messages/councils";
import { getLocale } from "~/lib/locale.server";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { getMutualAidScheme, listCouncils, listDistrictOptions, updateMutualAidScheme } from "~/services/councils.server";

export const handle = { messages: [accounts, councils] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  const title = data ? t("councils.scheme.edit.title", { name: data.scheme.name }) : t("councils.staff.title");
  return [{ title: `${title} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const id = parseId(params.schemeId);
  const db = await getDb();
  const [scheme, districts, councilRows] = await Promise.all([orHttpError(getMutualAidScheme(db, id)), listDistrictOptions(db), listCouncils(db)]);
  return json(
    { locale: getLocale(request), scheme, districts, councils: councilRows.map((c) => ({ id: c.id, name: c.name, districtName: c.districtName })) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES, context.clientIp);
  const id = parseId(params.schemeId);
  const submission = await parseSubmission(request, mutualAidSchemeSchema);
  if (!submission.ok) return submission.reply;
  const saved = await orFieldError(updateMutualAidScheme(await getDb(), actor, id, submission.data));
  if (!saved.ok) return reject(submission.values, saved.errors, { status: saved.status });
  return redirectWithFlash(`/staff/mutual-aid/${id}`, { key: "councils.scheme.saved" });
}

export default function MutualAidSchemePage() {
  const { scheme, districts, councils: councilOptions } = useLoaderData<typeof loader>();
  const rejection = useRejection<FormValues>();
  const t = useT();
  const stored: FormValues = {
    name: scheme.name,
    description: scheme.description,
    launchedOn: scheme.launchedOn,
    districtId: String(scheme.districtId),
    councilId: scheme.councilId === null ? "" : String(scheme.councilId),
    ...(scheme.isPublic ? { isPublic: "on" } : {}),
  };
  return (
    <section className="narrow" aria-labelledby="scheme-title">
      <p>
        <Link to="/staff/councils">{t("councils.staff.back")}</Link>
      </p>
      <h1 id="scheme-title">{t("councils.scheme.edit.title", { name: scheme.name })}</h1>
      <MutualAidSchemeForm
        values={rejection.values ?? stored}
        errors={rejection.errors}
        formKey={rejection.formKey}
        districts={districts}
        councils={councilOptions}
        submitLabel={t("councils.save")}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
