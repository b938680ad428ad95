import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { redirectWithFlash } from "~/lib/flash.server";
import { formArray, formObject } from "~/lib/forms/parse";
import { parseForm } from "~/lib/forms/submission.server";
import { useRejection } from "~/lib/forms/use-rejection";
import { reassignSchema } from "~/lib/forms/support";
import { NO_STORE, orHttpError, readForm } from "~/lib/http.server";
import { getTranslate, type MessagesHandle, useT } from "~/lib/i18n";
import { getLocale } from "~/lib/locale.server";
import { listAssignmentsForAdmin, reassignCoordinators } from "~/services/support.server";
import { accounts } from "~/lib/i18n/messages/accounts";
import { support } from "~/lib/i18n/messages/support";

export const handle = { messages: [accounts, support] } satisfies MessagesHandle;

// Admins move supported persons between coordinators (holidays, leaving staff) without seeing
// anything of the record: a number, the stage and the coordinators' names only.

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("support.admin.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export const headers = () => NO_STORE;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ locale: getLocale(request), ...(await listAssignmentsForAdmin(await getDb())) }, { headers: NO_STORE });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, "admin", context.clientIp);
  const form = await readForm(request);
  // One form per person: the refusal is shown beside the person's form it came from.
  const submission = parseForm(form, reassignSchema, {
    values: (f) => ({ ...formObject(f), coordinatorIds: formArray(f, "coordinatorIds") }),
    target: Number(form.get("personId")) || null,
    headers: NO_STORE,
  });
  if (!submission.ok) return submission.reply;
  const { personId, coordinatorIds } = submission.data;
  await orHttpError(reassignCoordinators(await getDb(), actor, personId, coordinatorIds));
  return redirectWithFlash("/admin/support", { key: "support.admin.saved" }, { headers: NO_STORE });
}

export default function AdminSupportPage() {
  const { persons, coordinators } = useLoaderData<typeof loader>();
  const rejection = useRejection();
  const { formKey } = rejection;
  const t = useT();
  return (
    <section aria-labelledby="admin-support-title">
      <h1 id="admin-support-title">{t("support.admin.title")}</h1>
      <p>{t("support.admin.intro")}</p>
      {persons.length === 0 ? <p>{t("support.admin.empty")}</p> : null}
      {persons.map((person) => {
        const error = rejection.of({ target: person.id })?.errors.coordinatorIds;
        return (
          <Form method="post" key={`${person.id}-${formKey}`} className="stack-form">
            <input type="hidden" name="personId" value={person.id} />
            <fieldset className="field checkbox-group" aria-describedby={error ? `coordinators-${person.id}-error` : undefined}>
              <legend>
                {t("support.admin.coordinators", { id: person.id })}（{t("support.admin.stage", { stage: t(`support.stage.${person.stage}`) })}）
              </legend>
              {coordinators.map((coordinator) => (
                <label key={coordinator.id} className="checkbox">
                  <input type="checkbox" name="coordinatorIds" value={coordinator.id} defaultChecked={person.coordinatorIds.includes(coordinator.id)} /> {coordinator.displayName}
                </label>
              ))}
              {error ? (
                <p className="field-error" id={`coordinators-${person.id}-error`}>
                  {t(error)}
                </p>
              ) : null}
            </fieldset>
            <div className="actions">
              <button type="submit" className="button">
                {t("support.admin.save")}
              </button>
            </div>
          </Form>
        );
      })}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
