import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HubForm } from "~/components/hub-form";
import { requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { emptyHubFormValues, hubFormSchema, hubFormValuesFrom, type HubFormValues } from "~/lib/forms/hubs";
import { parseSubmission } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orHttpError } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import type { loader as rootLoader } from "~/root";
import { createHub, listHubFormOptions } from "~/services/hub-editing.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { admin } from "~/lib/i18n/messages/admin";

export const handle = { messages: [accounts, admin] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("admin.hubs.newTitle")} | ${t("common.appName")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ locale: getLocale(request), options: await listHubFormOptions(await getDb()) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const submission = await parseSubmission(request, hubFormSchema, { values: hubFormValuesFrom });
  if (!submission.ok) return submission.reply;
  const hubId = await orHttpError(createHub(await getDb(), { values: submission.data, actorUserId: admin.id, ip: context.clientIp }));
  return redirectWithFlash(`/organise/hubs/${hubId}`, { key: "organise.saved" });
}

export default function NewHubPage() {
  const { options } = useLoaderData<typeof loader>();
  const { errors, values } = useRejection<HubFormValues>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  return (
    <section aria-labelledby="new-hub-title">
      <h1 id="new-hub-title">{t("admin.hubs.newTitle")}</h1>
      <HubForm
        key={values ? JSON.stringify(values) : "new"}
        options={options}
        values={values ?? emptyHubFormValues}
        errors={errors}
        tileUrl={root?.env.mapTileUrl ?? ""}
        attribution={root?.env.mapTileAttribution ?? ""}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
