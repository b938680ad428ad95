import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportPreviewSection } from "~/components/import-preview";
import { requireActor, requireRole } from "~/lib/auth.server";
import { getDb } from "~/lib/db.server";
import { importRefusal, importTooLarge, previewOrConfirm, readImportForm } from "~/lib/import-upload.server";
import { facilityStatuses } from "~/lib/imports";
import { getTranslate, pickLabel, type MessagesHandle, useLocale, useT } from "~/lib/i18n";
import { accounts } from "~/lib/i18n/messages/accounts";
import { imports } from "~/lib/i18n/messages/imports";
import { getLocale } from "~/lib/locale.server";
import { confirmFacilityImport, listFacilityImportKinds, previewFacilityImport, type FacilityImportOptions } from "~/services/facility-import.server";

// accounts: the hub form's schema, whose e-mail message the import never shows, is in its closure.
export const handle = { messages: [accounts, imports] } satisfies MessagesHandle;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = getTranslate(data?.locale ?? "ja", matches);
  return [{ title: `${t("imports.facility.title")} | ${t("common.appName")}` }, { name: "robots", content: "noindex" }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ locale: getLocale(request), ...(await listFacilityImportKinds(await getDb())) }, { headers: { "Cache-Control": "private, no-store" } });
}

const optionsSchema = z.object({
  kindId: z.coerce.number().int().positive().max(2_147_483_647),
  status: z.enum(facilityStatuses),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, "admin", context.clientIp);
  const read = await readImportForm(request);
  if (read.tooLarge) return importTooLarge({ options: { kindId: "", status: "draft" } });
  const form = read.form;
  const typed = { kindId: String(form.get("kindId") ?? ""), status: String(form.get("status") ?? "") };
  const parsedOptions = optionsSchema.safeParse(typed);
  if (!parsedOptions.success) return importRefusal({ options: typed }, { key: "imports.facility.unknownKind" });
  const options: FacilityImportOptions = parsedOptions.data;
  const db = await getDb();
  return previewOrConfirm(form, "/admin/imports/facilities", { options: typed }, {
    preview: (table) => previewFacilityImport(db, actor, { table, options }),
    confirm: (input) => confirmFacilityImport(db, actor, { ...input, options }),
  });
}

export default function FacilityImportPage() {
  const { kinds, defaultKindId } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const kindId = answer?.options.kindId || (defaultKindId === null ? "" : String(defaultKindId));
  const status = answer?.options.status || "draft";
  return (
    <section className="narrow" aria-labelledby="facility-import-title">
      <h1 id="facility-import-title">{t("imports.facility.title")}</h1>
      <p>{t("imports.facility.intro")}</p>
      <p className="hint">{t("imports.facility.samples")}</p>
      <Form method="post" encType="multipart/form-data" className="stack-form" key={answer ? "answered" : "new"}>
        <input type="hidden" name="intent" value="preview" />
        <div className="field">
          <label htmlFor="file">{t("imports.file.label")}</label>
          <p className="hint" id="file-hint">
            {t("imports.file.hint")}
          </p>
          <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="file-hint" required />
        </div>
        <fieldset>
          <legend>{t("imports.facility.newHubs")}</legend>
          <p className="hint">{t("imports.facility.newHubsHint")}</p>
          <div className="field">
            <label htmlFor="kindId">{t("imports.facility.kind")}</label>
            <select id="kindId" name="kindId" defaultValue={kindId}>
              {kinds.map((kind) => (
                <option key={kind.id} value={kind.id}>
                  {pickLabel(locale, kind)}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>{t("imports.facility.status")}</legend>
            {facilityStatuses.map((value) => (
              <label key={value} className="choice-label">
                <input type="radio" name="status" value={value} defaultChecked={status === value} /> {t(`imports.facility.status.${value}`)}
              </label>
            ))}
          </fieldset>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {t("imports.preview.submit")}
          </button>
        </div>
      </Form>
      {answer ? <ImportPreviewSection preview={answer.preview} notice={answer.notice} hidden={{ kindId: answer.options.kindId, status: answer.options.status }} /> : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
