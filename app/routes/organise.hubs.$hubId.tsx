import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HubForm } from "~/components/hub-form";
import { requireActor } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { hubFormSchema, hubFormValuesFrom, hubFormValuesOf, type HubFormValues } from "~/lib/forms/hubs";
import { parseSubmission } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { orHttpError, parseId } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { hubEditorRoles } from "~/lib/roles";
import type { loader as rootLoader } from "~/root";
import { requireEditableHub } from "~/services/permissions.server";
import { getHubForEditing, listHubFormOptions, updateHub } from "~/services/hub-editing.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { admin } from "~/lib/i18n/messages/admin";

export const handle = { messages: [accounts, admin] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${data ? t("organise.editTitle", { name: data.hub.name }) : t("organise.title")} | ${t("common.appName")}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const hubId = parseId(params.hubId);
  const actor = await requireActor(request, hubEditorRoles);
  const db = await getDb();
  const hub = await orHttpError(getHubForEditing(db, actor, hubId));
  return json({
    locale: getLocale(request),
    hub: { id: hub.id, name: hub.name, status: hub.status },
    values: hubFormValuesOf(hub),
    options: await listHubFormOptions(db),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const hubId = parseId(params.hubId);
  const actor = await requireActor(request, hubEditorRoles, context.clientIp);
  const db = await getDb();
  // Out of scope is refused before the form is read (404, like no such hub).
  await orHttpError(requireEditableHub(db, actor, hubId));
  const submission = await parseSubmission(request, hubFormSchema, { values: hubFormValuesFrom });
  // A form for one hub posted to another hub's address is never legitimate (IDOR): refuse it,
  // valid or not.
  const claimed = submission.form.get("hubId");
  if (claimed !== null && claimed !== String(hubId)) throw json({ message: "forbidden" }, { status: 403 });
  if (!submission.ok) return submission.reply;
  await orHttpError(updateHub(db, actor, { hubId, values: submission.data }));
  return redirectWithFlash(`/organise/hubs/${hubId}`, { key: "organise.saved" });
}

export default function EditHubPage() {
  const { hub, values, options } = useLoaderData<typeof loader>();
  const rejection = useRejection<HubFormValues>();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const t = useT();
  return (
    <section aria-labelledby="edit-title">
      <p className="breadcrumb">
        <Link to="/organise">{t("organise.back")}</Link>
      </p>
      <h1 id="edit-title">{t("organise.editTitle", { name: hub.name })}</h1>
      {hub.status === "public" ? (
        <p>
          <Link to={`/hubs/${hub.id}`}>{t("organise.viewPublic")}</Link>
        </p>
      ) : null}
      <HubForm
        // A fresh form after each save or failed submission, showing exactly what is stored or typed.
        key={JSON.stringify(rejection.values ?? values)}
        hubId={hub.id}
        options={options}
        values={rejection.values ?? values}
        errors={rejection.errors}
        tileUrl={root?.env.mapTileUrl ?? ""}
        attribution={root?.env.mapTileAttribution ?? ""}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
