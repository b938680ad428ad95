import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { emptySchemeValues, MutualAidSchemeForm, type FormValues } from "~/components/council-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { mutualAidSchemeSchema } from "~/lib/forms/councils";
import { idFrom } from "~/lib/forms/parse";
import { parseSubmission, reject } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orFieldError } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { councils } from "~/lib/i18n/messages/councils";
import { getLocale } from "~/lib/locale.server";
import { STAFF_ROLES } from "~/lib/metrics/query";
import { createMutualAidScheme, listCouncils, listDistrictOptions } from "~/services/councils.server";

export const handle = { messages: [accounts, councils] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("councils.scheme.new.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, STAFF_ROLES);
  const db = await getDb();
  const [districts, councilRows] = await Promise.all([listDistrictOptions(db), listCouncils(db)]);
  // Coming from a council's page (?councilId=), the council and its district are chosen already.
  const from = councilRows.find((c) => c.id === idFrom(new URL(request.url).searchParams.get("councilId") ?? undefined));
  return json(
    {
      locale: getLocale(request),
      districts,
      councils: councilRows.map((c) => ({ id: c.id, name: c.name, districtName: c.districtName })),
      preset: from ? { councilId: String(from.id), districtId: String(from.districtId) } : {},
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, STAFF_ROLES, context.clientIp);
  const submission = await parseSubmission(request, mutualAidSchemeSchema);
  if (!submission.ok) return submission.reply;
  const created = await orFieldError(createMutualAidScheme(await getDb(), actor, submission.data));
  if (!created.ok) return reject(submission.values, created.errors, { status: created.status });
  return redirectWithFlash("/staff/councils", { key: "councils.scheme.created" });
}

export default function NewMutualAidSchemePage() {
  const { districts, councils: councilOptions, preset } = useLoaderData<typeof loader>();
  const rejection = useRejection<FormValues>();
  const t = useT();
  return (
    <section className="narrow" aria-labelledby="new-scheme-title">
      <p>
        <Link to="/staff/councils">{t("councils.staff.back")}</Link>
      </p>
      <h1 id="new-scheme-title">{t("councils.scheme.new.title")}</h1>
      <MutualAidSchemeForm
        values={rejection.values ?? { ...emptySchemeValues, ...preset }}
        errors={rejection.errors}
        formKey={rejection.formKey}
        districts={districts}
        councils={councilOptions}
        submitLabel={t("councils.create")}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
